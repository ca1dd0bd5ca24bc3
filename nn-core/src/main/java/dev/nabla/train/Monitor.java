package dev.nabla.train;

import java.util.Map;

/**
 * A logged quantity a callback watches ({@code val_loss}, {@code accuracy}, …) and the best value
 * seen. Quantities whose name contains "loss" or "error" are minimised, others maximised.
 */
final class Monitor {
    private final String owner;
    private final String name;
    private double best;

    Monitor(String owner, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(owner + ": the monitored quantity must be named, e.g. \"val_loss\"");
        }
        this.owner = owner;
        this.name = name;
        reset();
    }

    String name() {
        return name;
    }

    boolean minimises() {
        return name.contains("loss") || name.contains("error");
    }

    /** Forgets the best value (at the start of a run). */
    void reset() {
        best = minimises() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** The watched value in an epoch's logs; fails naming the logs when it is missing. */
    double value(Map<String, Double> logs) {
        Double value = logs.get(name);
        if (value == null) {
            throw new IllegalStateException(owner + ": '" + name + "' is not among the logs " + logs.keySet()
                    + (name.startsWith("val_") ? " (validation metrics need Fit.validation(...))" : ""));
        }
        return value;
    }

    /** True (and remembered as the best) when {@code value} beats the best by more than {@code minDelta}. */
    boolean improves(double value, double minDelta) {
        boolean improved = minimises() ? value < best - minDelta : value > best + minDelta;
        if (improved) {
            best = value;
        }
        return improved;
    }
}

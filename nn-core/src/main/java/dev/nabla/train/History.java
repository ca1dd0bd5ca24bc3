package dev.nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fit} measured, epoch by epoch (as Keras's {@code History.history}): for each name
 * ({@code "loss"}, {@code "accuracy"}, {@code "val_loss"}, …) the list of per-epoch values.
 */
public final class History {
    private final Map<String, List<Double>> epochs = new LinkedHashMap<>();

    /** An empty history; {@code fit} returns a filled one. */
    public History() {
    }

    /** Appends one epoch's logs. */
    public void record(Map<String, Double> logs) {
        logs.forEach((k, v) -> epochs.computeIfAbsent(k, n -> new ArrayList<>()).add(v));
    }

    /** The per-epoch values of one quantity (empty if never recorded). */
    public List<Double> get(String name) {
        return Collections.unmodifiableList(epochs.getOrDefault(name, List.of()));
    }

    /** The last recorded value of {@code name}. */
    public double last(String name) {
        List<Double> values = epochs.get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("History: no values for '" + name + "'; recorded: " + epochs.keySet());
        }
        return values.get(values.size() - 1);
    }

    /** Names of the recorded quantities. */
    public List<String> names() {
        return List.copyOf(epochs.keySet());
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs.values().stream().mapToInt(List::size).max().orElse(0);
    }

    @Override
    public String toString() {
        return "History" + epochs;
    }
}

package dev.nabla.ops;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Argument checks shared by the ops, losses, metrics and optimizers. Each fails with an
 * {@link IllegalArgumentException} whose message names the owner (op, loss, optimizer, …), what
 * was expected and what was given: {@code "Adam: beta_1 must be in [0, 1), got 1.0"}.
 */
public final class Check {
    private Check() {
    }

    /** Fails with {@code message} unless {@code ok}. */
    public static void argument(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Fails unless {@code value} is non-null: {@code "owner: what must not be null"}. */
    public static void notNull(String owner, String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(owner + ": " + what + " must not be null");
        }
    }

    /**
     * Fails unless {@code t} is non-null and of rank {@code rank}; {@code layout} names the axes, e.g.
     * {@code "(N, C, H, W)"}.
     */
    public static void rank(String owner, String what, Tensor t, int rank, String layout) {
        notNull(owner, what, t);
        if (t.rank() != rank) {
            throw new IllegalArgumentException(owner + ": expected " + what + " of rank " + rank + " " + layout
                    + ", got shape " + Shape.format(t.shape()));
        }
    }

    /** Fails unless {@code t} is non-null and of rank {@code rank} or more. */
    public static void minRank(String owner, String what, Tensor t, int rank) {
        notNull(owner, what, t);
        if (t.rank() < rank) {
            throw new IllegalArgumentException(owner + ": expected " + what + " of rank ≥ " + rank
                    + ", got shape " + Shape.format(t.shape()));
        }
    }

    /** A count or size {@code ≥ 1} (window sizes, strides, …). */
    public static void positive(String owner, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(owner + ": " + what + " must be ≥ 1, got " + value);
        }
    }

    /** A finite number {@code > 0} (epsilon, clipping thresholds, decay rates); returns it. */
    public static double positive(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** A finite number {@code >= 0} (weight decay, initial accumulator, learning rates); returns it. */
    public static double nonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A learning rate: a finite number {@code >= 0} (0 freezes the weights, as PyTorch allows); returns it. */
    public static double learningRate(String owner, double value) {
        return nonNegative(owner, "learning_rate", value);
    }

    /** A number in {@code [0, 1)}: betas, rho, momentum; returns it. */
    public static double unitOpen(String owner, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A number in {@code [0, 1]}; returns it. */
    public static double unitClosed(String owner, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1], got " + value);
        }
        return value;
    }
}

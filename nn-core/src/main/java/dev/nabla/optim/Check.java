package dev.nabla.optim;

/** Hyper-parameter checks whose messages name the optimizer (or schedule), the argument and the value. */
final class Check {
    private Check() {
    }

    /** A learning rate: finite and {@code >= 0} (0 freezes the weights, as PyTorch allows). */
    static double learningRate(String owner, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": learning_rate must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1)}: betas, rho, momentum. */
    static double unitOpen(String owner, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1]}. */
    static double unitClosed(String owner, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** A finite value {@code > 0}: epsilon, clipping thresholds. */
    static double positive(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** A finite value {@code >= 0}: weight decay, initial accumulator. */
    static double nonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }
}

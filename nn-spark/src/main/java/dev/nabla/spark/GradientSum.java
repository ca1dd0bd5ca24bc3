package dev.nabla.spark;

import java.io.Serializable;

/**
 * The partial result of one synchronous step, summed over partitions by {@code treeAggregate}:
 * the trainable weights' gradients already weighted by {@code shard size / batch size} (so the sum
 * is the gradient of the batch's mean loss), the non-trainable weights (e.g. batch-norm moving
 * statistics) times the shard size, the loss times the shard size, and timings. An empty sum (no
 * arrays) is the zero of the addition.
 */
final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;
    float[] gradient;
    float[] state;
    double lossSum;
    long examples;
    long computeNanosMax;
    long computeNanosSum;
    int tasks;

    /** Adds {@code other} into this one (either may be empty) and returns this. */
    GradientSum add(GradientSum other) {
        if (other.gradient != null) {
            if (gradient == null) {
                gradient = other.gradient;
                state = other.state;
            } else {
                addInto(gradient, other.gradient);
                addInto(state, other.state);
            }
        }
        lossSum += other.lossSum;
        examples += other.examples;
        computeNanosMax = Math.max(computeNanosMax, other.computeNanosMax);
        computeNanosSum += other.computeNanosSum;
        tasks += other.tasks;
        return this;
    }

    private static void addInto(float[] into, float[] from) {
        if (into.length != from.length) {
            throw new IllegalStateException("GradientSum: partitions returned gradients of " + into.length + " and "
                    + from.length + " values; the executors rebuilt different models");
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }
}

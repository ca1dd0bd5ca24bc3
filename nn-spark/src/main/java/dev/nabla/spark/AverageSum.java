package dev.nabla.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The partial result of one parameter-averaging round, summed over partitions by
 * {@code treeAggregate}: each partition's weights and optimizer slots after its local steps, times
 * the number of examples it trained on, so the sum divided by {@link #examples} is the weighted
 * average. An empty sum (no arrays) is the zero of the addition.
 */
final class AverageSum implements Serializable {
    private static final long serialVersionUID = 1L;
    float[] weights;
    /** Slot arrays of every trainable weight, concatenated in {@link #layout} order. */
    float[] slots;
    /** Per trainable weight: its slot names, e.g. {@code [[momentum, velocity], …]}; all partitions must agree. */
    String[][] layout;
    /** Per trainable weight: Σ examples × update count. */
    double[] steps;
    double iterations;
    double lossSum;
    long examples;
    long localSteps;
    long computeNanosMax;
    long computeNanosSum;
    int tasks;

    AverageSum add(AverageSum other) {
        if (other.weights != null) {
            if (weights == null) {
                weights = other.weights;
                slots = other.slots;
                layout = other.layout;
                steps = other.steps;
            } else {
                if (!Arrays.deepEquals(layout, other.layout) || slots.length != other.slots.length
                        || weights.length != other.weights.length) {
                    throw new IllegalStateException("parameter averaging: partitions returned optimizer states with "
                            + "different slots (" + Arrays.deepToString(layout) + " and "
                            + Arrays.deepToString(other.layout) + ")");
                }
                addInto(weights, other.weights);
                addInto(slots, other.slots);
                for (int i = 0; i < steps.length; i++) {
                    steps[i] += other.steps[i];
                }
            }
        }
        iterations += other.iterations;
        lossSum += other.lossSum;
        examples += other.examples;
        localSteps += other.localSteps;
        computeNanosMax = Math.max(computeNanosMax, other.computeNanosMax);
        computeNanosSum += other.computeNanosSum;
        tasks += other.tasks;
        return this;
    }

    private static void addInto(float[] into, float[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }
}

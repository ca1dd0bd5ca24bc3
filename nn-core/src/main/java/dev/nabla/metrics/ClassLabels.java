package dev.nabla.metrics;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Turns predictions and targets into one true and one predicted class per example, the way Keras's
 * {@code "accuracy"} decides between its three forms. Class scores lie along the last axis.
 * <ul>
 *   <li><b>binary</b> — one output column (predictions {@code (batch)} or {@code (batch, …, 1)}):
 *       predicted class {@code p > threshold}, true class {@code t ≥ 0.5}; targets of the same shape
 *       ({@code (batch)} and {@code (batch, 1)} are interchangeable);</li>
 *   <li><b>categorical</b> — targets of the predictions' shape {@code (…, C)}, {@code C > 1}: both
 *       classes are the index of the largest entry (the first on ties);</li>
 *   <li><b>sparse</b> — targets of the predictions' shape without the class axis (or with it of
 *       size 1) holding class indices as floats.</li>
 * </ul>
 */
final class ClassLabels {
    /** One entry per example (per position, for inputs with several positions per sample). */
    record Pairs(int[] trueClasses, int[] predictedClasses, int numClasses, boolean binary) {
        int size() {
            return trueClasses.length;
        }
    }

    private ClassLabels() {
    }

    /** The classes of every example; {@code threshold} applies to the binary form. */
    static Pairs of(String metric, Tensor predictions, Tensor targets, float threshold) {
        requireTensors(metric, predictions, targets);
        if (isBinary(predictions.shape())) {
            float[] p = predictions.toArray();
            float[] t = targetsOfSameShape(metric, predictions, targets);
            int[] predicted = new int[p.length];
            int[] truth = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                predicted[i] = p[i] > threshold ? 1 : 0;
                truth[i] = t[i] >= 0.5f ? 1 : 0;
            }
            return new Pairs(truth, predicted, 2, true);
        }
        int classes = predictions.size(-1);
        return new Pairs(trueClasses(metric, predictions, targets), argmaxRows(predictions), classes, false);
    }

    static void requireTensors(String metric, Tensor predictions, Tensor targets) {
        if (!(predictions != null && targets != null)) {
            throw new IllegalArgumentException(metric + ": predictions and targets must not be null");
        }
        if (predictions.rank() < 1) {
            throw new IllegalArgumentException(metric + ": predictions need a batch axis, got shape "
                + Shape.format(predictions.shape()));
        }
    }

    /** One output column: predictions {@code (batch)} or with a last axis of size 1. */
    static boolean isBinary(int[] predictionShape) {
        return predictionShape.length == 1 || predictionShape[predictionShape.length - 1] == 1;
    }

    /** Targets of the predictions' shape (a trailing axis of size 1 may be missing on either side), flattened. */
    static float[] targetsOfSameShape(String metric, Tensor predictions, Tensor targets) {
        int[] p = predictions.shape();
        int[] t = targets.shape();
        if (!(Arrays.equals(p, t) || Shape.equalUpToTrailingOne(p, t))) {
            throw new IllegalArgumentException(metric + ": predictions of shape "
                + Shape.format(p) + " and targets of shape " + Shape.format(t)
                + " do not fit; expected targets of shape " + Shape.format(p));
        }
        return targets.toArray();
    }

    /** The true class of each example from one-hot targets or class indices (class axis last). */
    static int[] trueClasses(String metric, Tensor predictions, Tensor targets) {
        int[] p = predictions.shape();
        int[] t = targets.shape();
        int classes = p[p.length - 1];
        if (Arrays.equals(p, t)) {
            return argmaxRows(targets);
        }
        int[] withoutClasses = Arrays.copyOf(p, p.length - 1);
        int[] classesAsOne = p.clone();
        classesAsOne[p.length - 1] = 1;
        if (!(Arrays.equals(t, withoutClasses) || Arrays.equals(t, classesAsOne))) {
            throw new IllegalArgumentException(metric
                + ": predictions of shape " + Shape.format(p) + " and targets of shape " + Shape.format(t)
                + " do not fit; expected one-hot targets "
                + Shape.format(p) + " or class indices " + Shape.format(withoutClasses) + " or " + Shape.format(classesAsOne));
        }
        float[] values = targets.toArray();
        int[] truth = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float c = values[i];
            if (!(c == Math.rint(c) && c >= 0 && c < classes)) {
                throw new IllegalArgumentException(metric + ": target " + c + " at position " + i
                    + " is not a class index in [0, " + classes + ")");
            }
            truth[i] = (int) c;
        }
        return truth;
    }

    /** The index of the largest entry along the last axis (the first on ties), one per row. */
    static int[] argmaxRows(Tensor scores) {
        float[] indices = Ops.argmax(scores, -1, false).toArray();
        int[] out = new int[indices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) indices[i];
        }
        return out;
    }
}

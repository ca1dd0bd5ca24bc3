package dev.nabla.loss;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Shape checks and per-sample reductions shared by the losses. Every failure is an
 * {@link IllegalArgumentException} that names the loss and both shapes.
 */
final class LossShapes {
    private LossShapes() {
    }

    /**
     * The targets in the predictions' shape. Equal shapes pass unchanged; {@code (batch)} against
     * {@code (batch, 1)} (a trailing size-1 axis on either side, as Keras squeezes) is reshaped.
     */
    static Tensor targetsLike(String loss, Tensor predictions, Tensor targets) {
        int[] p = predictions.shape();
        int[] t = targets.shape();
        if (Arrays.equals(p, t)) {
            return targets;
        }
        if (Shape.equalUpToTrailingOne(p, t)) {
            return targets.reshape(p);
        }
        throw new IllegalArgumentException(loss + ": predictions of shape " + Shape.format(p) + " and targets of shape "
                + Shape.format(t) + " do not fit; expected targets of shape " + Shape.format(p));
    }

    /** The non-batch axes {@code 1..rank−1}. */
    static int[] sampleAxes(int rank) {
        int[] axes = new int[rank - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes;
    }

    /** Mean over every axis but the batch axis: shape {@code (batch, …)} → {@code (batch)}. */
    static Tensor meanPerSample(Tensor x) {
        return x.rank() == 1 ? x : Ops.mean(x, sampleAxes(x.rank()), false);
    }

    /** Sum over every axis but the batch axis: shape {@code (batch, …)} → {@code (batch)}. */
    static Tensor sumPerSample(Tensor x) {
        return x.rank() == 1 ? x : Ops.sum(x, sampleAxes(x.rank()), false);
    }

    /** Sample weights as a vector {@code (batch)}; accepts {@code (batch)} and {@code (batch, 1)}. */
    static Tensor sampleWeights(String loss, Tensor weights, Tensor predictions) {
        int batch = predictions.size(0);
        int[] w = weights.shape();
        boolean fits = (w.length == 1 && w[0] == batch) || (w.length == 2 && w[0] == batch && w[1] == 1);
        if (!fits) {
            throw new IllegalArgumentException(loss + ": sample weights of shape " + Shape.format(w) + " do not fit predictions of shape "
                + Shape.format(predictions.shape()) + "; expected one weight per sample, shape [" + batch + "]");
        }
        return w.length == 1 ? weights : weights.reshape(batch);
    }

    /**
     * One-hot targets in the predictions' shape from class indices stored as floats. The indices
     * have the predictions' shape without the class axis, or with that axis of size 1.
     */
    static Tensor oneHot(String loss, Tensor predictions, Tensor indices, int classAxis) {
        int[] p = predictions.shape();
        int[] t = indices.shape();
        int[] without = new int[p.length - 1];
        for (int i = 0, k = 0; i < p.length; i++) {
            if (i != classAxis) {
                without[k++] = p[i];
            }
        }
        int[] keptAsOne = p.clone();
        keptAsOne[classAxis] = 1;
        if (!(Arrays.equals(t, without) || Arrays.equals(t, keptAsOne))) {
            throw new IllegalArgumentException(loss + ": predictions of shape "
                + Shape.format(p) + " and targets of shape " + Shape.format(t) + " do not fit; expected class indices of shape "
                + Shape.format(without) + " or " + Shape.format(keptAsOne));
        }
        int classes = p[classAxis];
        int inner = 1;
        for (int i = classAxis + 1; i < p.length; i++) {
            inner *= p[i];
        }
        float[] index = indices.toArray();
        float[] hot = new float[predictions.numel()];
        for (int i = 0; i < index.length; i++) {
            float c = index[i];
            if (!(c == Math.rint(c) && c >= 0 && c < classes)) {
                throw new IllegalArgumentException(loss + ": target " + c + " at position " + i
                    + " is not a class index in [0, " + classes + ") (predictions of shape " + Shape.format(p) + ")");
            }
            int outer = i / inner;
            int within = i % inner;
            hot[(outer * classes + (int) c) * inner + within] = 1f;
        }
        return Tensor.wrap(hot, p);
    }
}

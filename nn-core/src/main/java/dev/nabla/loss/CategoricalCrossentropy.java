package dev.nabla.loss;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Cross-entropy between one-hot (or soft) targets {@code t} and class scores, as Keras's
 * {@code CategoricalCrossentropy}. With {@code C} classes along the class axis and label smoothing
 * {@code s}, the targets become {@code t' = (1 − s)·t + s/C}; then
 * <pre>
 *     from logits x:          l = − Σ_c t'_c · log_softmax(x)_c
 *     from probabilities p:   q = clip(p / Σ_c p_c, ε, 1 − ε),   l = − Σ_c t'_c · log q_c     (ε = 1e-7)
 * </pre>
 * For inputs with more than one position per sample (e.g. per-pixel classes) {@code l} is averaged
 * over the positions.
 */
final class CategoricalCrossentropy extends PerSampleLoss {
    /** Keras's {@code backend.epsilon()}. */
    static final float EPSILON = 1e-7f;

    private final boolean fromLogits;
    private final float labelSmoothing;
    private final int axis;

    CategoricalCrossentropy(boolean fromLogits, float labelSmoothing, int axis) {
        super("CategoricalCrossentropy", "categorical_crossentropy");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("categorical_crossentropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
        this.axis = axis;
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        int classAxis = classAxis(name(), predictions, axis);
        Tensor t = targets;
        if (!Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException(name() + ": predictions of shape " + Shape.format(predictions.shape())
                    + " and targets of shape " + Shape.format(targets.shape())
                    + " do not fit; expected one-hot targets of the same shape"
                    + " (use sparse_categorical_crossentropy for class indices)");
        }
        if (labelSmoothing > 0) {
            t = t.mul(1f - labelSmoothing).add(labelSmoothing / predictions.size(classAxis));
        }
        return crossEntropy(predictions, t, classAxis, fromLogits);
    }

    /** {@code − Σ_c t_c · log q_c} along {@code classAxis}, averaged over the other non-batch axes. */
    static Tensor crossEntropy(Tensor predictions, Tensor targets, int classAxis, boolean fromLogits) {
        Tensor logProbabilities;
        if (fromLogits) {
            logProbabilities = Ops.logSoftmax(predictions, classAxis);
        } else {
            Tensor normalised = predictions.div(Ops.sum(predictions, new int[] {classAxis}, true));
            logProbabilities = Ops.clamp(normalised, EPSILON, 1f - EPSILON).log();
        }
        Tensor perPosition = Ops.sum(targets.mul(logProbabilities), new int[] {classAxis}, false).neg();
        return LossShapes.meanPerSample(perPosition);
    }

    /** The class axis, normalised; it must exist and must not be the batch axis. */
    static int classAxis(String loss, Tensor predictions, int axis) {
        if (predictions.rank() < 2) {
            throw new IllegalArgumentException(loss + ": predictions need shape (batch, classes, …), got "
                + Shape.format(predictions.shape()));
        }
        int a = axis < 0 ? axis + predictions.rank() : axis;
        if (!(a >= 1 && a < predictions.rank())) {
            throw new IllegalArgumentException(loss + ": class axis " + axis
                + " is the batch axis or outside predictions of shape " + Shape.format(predictions.shape()));
        }
        return a;
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("from_logits", fromLogits);
        config.put("label_smoothing", labelSmoothing);
        config.put("axis", axis);
    }
}

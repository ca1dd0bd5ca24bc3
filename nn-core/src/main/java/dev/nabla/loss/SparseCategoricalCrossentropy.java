package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Cross-entropy with integer class targets, as Keras's {@code SparseCategoricalCrossentropy}: the
 * targets hold the index {@code y} of the true class (stored as a float), shape {@code (batch)} or
 * {@code (batch, 1)} for predictions {@code (batch, C)} — in general the predictions' shape without
 * the class axis, or with it of size 1. Then
 * <pre>
 *     from logits x:          l = − log_softmax(x)_y
 *     from probabilities p:   l = − log clip(p_y / Σ_c p_c, ε, 1 − ε)      (ε = 1e-7)
 * </pre>
 * the same as {@link CategoricalCrossentropy} with one-hot targets.
 */
final class SparseCategoricalCrossentropy extends PerSampleLoss {
    private final boolean fromLogits;
    private final int axis;

    SparseCategoricalCrossentropy(boolean fromLogits, int axis) {
        super("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy");
        this.fromLogits = fromLogits;
        this.axis = axis;
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        int classAxis = CategoricalCrossentropy.classAxis(name(), predictions, axis);
        Tensor oneHot = LossShapes.oneHot(name(), predictions, targets, classAxis);
        return CategoricalCrossentropy.crossEntropy(predictions, oneHot, classAxis, fromLogits);
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("from_logits", fromLogits);
        config.put("axis", axis);
    }
}

package dev.nabla.loss;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Binary cross-entropy, as Keras's {@code BinaryCrossentropy}, elementwise and then averaged over
 * every non-batch axis. Targets {@code t ∈ [0, 1]} have the predictions' shape ({@code (batch)} and
 * {@code (batch, 1)} are interchangeable).
 * <pre>
 *     from logits x:          l = max(x, 0) − x·t + log(1 + e^−|x|)        (= softplus(x) − x·t, stable for any x)
 *     from probabilities p:   q = clip(p, ε, 1 − ε),   l = −[t·log q + (1 − t)·log(1 − q)]     (ε = 1e-7)
 * </pre>
 */
final class BinaryCrossentropy extends PerSampleLoss {
    private final boolean fromLogits;

    BinaryCrossentropy(boolean fromLogits) {
        super("BinaryCrossentropy", "binary_crossentropy");
        this.fromLogits = fromLogits;
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        Tensor t = LossShapes.targetsLike(name(), predictions, targets);
        return LossShapes.meanPerSample(elementwise(predictions, t, fromLogits));
    }

    /** The loss of every element, in the predictions' shape. */
    static Tensor elementwise(Tensor predictions, Tensor targets, boolean fromLogits) {
        if (fromLogits) {
            // softplus(x) = max(x, 0) + log(1 + e^−|x|), computed stably by the op
            return Ops.softplus(predictions).sub(predictions.mul(targets));
        }
        Tensor q = clipProbabilities(predictions);
        Tensor positive = targets.mul(q.log());
        Tensor negative = targets.rsub(1f).mul(q.rsub(1f).log());
        return positive.add(negative).neg();
    }

    /** {@code clip(p, ε, 1 − ε)} with Keras's {@code ε = 1e-7}. */
    static Tensor clipProbabilities(Tensor p) {
        return Ops.clamp(p, CategoricalCrossentropy.EPSILON, 1f - CategoricalCrossentropy.EPSILON);
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("from_logits", fromLogits);
    }
}

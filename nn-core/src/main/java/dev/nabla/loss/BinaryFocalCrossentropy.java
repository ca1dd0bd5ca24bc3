package dev.nabla.loss;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * The α-balanced binary focal loss of Lin et al., "Focal Loss for Dense Object Detection" (2017),
 * as Keras's {@code BinaryFocalCrossentropy(apply_class_balancing=True)}. With predicted
 * probability {@code p} (or {@code p = σ(x)} from a logit {@code x}), target {@code t ∈ {0, 1}},
 * focusing parameter {@code γ ≥ 0} and balance {@code α ∈ [0, 1]}:
 * <pre>
 *     p_t = t·p + (1 − t)·(1 − p)
 *     α_t = t·α + (1 − t)·(1 − α)
 *     FL  = α_t · (1 − p_t)^γ · BCE(p, t)              (BCE = −log p_t for hard targets)
 * </pre>
 * averaged over every non-batch axis. {@code BCE} is {@link BinaryCrossentropy}'s elementwise
 * loss (stable from logits). From probabilities {@code p} is first clipped to {@code [ε, 1 − ε]};
 * {@code 1 − p_t} is kept ≥ ε in the factor so {@code γ < 1} never meets {@code 0^(γ−1)} in the
 * gradient. {@code γ = 0, α = ½} gives half the binary cross-entropy.
 */
final class BinaryFocalCrossentropy extends PerSampleLoss {
    private final float gamma;
    private final float alpha;
    private final boolean fromLogits;

    BinaryFocalCrossentropy(float gamma, float alpha, boolean fromLogits) {
        super("BinaryFocalCrossentropy", "binary_focal_crossentropy");
        if (!(gamma >= 0 && Float.isFinite(gamma))) {
            throw new IllegalArgumentException("binary_focal_crossentropy: gamma must be a finite number ≥ 0, got " + gamma);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("binary_focal_crossentropy: alpha must be in [0, 1], got " + alpha);
        }
        this.gamma = gamma;
        this.alpha = alpha;
        this.fromLogits = fromLogits;
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        Tensor t = LossShapes.targetsLike(name(), predictions, targets);
        Tensor bce = BinaryCrossentropy.elementwise(predictions, t, fromLogits);
        Tensor p = fromLogits ? Ops.sigmoid(predictions) : BinaryCrossentropy.clipProbabilities(predictions);
        Tensor notT = t.rsub(1f);
        Tensor pT = t.mul(p).add(notT.mul(p.rsub(1f)));
        Tensor alphaT = t.mul(alpha).add(notT.mul(1f - alpha));
        Tensor focus = Ops.clamp(pT.rsub(1f), CategoricalCrossentropy.EPSILON, 1f).pow(gamma);
        return LossShapes.meanPerSample(alphaT.mul(focus).mul(bce));
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("gamma", gamma);
        config.put("alpha", alpha);
        config.put("from_logits", fromLogits);
        config.put("apply_class_balancing", true);
    }
}

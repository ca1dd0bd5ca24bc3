package dev.nabla.loss;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * The Huber loss, as Keras's {@code Huber}: quadratic for small errors, linear for large ones.
 * With {@code e = p − t} and threshold {@code δ > 0},
 * <pre>
 *     h(e) = ½·e²               if |e| ≤ δ
 *     h(e) = δ·|e| − ½·δ²       otherwise
 * </pre>
 * and {@code l = mean_i h(e_i)} over every non-batch axis.
 */
final class Huber extends PerSampleLoss {
    private final float delta;

    Huber(float delta) {
        super("Huber", "huber_loss");
        if (!(delta > 0 && Float.isFinite(delta))) {
            throw new IllegalArgumentException("huber_loss: delta must be a positive number, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        Tensor error = predictions.sub(LossShapes.targetsLike(name(), predictions, targets));
        Tensor absolute = error.abs();
        Tensor quadratic = error.square().mul(0.5f);
        Tensor linear = absolute.mul(delta).sub(0.5f * delta * delta);
        Tensor small = Ops.le(absolute, Tensor.scalar(delta));
        return LossShapes.meanPerSample(Ops.where(small, quadratic, linear));
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("delta", delta);
    }
}

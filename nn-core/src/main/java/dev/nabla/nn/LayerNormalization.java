package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Layer normalization (Ba et al., 2016) over the last axis, as Keras's default:
 * {@code y = γ · (x − μ) / √(σ² + ε) + β} with μ, σ² the mean and variance of each sample's
 * last axis; {@code ε = 1e-3}.
 */
public final class LayerNormalization extends Layer {
    private double epsilon = 1e-3;
    private Tensor gamma;
    private Tensor beta;

    public LayerNormalization epsilon(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("LayerNormalization: epsilon must be > 0, got " + value);
        }
        epsilon = value;
        return this;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        outputShape(inputShape);
        int d = inputShape[inputShape.length - 1];
        gamma = addWeight("gamma", new int[] {d}, Initializers.ones(), d, d, true);
        beta = addWeight("beta", new int[] {d}, Initializers.zeros(), d, d, true);
    }

    @Override
    protected Tensor forward(Tensor x) {
        int[] last = {-1};
        Tensor centred = x.sub(Ops.mean(x, last, true));
        Tensor variance = Ops.mean(centred.mul(centred), last, true);
        return centred.div(variance.add((float) epsilon).sqrt()).mul(gamma).add(beta);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length < 1) {
            throw new IllegalArgumentException("LayerNormalization needs inputs (batch, …, features), got a sample "
                    + "shape " + dev.nabla.tensor.Shape.format(inputShape));
        }
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("epsilon", epsilon);
        return c;
    }

    static LayerNormalization fromConfig(Map<String, Object> c) {
        return named(new LayerNormalization().epsilon(((Number) c.getOrDefault("epsilon", 1e-3)).doubleValue()), c);
    }
}

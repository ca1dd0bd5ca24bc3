package dev.nabla.nn;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
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

    /**
     * Normalizes the last axis with {@code ε = 1e-3} (Keras's default); {@code gamma} starts at 1, {@code
     * beta} at 0.
     */
    public LayerNormalization() {
    }

    /** The small constant (&gt; 0) added to the variance before the square root (Keras: 1e-3). */
    public LayerNormalization epsilon(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("LayerNormalization: epsilon must be > 0, got " + value);
        }
        epsilon = value;
        return this;
    }

    @Override
    public LayerNormalization name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public LayerNormalization seed(long value) {
        super.seed(value);
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
        if (!(x.rank() >= 2 && x.size(-1) == gamma.size(0))) {
            throw new IllegalArgumentException("LayerNormalization: expected inputs with "
                + gamma.size(0) + " features on the last axis, got shape " + Shape.format(x.shape()));
        }
        int[] last = {-1};
        Tensor centred = x.sub(Ops.mean(x, last, true));
        Tensor variance = Ops.mean(centred.mul(centred), last, true);
        return centred.div(variance.add((float) epsilon).sqrt()).mul(gamma).add(beta);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length < 1) {
            throw new IllegalArgumentException(describe() + " expects inputs (batch, …, features), got a sample "
                    + "shape " + Shape.format(inputShape) + " (no feature axis)");
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
        return named(new LayerNormalization().epsilon(Config.number(c, "epsilon", 1e-3)), c);
    }
}

package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** {@code x} for {@code x > 0}, else {@code alpha·x}. Keras 3's default slope is 0.3 for this layer. */
public final class LeakyReLU extends Layer {
    private final float alpha;

    /** Slope 0.3 for negative inputs, Keras 3's default for this layer. */
    public LeakyReLU() {
        this(0.3);
    }

    /** Slope {@code alpha} (≥ 0) for negative inputs. */
    public LeakyReLU(double alpha) {
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("LeakyReLU: alpha must be ≥ 0, got " + alpha);
        }
        this.alpha = (float) alpha;
    }

    @Override
    public LeakyReLU name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public LeakyReLU seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Ops.leakyRelu(x, alpha);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("negative_slope", (double) alpha);
        return c;
    }

    static LeakyReLU fromConfig(Map<String, Object> c) {
        return named(new LeakyReLU(Config.number(c, "negative_slope", 0.3)), c);
    }
}

package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Inverted dropout: while training, each value is zeroed with probability {@code rate} and the
 * rest scaled by {@code 1 / (1 − rate)}; at inference the layer passes inputs through. The masks
 * come from the layer's seeded generator.
 */
public final class Dropout extends Layer {
    private final float rate;

    /** Drops each value with probability {@code rate} in [0, 1) while training. */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = (float) rate;
    }

    @Override
    public Dropout name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Dropout seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Ops.dropout(x, rate, isTraining(), random());
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", (double) rate);
        return c;
    }

    static Dropout fromConfig(Map<String, Object> c) {
        return named(new Dropout(Config.number(c, "rate")), c);
    }
}

package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Marks padded time steps of sequences {@code (batch, time, features)}, as Keras's {@code Masking}: a
 * step whose features all equal {@code maskValue} is padding. The output is the input with padded
 * steps set to 0; in a {@link Sequential}, the following {@link MaskConsumer} layers (recurrent
 * layers and their wrappers) skip the padded steps:
 *
 * <pre>
 *   mask[b, t] = 1 if some x[b, t, j] ≠ maskValue, else 0        y[b, t, j] = x[b, t, j] · mask[b, t]
 * </pre>
 */
public final class Masking extends Layer {
    private final float maskValue;

    /** Treats steps whose features all equal {@code maskValue} as padding. */
    public Masking(float maskValue) {
        this.maskValue = maskValue;
    }

    /** Treats all-zero steps as padding (Keras's default). */
    public Masking() {
        this(0f);
    }

    /** The value that marks padding. */
    public float maskValue() {
        return maskValue;
    }

    /** The mask {@code (batch, time)}: 1 for a real step, 0 for padding. */
    public Tensor computeMask(Tensor x) {
        check(x);
        return Recurrent.maskFromValue(x, maskValue);
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor mask = computeMask(x);
        return x.mul(mask.reshape(mask.size(0), mask.size(1), 1));
    }

    private void check(Tensor x) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException(describe() + " expects inputs (batch, time, features), got "
                    + (x == null ? "null" : "shape " + Shape.format(x.shape())));
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireSampleRank(inputShape, 2, "(batch, time, features)");
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mask_value", (double) maskValue);
        return c;
    }

    static Masking fromConfig(Map<String, Object> c) {
        return named(new Masking((float) Config.number(c, "mask_value", 0.0)), c);
    }
}

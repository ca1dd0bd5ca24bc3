package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** {@code e^x_i / Σ_j e^x_j} along {@code axis} (default −1, the last axis, as Keras). */
public final class Softmax extends Layer {
    private final int axis;

    public Softmax() {
        this(-1);
    }

    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Ops.softmax(x, axis);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    static Softmax fromConfig(Map<String, Object> c) {
        return named(new Softmax(((Number) c.getOrDefault("axis", -1)).intValue()), c);
    }
}

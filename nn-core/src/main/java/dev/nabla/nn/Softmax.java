package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** {@code e^x_i / Σ_j e^x_j} along {@code axis} (default −1, the last axis, as Keras). */
public final class Softmax extends Layer {
    private final int axis;

    /** Softmax along the last axis (Keras's default, −1). */
    public Softmax() {
        this(-1);
    }

    /** Softmax along {@code axis}, counted with the batch axis as 0 (negative from the end). */
    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    public Softmax name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Softmax seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Ops.softmax(x, axis);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shape.axis("Softmax", axis, inputShape.length + 1);
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    static Softmax fromConfig(Map<String, Object> c) {
        return named(new Softmax(Config.integer(c, "axis", -1)), c);
    }
}

package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** {@code max(x, 0)} as a layer. */
public final class ReLU extends Layer {
    /** A layer that applies {@code max(x, 0)}; it has no weights. */
    public ReLU() {
    }

    @Override
    public ReLU name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public ReLU seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Ops.relu(x);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    static ReLU fromConfig(Map<String, Object> c) {
        return named(new ReLU(), c);
    }
}

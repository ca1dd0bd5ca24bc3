package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** {@code max(x, 0)} as a layer. */
public final class ReLU extends Layer {
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

package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Flattens each sample to a vector: {@code (batch, d1, d2, …) → (batch, d1·d2·…)}. */
public final class Flatten extends Layer {
    /** A layer that flattens each sample; it has no weights. */
    public Flatten() {
    }

    @Override
    public Flatten name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Flatten seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return x.reshape(x.size(0), -1);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return new int[] {Shape.numel(inputShape)};
    }

    static Flatten fromConfig(Map<String, Object> c) {
        return named(new Flatten(), c);
    }
}

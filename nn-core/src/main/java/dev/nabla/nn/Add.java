package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Element-wise sum of its inputs (a residual connection). */
public final class Add extends Merge {
    /** A layer that sums two or more inputs of the same shape; it has no weights. */
    public Add() {
    }

    @Override
    public Add name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Add seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            sum = sum.add(inputs.get(i));
        }
        return sum;
    }

    @Override
    public int[] outputShape(List<int[]> shapes) {
        int[] out = shapes.get(0).clone();
        for (int i = 1; i < shapes.size(); i++) {
            try {
                out = Shape.broadcast("Add", out, shapes.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(describe() + ": sample shape " + Shape.format(shapes.get(i))
                        + " of input " + i + " does not fit " + Shape.format(out) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static Add fromConfig(Map<String, Object> c) {
        return named(new Add(), c);
    }
}

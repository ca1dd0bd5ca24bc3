package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Element-wise sum of its inputs (a residual connection). */
public final class Add extends Merge {
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
        return shapes.get(0).clone();
    }

    static Add fromConfig(Map<String, Object> c) {
        return named(new Add(), c);
    }
}

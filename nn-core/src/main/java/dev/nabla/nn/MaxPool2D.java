package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Max pooling {@code p(i,j) = max} over each window of {@code (batch, C, H, W)} images. */
public final class MaxPool2D extends Pooling2D {
    public MaxPool2D(int pool) {
        super(pool, pool);
    }

    public MaxPool2D(int poolH, int poolW) {
        super(poolH, poolW);
    }

    @Override
    protected Tensor pool(Tensor x, Padding pad) {
        return Ops.maxPool2d(x, poolH, poolW, strideH, strideW, pad);
    }

    static MaxPool2D fromConfig(Map<String, Object> c) {
        int[] p = intArray(c.get("pool_size"));
        return configure(new MaxPool2D(p[0], p[1]), c);
    }
}

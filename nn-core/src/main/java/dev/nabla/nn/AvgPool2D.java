package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Average pooling over each window; padded positions are not counted (Keras semantics). */
public final class AvgPool2D extends Pooling2D {
    public AvgPool2D(int pool) {
        super(pool, pool);
    }

    public AvgPool2D(int poolH, int poolW) {
        super(poolH, poolW);
    }

    @Override
    protected Tensor pool(Tensor x, Padding pad) {
        return Ops.avgPool2d(x, poolH, poolW, strideH, strideW, pad);
    }

    static AvgPool2D fromConfig(Map<String, Object> c) {
        int[] p = intArray(c.get("pool_size"));
        return configure(new AvgPool2D(p[0], p[1]), c);
    }
}

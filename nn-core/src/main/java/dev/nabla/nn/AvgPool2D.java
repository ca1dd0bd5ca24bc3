package dev.nabla.nn;

import dev.nabla.ops.Ops;

import java.util.Map;

/** Average pooling over each window; padded positions are not counted (Keras semantics). */
public final class AvgPool2D extends Pooling2D<AvgPool2D> {
    /**
     * A square {@code pool × pool} window (Keras's default pool size is 2), strides = window, padding
     * {@code "valid"}.
     */
    public AvgPool2D(int pool) {
        this(pool, pool);
    }

    /** A {@code poolH × poolW} window, strides = window, padding {@code "valid"}. */
    public AvgPool2D(int poolH, int poolW) {
        super(poolH, poolW, Ops::avgPool2d);
    }

    static AvgPool2D fromConfig(Map<String, Object> c) {
        return fromConfig(c, AvgPool2D::new);
    }
}

package dev.nabla.nn;

import dev.nabla.ops.Ops;

import java.util.Map;

/** Max pooling {@code p(i,j) = max} over each window of {@code (batch, C, H, W)} images. */
public final class MaxPool2D extends Pooling2D<MaxPool2D> {
    /**
     * A square {@code pool × pool} window (Keras's default pool size is 2), strides = window, padding
     * {@code "valid"}.
     */
    public MaxPool2D(int pool) {
        this(pool, pool);
    }

    /** A {@code poolH × poolW} window, strides = window, padding {@code "valid"}. */
    public MaxPool2D(int poolH, int poolW) {
        super(poolH, poolW, Ops::maxPool2d);
    }

    static MaxPool2D fromConfig(Map<String, Object> c) {
        return fromConfig(c, MaxPool2D::new);
    }
}

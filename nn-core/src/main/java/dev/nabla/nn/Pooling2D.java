package dev.nabla.nn;

import dev.nabla.ops.Padding;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Common part of {@link MaxPool2D} and {@link AvgPool2D}: window, strides (default = window), padding. */
public abstract class Pooling2D extends Layer {
    protected final int poolH;
    protected final int poolW;
    protected int strideH;
    protected int strideW;
    protected String padding = "valid";

    protected Pooling2D(int poolH, int poolW) {
        if (poolH < 1 || poolW < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": pool size must be ≥ 1, got "
                    + poolH + "×" + poolW);
        }
        this.poolH = poolH;
        this.poolW = poolW;
        this.strideH = poolH;
        this.strideW = poolW;
    }

    /** The pooling itself, given the resolved window geometry. */
    protected abstract Tensor pool(Tensor x, Padding pad);

    public Pooling2D strides(int vertical, int horizontal) {
        if (vertical < 1 || horizontal < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": strides must be ≥ 1, got "
                    + vertical + "×" + horizontal);
        }
        strideH = vertical;
        strideW = horizontal;
        return this;
    }

    /** {@code "valid"} (default) or {@code "same"}. */
    public Pooling2D padding(String mode) {
        Padding.of(mode);
        padding = mode.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    @Override
    protected final Tensor forward(Tensor x) {
        return pool(x, Padding.of(padding));
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + " expects inputs (batch, channels, height, width), got a sample shape " + Shape.format(in));
        }
        int oh = ConvShapes.outSize(in[1], poolH, strideH, 1, padding);
        int ow = ConvShapes.outSize(in[2], poolW, strideW, 1, padding);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a " + poolH + "×" + poolW
                    + " window does not fit input " + Shape.format(in));
        }
        return new int[] {in[0], oh, ow};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("pool_size", List.of(poolH, poolW));
        c.put("strides", List.of(strideH, strideW));
        c.put("padding", padding);
        return c;
    }

    /** Applies strides and padding from a config to a freshly made pooling layer. */
    static <P extends Pooling2D> P configure(P layer, Map<String, Object> c) {
        int[] s = intArray(c.getOrDefault("strides", List.of(layer.poolH, layer.poolW)));
        layer.strides(s[0], s[1]).padding((String) c.getOrDefault("padding", "valid"));
        return named(layer, c);
    }
}

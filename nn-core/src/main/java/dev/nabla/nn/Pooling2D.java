package dev.nabla.nn;

import dev.nabla.ops.Padding;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Common part of {@link MaxPool2D} and {@link AvgPool2D} over {@code (batch, C, H, W)} images:
 * window, strides (default = window, as Keras) and padding (default {@code "valid"}).
 *
 * <p>{@code P} is the concrete class, so that its fluent setters keep their type:
 * {@code new MaxPool2D(2).padding("same").name("pool")} is a {@code MaxPool2D}.
 *
 * @param <P> the concrete pooling layer
 */
public abstract class Pooling2D<P extends Pooling2D<P>> extends Layer {
    private final int poolH;
    private final int poolW;
    private int strideH;
    private int strideW;
    private String padding = "valid";
    private final Op op;

    /** A {@code poolH × poolW} window (both ≥ 1) moving by its own size, pooled by {@code op}. */
    protected Pooling2D(int poolH, int poolW, Op op) {
        if (poolH < 1 || poolW < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": pool size must be ≥ 1, got "
                    + poolH + "×" + poolW);
        }
        this.poolH = poolH;
        this.poolW = poolW;
        this.strideH = poolH;
        this.strideW = poolW;
        this.op = op;
    }

    /** The pooling function of {@link dev.nabla.ops.Ops}, e.g. {@code Ops::maxPool2d}. */
    protected interface Op {
        /** Pools {@code x} with a {@code kh × kw} window moving by {@code strideH, strideW}. */
        Tensor apply(Tensor x, int kh, int kw, int strideH, int strideW, Padding padding);
    }

    @SuppressWarnings("unchecked")
    private P self() {
        return (P) this;
    }

    /** The same step (pixels, ≥ 1) in both directions; default: the window size. */
    public P strides(int stride) {
        return strides(stride, stride);
    }

    /** Vertical and horizontal steps of the window (pixels, ≥ 1); default: the window size. */
    public P strides(int vertical, int horizontal) {
        if (vertical < 1 || horizontal < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": strides must be ≥ 1, got "
                    + vertical + "×" + horizontal);
        }
        strideH = vertical;
        strideW = horizontal;
        return self();
    }

    /**
     * {@code "valid"} (default: windows inside the image) or {@code "same"} (output size ⌈n / stride⌉), as
     * in Keras.
     */
    public P padding(String mode) {
        Padding.of(mode);
        padding = mode.toLowerCase(Locale.ROOT);
        return self();
    }

    @Override
    public P name(String newName) {
        super.name(newName);
        return self();
    }

    @Override
    public P seed(long value) {
        super.seed(value);
        return self();
    }

    @Override
    protected final Tensor forward(Tensor x) {
        return op.apply(x, poolH, poolW, strideH, strideW, Padding.of(padding));
    }

    @Override
    public int[] outputShape(int[] in) {
        requireSampleRank(in, 3, "(batch, channels, height, width)");
        int oh = ConvShapes.outSize(in[1], poolH, strideH, 1, padding);
        int ow = ConvShapes.outSize(in[2], poolW, strideW, 1, padding);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": a " + poolH + "×" + poolW
                    + " window does not fit a sample of shape " + Shape.format(in) + " with padding '" + padding + "'");
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

    /** A pooling layer from its config: {@code make} gets the window, then strides, padding and name follow. */
    static <P extends Pooling2D<P>> P fromConfig(Map<String, Object> c, Window<P> make) {
        int[] p = Config.pair(c, "pool_size");
        int[] s = Config.pair(c, "strides", p);
        return named(make.of(p[0], p[1]).strides(s[0], s[1]).padding(Config.string(c, "padding", "valid")), c);
    }

    /** A constructor {@code (poolH, poolW)}. */
    interface Window<P> {
        P of(int poolH, int poolW);
    }
}

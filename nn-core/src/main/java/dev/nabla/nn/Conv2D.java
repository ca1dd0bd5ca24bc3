package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * 2-D convolution layer over {@code (batch, C, H, W)} images with kernel {@code (filters, C, KH, KW)}
 * and bias {@code (filters)}:
 * {@code y[n,o,i,j] = act(b[o] + Σ_c Σ_k Σ_l x[n, c, i·s + k·d − p, j·s + l·d − p] · w[o,c,k,l])}.
 *
 * <p>Like Keras and PyTorch it computes cross-correlation; {@link #trueConvolution(boolean)}
 * switches to the seed's literal convolution {@code y(i,j) = Σ_k Σ_l x(i−k+1, j−l+1) w(k,l)}, which
 * is the same computation with the kernel rotated by 180°.
 */
public final class Conv2D extends Layer {
    private final int filters;
    private final int kh;
    private final int kw;
    private int strideH = 1;
    private int strideW = 1;
    private String padding = "valid";
    private int dilationH = 1;
    private int dilationW = 1;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private boolean trueConvolution;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Tensor kernel;
    private Tensor bias;

    /** {@code filters} output channels, a square {@code kernel × kernel} window. */
    public Conv2D(int filters, int kernel) {
        this(filters, kernel, kernel);
    }

    /**
     * {@code filters} output channels, a {@code kernelHeight × kernelWidth} window; stride 1, {@code
     * "valid"} padding, no dilation, no activation, with a bias (Keras's defaults).
     */
    public Conv2D(int filters, int kernelHeight, int kernelWidth) {
        if (filters < 1 || kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("Conv2D: filters and kernel sizes must be ≥ 1, got filters=" + filters
                    + ", kernel=" + kernelHeight + "×" + kernelWidth);
        }
        this.filters = filters;
        this.kh = kernelHeight;
        this.kw = kernelWidth;
    }

    /** The same step (pixels, ≥ 1) in both directions; default 1. */
    public Conv2D strides(int stride) {
        return strides(stride, stride);
    }

    /** Vertical and horizontal steps of the window (pixels, ≥ 1); default 1. */
    public Conv2D strides(int vertical, int horizontal) {
        if (vertical < 1 || horizontal < 1) {
            throw new IllegalArgumentException("Conv2D: strides must be ≥ 1, got " + vertical + "×" + horizontal);
        }
        strideH = vertical;
        strideW = horizontal;
        return this;
    }

    /** {@code "valid"} (default) or {@code "same"}, as in Keras. */
    public Conv2D padding(String mode) {
        Padding.of(mode);
        padding = mode.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    /** The same dilation rate (≥ 1: the gap between kernel taps, 1 = none) in both directions; default 1. */
    public Conv2D dilation(int rate) {
        return dilation(rate, rate);
    }

    /** Vertical and horizontal dilation rates (≥ 1); default 1. */
    public Conv2D dilation(int vertical, int horizontal) {
        if (vertical < 1 || horizontal < 1) {
            throw new IllegalArgumentException("Conv2D: dilation must be ≥ 1, got " + vertical + "×" + horizontal);
        }
        dilationH = vertical;
        dilationW = horizontal;
        return this;
    }

    /** The function applied to the convolution plus bias; default {@link Activation#LINEAR} (none). */
    public Conv2D activation(Activation fn) {
        activation = fn;
        return this;
    }

    /** Whether to add a bias per filter; default true. */
    public Conv2D useBias(boolean use) {
        useBias = use;
        return this;
    }

    /** Computes the seed's true (flipped-kernel) convolution instead of cross-correlation. */
    public Conv2D trueConvolution(boolean literal) {
        trueConvolution = literal;
        return this;
    }

    /** How the kernel starts; default {@link Initializers#glorotUniform()}. */
    public Conv2D kernelInitializer(Initializer init) {
        kernelInitializer = init;
        return this;
    }

    /** How the bias starts; default {@link Initializers#zeros()}. */
    public Conv2D biasInitializer(Initializer init) {
        biasInitializer = init;
        return this;
    }

    @Override
    public Conv2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Conv2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        checkRank(inputShape);
        int c = inputShape[0];
        kernel = addWeight("kernel", new int[] {filters, c, kh, kw}, kernelInitializer, c * kh * kw,
                filters * kh * kw, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, c * kh * kw, filters * kh * kw, true);
        }
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor w = trueConvolution ? rotate180(kernel) : kernel;
        return activation.apply(Ops.conv2d(x, w, bias, strideH, strideW, Padding.of(padding), dilationH, dilationW));
    }

    /** The kernel rotated by 180° in its two spatial axes (differentiable). */
    static Tensor rotate180(Tensor w) {
        return Ops.indexSelect(Ops.indexSelect(w, 2, reversed(w.size(2))), 3, reversed(w.size(3)));
    }

    private static int[] reversed(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = n - 1 - i;
        }
        return idx;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        checkRank(inputShape);
        int oh = ConvShapes.outSize(inputShape[1], kh, strideH, dilationH, padding);
        int ow = ConvShapes.outSize(inputShape[2], kw, strideW, dilationW, padding);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": a " + kh + "×" + kw + " kernel does not fit a sample "
                    + "of shape " + Shape.format(inputShape) + " with padding '" + padding + "'");
        }
        return new int[] {filters, oh, ow};
    }

    private void checkRank(int[] inputShape) {
        requireSampleRank(inputShape, 3, "(batch, channels, height, width)");
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", List.of(kh, kw));
        c.put("strides", List.of(strideH, strideW));
        c.put("padding", padding);
        c.put("dilation_rate", List.of(dilationH, dilationW));
        c.put("activation", activation.kerasName());
        c.put("use_bias", useBias);
        c.put("true_convolution", trueConvolution);
        c.put("kernel_initializer", kernelInitializer.getConfig());
        c.put("bias_initializer", biasInitializer.getConfig());
        return c;
    }

    static Conv2D fromConfig(Map<String, Object> c) {
        int[] k = Config.pair(c, "kernel_size");
        int[] s = Config.pair(c, "strides", 1, 1);
        int[] d = Config.pair(c, "dilation_rate", 1, 1);
        Conv2D layer = new Conv2D(Config.integer(c, "filters"), k[0], k[1])
                .strides(s[0], s[1])
                .padding(Config.string(c, "padding", "valid"))
                .dilation(d[0], d[1])
                .activation(Activation.of(Config.string(c, "activation", null)))
                .useBias(Config.bool(c, "use_bias", true))
                .trueConvolution(Config.bool(c, "true_convolution", false))
                .kernelInitializer(Initializers.fromConfig(c, "kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(Initializers.fromConfig(c, "bias_initializer", Initializers.zeros()));
        return named(layer, c);
    }
}

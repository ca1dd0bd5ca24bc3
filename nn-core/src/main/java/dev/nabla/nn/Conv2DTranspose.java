package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Transposed convolution ("deconvolution"), the layer U-Net decoders upsample with: the gradient
 * of a convolution with respect to its input. Kernel {@code (C_in, filters, K, K)} (PyTorch's
 * layout); output size {@code valid}: {@code n·s + max(k − s, 0)}, {@code same}: {@code n·s} (Keras).
 */
public final class Conv2DTranspose extends Layer {
    private final int filters;
    private final int kernelSize;
    private int stride = 1;
    private String padding = "valid";
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Tensor kernel;
    private Tensor bias;

    /**
     * {@code filters} output channels, a square {@code kernelSize × kernelSize} kernel; stride 1, {@code
     * "valid"} padding, no activation, with a bias (Keras's defaults).
     */
    public Conv2DTranspose(int filters, int kernelSize) {
        if (filters < 1 || kernelSize < 1) {
            throw new IllegalArgumentException("Conv2DTranspose: filters and kernel size must be ≥ 1, got filters="
                    + filters + ", kernel=" + kernelSize);
        }
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    /** The upsampling step (≥ 1) in both directions; default 1. */
    public Conv2DTranspose strides(int s) {
        if (s < 1) {
            throw new IllegalArgumentException("Conv2DTranspose: stride must be ≥ 1, got " + s);
        }
        stride = s;
        return this;
    }

    /** {@code "valid"} (default) or {@code "same"} (output size {@code n·stride}), as in Keras. */
    public Conv2DTranspose padding(String mode) {
        Padding.of(mode);
        padding = mode.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    /** The function applied to the output; default {@link Activation#LINEAR} (none). */
    public Conv2DTranspose activation(Activation fn) {
        activation = fn;
        return this;
    }

    /** Whether to add a bias per filter; default true. */
    public Conv2DTranspose useBias(boolean use) {
        useBias = use;
        return this;
    }

    @Override
    public Conv2DTranspose name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Conv2DTranspose seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        checkRank(inputShape);
        int c = inputShape[0];
        int k2 = kernelSize * kernelSize;
        kernel = addWeight("kernel", new int[] {c, filters, kernelSize, kernelSize}, Initializers.glorotUniform(),
                filters * k2, c * k2, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, Initializers.zeros(), 1, filters, true);
        }
    }

    @Override
    protected Tensor forward(Tensor x) {
        return activation.apply(Ops.conv2dTranspose(x, kernel, bias, stride, Padding.of(padding)));
    }

    @Override
    public int[] outputShape(int[] in) {
        checkRank(in);
        return new int[] {filters, size(in[1]), size(in[2])};
    }

    private int size(int n) {
        return "same".equals(padding) ? n * stride : n * stride + Math.max(kernelSize - stride, 0);
    }

    private void checkRank(int[] inputShape) {
        requireSampleRank(inputShape, 3, "(batch, channels, height, width)");
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", List.of(kernelSize, kernelSize));
        c.put("strides", List.of(stride, stride));
        c.put("padding", padding);
        c.put("activation", activation.kerasName());
        c.put("use_bias", useBias);
        return c;
    }

    static Conv2DTranspose fromConfig(Map<String, Object> c) {
        Conv2DTranspose t = new Conv2DTranspose(Config.integer(c, "filters"), Config.pair(c, "kernel_size")[0])
                .strides(Config.pair(c, "strides", 1, 1)[0])
                .padding(Config.string(c, "padding", "valid"))
                .activation(Activation.of(Config.string(c, "activation", null)))
                .useBias(Config.bool(c, "use_bias", true));
        return named(t, c);
    }
}

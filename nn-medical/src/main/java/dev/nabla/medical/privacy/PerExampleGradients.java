package dev.nabla.medical.privacy;

import dev.nabla.backend.Gemm;
import dev.nabla.backend.Parallel;
import dev.nabla.loss.PerSampleLoss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The gradient of each example's loss {@code l_b} with respect to every trainable weight of a
 * {@link Sequential} model, from <em>one</em> forward and one backward pass over the batch (the
 * "ghost"/outer-product method, Goodfellow 2015): the pass keeps each weighted layer's input {@code x}
 * and the gradient {@code g = ∂(Σ_b l_b)/∂z} of its pre-activation output {@code z}; since example
 * {@code b} only touches row {@code b}, {@code g_b = ∂l_b/∂z_b} and
 * <ul>
 *   <li>{@link Dense} ({@code z = x·W + b}, inputs {@code (batch, in)}): {@code ∂l_b/∂W = x_bᵀ g_b} (an
 *       outer product, {@code in × units}), {@code ∂l_b/∂b = g_b};</li>
 *   <li>{@link Conv2D}: with {@code X_b = im2col(x_b)} ({@code C·KH·KW × OH·OW}, honouring stride, padding
 *       and dilation) and {@code G_b = g_b} as {@code O × OH·OW}, {@code ∂l_b/∂W = G_b X_bᵀ} reshaped to
 *       {@code (O, C, KH, KW)}, {@code ∂l_b/∂b = Σ_pixels G_b}.</li>
 * </ul>
 * The squared norm of example {@code b}'s gradient is summed over layers. For {@code Dense} it needs no
 * outer product: {@code ‖x_bᵀ g_b‖² = ‖x_b‖²·‖g_b‖²} (Goodfellow's trick); the clipped sum
 * {@code Σ_b c_b x_bᵀ g_b = Xᵀ·(c ∘ G)} is one matrix product, and a single example's outer product is formed
 * only when asked for ({@link #of}). For {@code Conv2D} each {@code G_b X_bᵀ} is one small matrix product
 * (the library's GEMM, examples split over threads) and is kept for the clipped sum. The weights themselves
 * are detached during the pass, so the batch gradient of the weights is never computed.
 * Layers without trainable weights (pooling, flatten, activations, dropout, reshape) are run as they
 * are. Any other layer with trainable weights — batch normalisation (which mixes examples), recurrent
 * layers, embeddings, {@code Dense} on inputs of rank &gt; 2, literal (flipped-kernel) convolution — fails
 * with an {@link UnsupportedOperationException} naming the layer; there is no silent per-example loop.
 */
public final class PerExampleGradients {
    private final List<Tensor> parameters;
    private final List<Tape> tapes;
    private final int[] tapeOf;      // parameter index -> tape index
    private final boolean[] isBias;  // parameter index -> bias (else kernel)
    private final double[] squaredNorms;
    private final float[] losses;
    private final Tensor outputs;

    private PerExampleGradients(List<Tape> tapes, double[] squaredNorms, float[] losses, Tensor outputs) {
        int count = 0;
        for (Tape t : tapes) {
            count += t.bias == null ? 1 : 2;
        }
        List<Tensor> params = new ArrayList<>(count);
        this.tapeOf = new int[count];
        this.isBias = new boolean[count];
        for (int t = 0; t < tapes.size(); t++) {
            tapeOf[params.size()] = t;
            params.add(tapes.get(t).kernel);
            if (tapes.get(t).bias != null) {
                tapeOf[params.size()] = t;
                isBias[params.size()] = true;
                params.add(tapes.get(t).bias);
            }
        }
        this.parameters = List.copyOf(params);
        this.tapes = tapes;
        this.squaredNorms = squaredNorms;
        this.losses = losses;
        this.outputs = outputs;
    }

    /**
     * Runs {@code model} on the batch {@code (x, y)} in training mode and returns the per-example gradients
     * of {@code loss.perSample}. The model's weights keep no gradient afterwards.
     *
     * @throws UnsupportedOperationException if a layer with trainable weights has no per-example rule
     */
    public static PerExampleGradients compute(Sequential model, PerSampleLoss loss, Tensor x, Tensor y) {
        if (x.rank() < 2 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("PerExampleGradients: need a batch of inputs and the same number of "
                    + "targets, got inputs " + Shape.format(x.shape()) + " and targets " + Shape.format(y.shape()));
        }
        if (!model.isBuilt()) {
            model.build(Arrays.copyOfRange(x.shape(), 1, x.rank()));
        }
        int batch = x.size(0);
        List<Tape> tapes = new ArrayList<>();
        Tensor h = x.detach();
        boolean was = model.isTraining();
        model.setTraining(true);
        try {
            for (Layer layer : model.layers()) {
                List<Tensor> trainable = layer.trainableWeights();
                if (trainable.isEmpty()) {
                    h = layer.call(h);
                } else if (layer instanceof Dense) {
                    Tape t = Tape.dense((Dense) layer, h);
                    tapes.add(t);
                    h = t.activation.apply(t.z);
                } else if (layer instanceof Conv2D) {
                    Tape t = Tape.conv((Conv2D) layer, h);
                    tapes.add(t);
                    h = t.activation.apply(t.z);
                } else {
                    throw unsupported(layer, "per-example gradients are implemented for Dense and Conv2D only");
                }
            }
            Tensor perSample = loss.perSample(h, y);
            perSample.sum().backward();
            float[] lossValues = perSample.contiguous().toArray();
            double[] squaredNorms = new double[batch];
            for (Tape t : tapes) {
                t.finish(batch, squaredNorms);
            }
            return new PerExampleGradients(List.copyOf(tapes), squaredNorms, lossValues, h.detach());
        } finally {
            model.setTraining(was);
            for (Tensor w : model.trainableWeights()) {
                w.zeroGrad();
            }
        }
    }

    /** The weights, in layer order (kernel then bias), that {@link #of} indexes. */
    public List<Tensor> parameters() {
        return parameters;
    }

    /** The number of examples. */
    public int batchSize() {
        return losses.length;
    }

    /** The model's outputs on the batch (training mode, detached), e.g. for metrics. */
    public Tensor outputs() {
        return outputs;
    }

    /** Each example's loss {@code l_b}. */
    public float[] losses() {
        return losses.clone();
    }

    /** The gradient of example {@code b}'s loss with respect to parameter {@code p}, flat (row-major). */
    public float[] of(int p, int b) {
        Objects.checkIndex(p, parameters.size());
        Objects.checkIndex(b, batchSize());
        Tape t = tapes.get(tapeOf[p]);
        return isBias[p] ? t.biasGrad(b) : t.kernelGrad(b);
    }

    /** The same gradient as a tensor shaped like the parameter. */
    public Tensor tensor(int p, int b) {
        return Tensor.of(of(p, b), parameters.get(p).shape());
    }

    /** The L2 norm of example {@code b}'s whole gradient (all parameters together). */
    public double norm(int b) {
        return Math.sqrt(squaredNorms[b]);
    }

    /**
     * {@code Σ_b min(1, C/‖∇l_b‖) · ∇l_b} per parameter: each example's gradient scaled to norm at most
     * {@code clipNorm} (infinite: unchanged), then summed over the batch.
     */
    public float[][] clippedSum(double clipNorm) {
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("PerExampleGradients: clip norm must be > 0, got " + clipNorm);
        }
        int batch = batchSize();
        float[] scale = new float[batch];
        for (int b = 0; b < batch; b++) {
            scale[b] = (float) Math.min(1.0, clipNorm / (norm(b) + 1e-12));
        }
        float[][] sum = new float[parameters.size()][];
        for (int p = 0; p < sum.length; p++) {
            Tape t = tapes.get(tapeOf[p]);
            sum[p] = isBias[p] ? t.clippedBiasSum(scale) : t.clippedKernelSum(scale);
        }
        return sum;
    }

    private static UnsupportedOperationException unsupported(Layer layer, String why) {
        return new UnsupportedOperationException("DP-SGD: " + layer + ": " + why + "; layers without trainable "
                + "weights (pooling, Flatten, activations, Dropout, Reshape) are fine, BatchNormalization mixes "
                + "examples and cannot be used with per-example clipping");
    }

    /** One weighted layer's recorded input, pre-activation output and geometry. */
    private static final class Tape {
        Tensor input;
        Tensor z;
        Tensor kernel;
        Tensor bias;
        Activation activation;
        boolean conv;
        int sh;
        int sw;
        int dh;
        int dw;
        int padTop;
        int padLeft;
        // after finish():
        int batch;
        float[] x;        // Dense: inputs (batch × in)
        float[] g;        // ∂(Σ l)/∂z, batch-major
        float[] kernels;  // Conv2D: per-example kernel gradients (batch × O·C·KH·KW)
        float[] biases;   // Conv2D: per-example bias gradients (batch × O)

        static Tape dense(Dense layer, Tensor x) {
            if (x.rank() != 2) {
                throw unsupported(layer, "per-example gradients of Dense need inputs (batch, features), got "
                        + Shape.format(x.shape()) + " (put a Flatten before it)");
            }
            Map<String, Object> config = layer.getConfig();
            Tape t = new Tape();
            t.input = x.detach().contiguous();
            t.kernel = layer.namedWeights().get("kernel");
            t.bias = layer.namedWeights().get("bias");
            t.activation = Activation.of((String) config.get("activation"));
            Tensor z = x.matmul(t.kernel.detach());
            if (t.bias != null) {
                z = z.add(t.bias.detach());
            }
            t.z = tracked(z);
            return t;
        }

        static Tape conv(Conv2D layer, Tensor x) {
            Map<String, Object> config = layer.getConfig();
            if (Boolean.TRUE.equals(config.get("true_convolution"))) {
                throw unsupported(layer, "per-example gradients of the literal (flipped-kernel) convolution are not "
                        + "implemented; use the default cross-correlation");
            }
            Tape t = new Tape();
            t.conv = true;
            t.input = x.detach().contiguous();
            t.kernel = layer.namedWeights().get("kernel");
            t.bias = layer.namedWeights().get("bias");
            t.activation = Activation.of((String) config.get("activation"));
            List<?> s = (List<?>) config.get("strides");
            List<?> d = (List<?>) config.get("dilation_rate");
            t.sh = ((Number) s.get(0)).intValue();
            t.sw = ((Number) s.get(1)).intValue();
            t.dh = ((Number) d.get(0)).intValue();
            t.dw = ((Number) d.get(1)).intValue();
            String padding = (String) config.get("padding");
            int kh = t.kernel.size(2);
            int kw = t.kernel.size(3);
            if ("same".equals(padding)) {
                t.padTop = samePadBefore(x.size(2), t.dh * (kh - 1) + 1, t.sh);
                t.padLeft = samePadBefore(x.size(3), t.dw * (kw - 1) + 1, t.sw);
            }
            Tensor z = Ops.conv2d(x, t.kernel.detach(), t.bias == null ? null : t.bias.detach(), t.sh, t.sw,
                    Padding.of(padding), t.dh, t.dw);
            t.z = tracked(z);
            return t;
        }

        /** {@code z} with its gradient kept: a leaf (the first weighted layer) collects it like a weight. */
        private static Tensor tracked(Tensor z) {
            return z.requiresGrad() ? z.retainGrad() : z.requiresGrad(true);
        }

        /** Keras "same": total padding max((out−1)·s + k_eff − n, 0), the smaller half before. */
        private static int samePadBefore(int n, int kEff, int s) {
            int out = (n + s - 1) / s;
            return Math.max((out - 1) * s + kEff - n, 0) / 2;
        }

        private int units() {
            return kernel.size(conv ? 0 : 1);
        }

        /** Reads the backward pass's results and adds each example's squared gradient norm to {@code sq}. */
        void finish(int batch, double[] sq) {
            this.batch = batch;
            Tensor gz = z.grad();
            g = gz == null ? new float[z.numel()] : gz.contiguous().toArray();
            int oh = conv ? z.size(2) : 0;
            int ow = conv ? z.size(3) : 0;
            z = null;
            if (!conv) {
                x = input.toArray();
                input = null;
                int in = kernel.size(0);
                int out = units();
                for (int b = 0; b < batch; b++) {
                    double xx = 0;
                    for (int i = 0; i < in; i++) {
                        xx += (double) x[b * in + i] * x[b * in + i];
                    }
                    double gg = 0;
                    for (int o = 0; o < out; o++) {
                        gg += (double) g[b * out + o] * g[b * out + o];
                    }
                    sq[b] += xx * gg + (bias == null ? 0 : gg);
                }
                return;
            }
            float[] xin = input.toArray();
            int c = input.size(1);
            int h = input.size(2);
            int wd = input.size(3);
            input = null;
            int o = kernel.size(0);
            int kh = kernel.size(2);
            int kw = kernel.size(3);
            int pixels = oh * ow;
            int rows = c * kh * kw;
            int len = o * rows;
            kernels = new float[batch * len];
            biases = bias == null ? null : new float[batch * o];
            double[] norms = new double[batch];
            // examples split over the -Dnabla.threads pool, one im2row buffer per chunk
            Parallel.forChunks(batch, (long) len * pixels, (chunk, first, end) -> {
                float[] cols = new float[pixels * rows];
                for (int b = first; b < end; b++) {
                    im2row(xin, b * c * h * wd, c, h, wd, kh, kw, oh, ow, cols);
                    // (O × pixels) · (pixels × C·KH·KW)
                    Gemm.multiplyOnCallingThread(g, b * o * pixels, cols, 0, kernels, b * len, o, pixels, rows);
                    double s = 0;
                    for (int i = b * len; i < (b + 1) * len; i++) {
                        s += (double) kernels[i] * kernels[i];
                    }
                    if (biases != null) {
                        for (int f = 0; f < o; f++) {
                            float acc = 0f;
                            int go = (b * o + f) * pixels;
                            for (int p = 0; p < pixels; p++) {
                                acc += g[go + p];
                            }
                            biases[b * o + f] = acc;
                            s += (double) acc * acc;
                        }
                    }
                    norms[b] = s;
                }
            });
            for (int b = 0; b < batch; b++) {
                sq[b] += norms[b];
            }
        }

        float[] kernelGrad(int b) {
            if (conv) {
                int len = kernel.numel();
                return Arrays.copyOfRange(kernels, b * len, (b + 1) * len);
            }
            int in = kernel.size(0);
            int out = units();
            float[] w = new float[in * out];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    w[i * out + o] = x[b * in + i] * g[b * out + o];
                }
            }
            return w;
        }

        float[] biasGrad(int b) {
            int o = units();
            return Arrays.copyOfRange(conv ? biases : g, b * o, (b + 1) * o);
        }

        /** {@code Σ_b scale_b · ∂l_b/∂W}. */
        float[] clippedKernelSum(float[] scale) {
            float[] sum = new float[kernel.numel()];
            if (conv) {
                // (1 × batch) · (batch × O·C·KH·KW)
                Gemm.multiply(scale, 0, kernels, 0, sum, 0, 1, batch, sum.length);
                return sum;
            }
            int in = kernel.size(0);
            int out = units();
            float[] xt = new float[in * batch];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < in; i++) {
                    xt[i * batch + b] = x[b * in + i];
                }
            }
            float[] gs = new float[batch * out];
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    gs[b * out + o] = scale[b] * g[b * out + o];
                }
            }
            // Xᵀ (in × batch) · (scale ∘ G) (batch × out)
            Gemm.multiply(xt, 0, gs, 0, sum, 0, in, batch, out);
            return sum;
        }

        /** {@code Σ_b scale_b · ∂l_b/∂bias}. */
        float[] clippedBiasSum(float[] scale) {
            int o = units();
            float[] per = conv ? biases : g;
            float[] sum = new float[o];
            for (int b = 0; b < batch; b++) {
                for (int f = 0; f < o; f++) {
                    sum[f] += scale[b] * per[b * o + f];
                }
            }
            return sum;
        }

        /** Rows (oh, ow) × columns (c, kh, kw) of the receptive fields of one image; zero outside. */
        private void im2row(float[] x, int xo, int c, int h, int w, int kh, int kw, int oh, int ow, float[] cols) {
            int rows = c * kh * kw;
            for (int ch = 0; ch < c; ch++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int row = (ch * kh + ki) * kw + kj;
                        for (int i = 0; i < oh; i++) {
                            int yy = i * sh + ki * dh - padTop;
                            for (int j = 0; j < ow; j++) {
                                int xx = j * sw + kj * dw - padLeft;
                                cols[(i * ow + j) * rows + row] = yy >= 0 && yy < h && xx >= 0 && xx < w
                                        ? x[xo + (ch * h + yy) * w + xx] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }
}

package dev.nabla.medical.privacy;

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
import java.util.stream.IntStream;

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
 * Layers without trainable weights (pooling, flatten, activations, dropout, reshape) are run as they
 * are. Any other layer with trainable weights — batch normalisation (which mixes examples), recurrent
 * layers, embeddings, {@code Dense} on inputs of rank &gt; 2, literal (flipped-kernel) convolution — fails
 * with an {@link UnsupportedOperationException} naming the layer; there is no silent per-example loop.
 */
public final class PerExampleGradients {
    private final List<Tensor> parameters;
    private final float[][][] grads; // [parameter][example][element]
    private final float[] losses;

    private final Tensor outputs;

    private PerExampleGradients(List<Tensor> parameters, float[][][] grads, float[] losses, Tensor outputs) {
        this.parameters = parameters;
        this.grads = grads;
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
        List<Tensor> params = new ArrayList<>();
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
            for (Tape t : tapes) {
                params.add(t.kernel);
                if (t.bias != null) {
                    params.add(t.bias);
                }
            }
            float[][][] grads = new float[params.size()][][];
            int p = 0;
            for (Tape t : tapes) {
                float[][][] kb = t.perExample(batch);
                grads[p++] = kb[0];
                if (t.bias != null) {
                    grads[p++] = kb[1];
                }
            }
            return new PerExampleGradients(List.copyOf(params), grads, lossValues, h.detach());
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
        return grads[p][b].clone();
    }

    /** The same gradient as a tensor shaped like the parameter. */
    public Tensor tensor(int p, int b) {
        return Tensor.of(grads[p][b].clone(), parameters.get(p).shape());
    }

    /** The L2 norm of example {@code b}'s whole gradient (all parameters together). */
    public double norm(int b) {
        double s = 0;
        for (float[][] g : grads) {
            for (float v : g[b]) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
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
            double n = norm(b);
            scale[b] = (float) Math.min(1.0, clipNorm / (n + 1e-12));
        }
        float[][] sum = new float[grads.length][];
        for (int p = 0; p < grads.length; p++) {
            float[] s = new float[grads[p][0].length];
            for (int b = 0; b < batch; b++) {
                float c = scale[b];
                float[] g = grads[p][b];
                for (int i = 0; i < s.length; i++) {
                    s[i] += c * g[i];
                }
            }
            sum[p] = s;
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
            Tensor z = x.matmul(t.kernel);
            if (t.bias != null) {
                z = z.add(t.bias);
            }
            t.z = z.retainGrad();
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
            Tensor z = Ops.conv2d(x, t.kernel, t.bias, t.sh, t.sw, Padding.of(padding), t.dh, t.dw);
            t.z = z.retainGrad();
            return t;
        }

        /** Keras "same": total padding max((out−1)·s + k_eff − n, 0), the smaller half before. */
        private static int samePadBefore(int n, int kEff, int s) {
            int out = (n + s - 1) / s;
            return Math.max((out - 1) * s + kEff - n, 0) / 2;
        }

        /** [0] = kernel gradients, [1] = bias gradients, each [example][element]. */
        float[][][] perExample(int batch) {
            Tensor gz = z.grad();
            float[] g = gz == null ? new float[z.numel()] : gz.contiguous().toArray();
            float[] xin = input.toArray();
            float[][] kg = new float[batch][];
            float[][] bg = bias == null ? null : new float[batch][];
            if (!conv) {
                int in = input.size(1);
                int out = z.size(1);
                for (int b = 0; b < batch; b++) {
                    float[] w = new float[in * out];
                    for (int i = 0; i < in; i++) {
                        float xi = xin[b * in + i];
                        if (xi == 0f) {
                            continue;
                        }
                        for (int o = 0; o < out; o++) {
                            w[i * out + o] = xi * g[b * out + o];
                        }
                    }
                    kg[b] = w;
                    if (bg != null) {
                        bg[b] = Arrays.copyOfRange(g, b * out, (b + 1) * out);
                    }
                }
                return new float[][][] {kg, bg};
            }
            int c = input.size(1);
            int h = input.size(2);
            int wd = input.size(3);
            int o = kernel.size(0);
            int kh = kernel.size(2);
            int kw = kernel.size(3);
            int oh = z.size(2);
            int ow = z.size(3);
            int pixels = oh * ow;
            int rows = c * kh * kw;
            IntStream.range(0, batch).parallel().forEach(b -> {
                float[] col = new float[rows * pixels];
                im2col(xin, b * c * h * wd, c, h, wd, kh, kw, oh, ow, col);
                float[] w = new float[o * rows];
                int go = b * o * pixels;
                for (int f = 0; f < o; f++) {
                    for (int r = 0; r < rows; r++) {
                        float acc = 0f;
                        int cr = r * pixels;
                        int gf = go + f * pixels;
                        for (int p = 0; p < pixels; p++) {
                            acc += g[gf + p] * col[cr + p];
                        }
                        w[f * rows + r] = acc;
                    }
                }
                kg[b] = w;
                if (bg != null) {
                    float[] bb = new float[o];
                    for (int f = 0; f < o; f++) {
                        float acc = 0f;
                        for (int p = 0; p < pixels; p++) {
                            acc += g[go + f * pixels + p];
                        }
                        bb[f] = acc;
                    }
                    bg[b] = bb;
                }
            });
            return new float[][][] {kg, bg};
        }

        /** Rows (c, kh, kw) × columns (oh, ow) of the receptive fields of one image; zero outside. */
        private void im2col(float[] x, int xo, int c, int h, int w, int kh, int kw, int oh, int ow, float[] col) {
            int pixels = oh * ow;
            for (int ch = 0; ch < c; ch++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int row = (ch * kh + ki) * kw + kj;
                        for (int i = 0; i < oh; i++) {
                            int yy = i * sh + ki * dh - padTop;
                            for (int j = 0; j < ow; j++) {
                                int xx = j * sw + kj * dw - padLeft;
                                col[row * pixels + i * ow + j] = yy >= 0 && yy < h && xx >= 0 && xx < w
                                        ? x[xo + (ch * h + yy) * w + xx] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }
}

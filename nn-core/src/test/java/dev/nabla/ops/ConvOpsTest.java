package dev.nabla.ops;

import dev.nabla.backend.ConvPath;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static dev.nabla.ops.Fixtures.assertGradients;
import static dev.nabla.ops.Fixtures.assertValues;
import static dev.nabla.ops.Fixtures.distinct;
import static dev.nabla.ops.Fixtures.normal;
import static dev.nabla.ops.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * conv2d, conv2dTranspose, maxPool2d, avgPool2d and upsample2d: values against a literal
 * reference written here from the definitions, known numbers, and gradient checks.
 */
class ConvOpsTest {

    /** One convolution configuration: shapes, stride, padding, dilation, bias. */
    record Conv(String name, int[] x, int[] w, int sh, int sw, Padding padding, int dh, int dw, boolean bias) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Conv> convCases() {
        return Stream.of(
                new Conv("stride 1 valid, bias, batch 2", new int[] {2, 2, 5, 5}, new int[] {3, 2, 3, 3}, 1, 1, Padding.VALID, 1, 1, true),
                new Conv("stride 1 same", new int[] {1, 2, 5, 5}, new int[] {2, 2, 3, 3}, 1, 1, Padding.SAME, 1, 1, false),
                new Conv("stride 2 same, odd non-square input", new int[] {1, 2, 7, 6}, new int[] {2, 2, 3, 3}, 2, 2, Padding.SAME, 1, 1, true),
                new Conv("stride 2 valid, even input", new int[] {1, 1, 6, 6}, new int[] {2, 1, 3, 3}, 2, 2, Padding.VALID, 1, 1, false),
                new Conv("strides (1, 2), 2×3 kernel, same", new int[] {1, 1, 5, 7}, new int[] {2, 1, 2, 3}, 1, 2, Padding.SAME, 1, 1, true),
                new Conv("explicit padding (1, 0, 2, 1), 2×3 kernel", new int[] {1, 1, 4, 5}, new int[] {2, 1, 2, 3}, 1, 1,
                        Padding.explicit(1, 0, 2, 1), 1, 1, true),
                new Conv("explicit padding 1, stride 2", new int[] {2, 1, 5, 4}, new int[] {1, 1, 3, 3}, 2, 2, Padding.explicit(1), 1, 1, false),
                new Conv("dilation 2 valid", new int[] {1, 2, 7, 7}, new int[] {2, 2, 3, 3}, 1, 1, Padding.VALID, 2, 2, true),
                new Conv("dilation 2 same, stride 2", new int[] {1, 1, 6, 7}, new int[] {2, 1, 3, 2}, 2, 2, Padding.SAME, 2, 2, false),
                new Conv("1×1 kernel", new int[] {2, 3, 3, 2}, new int[] {2, 3, 1, 1}, 1, 1, Padding.VALID, 1, 1, true),
                new Conv("kernel as large as the input", new int[] {1, 2, 3, 4}, new int[] {2, 2, 3, 4}, 1, 1, Padding.VALID, 1, 1, true),
                // More filters than C·KH·KW: the weight gradient is computed transposed.
                new Conv("7 filters over 1 channel 2×2, batch 3", new int[] {3, 1, 5, 4}, new int[] {7, 1, 2, 2}, 1, 1, Padding.VALID, 1, 1, true),
                // More filters than output pixels, fewer pixels than C·KH·KW: forward and input gradient transposed.
                new Conv("9 filters on a 3×2 output, batch 1", new int[] {1, 2, 4, 3}, new int[] {9, 2, 2, 2}, 1, 1, Padding.VALID, 1, 1, true),
                new Conv("9 filters, stride 2 same, batch 2", new int[] {2, 2, 3, 5}, new int[] {9, 2, 3, 3}, 2, 2, Padding.SAME, 1, 1, false));
    }

    private static int[] samePads(int n, int kEff, int s) {
        int out = (n + s - 1) / s;
        int total = Math.max((out - 1) * s + kEff - n, 0);
        return new int[] {total / 2, total - total / 2};
    }

    /** Paddings {top, bottom, left, right} of a case, worked out here from the Keras definition. */
    private static int[] pads(Conv c) {
        if (c.padding == Padding.VALID) {
            return new int[4];
        }
        if (c.padding == Padding.SAME) {
            int[] ph = samePads(c.x[2], c.dh * (c.w[2] - 1) + 1, c.sh);
            int[] pw = samePads(c.x[3], c.dw * (c.w[3] - 1) + 1, c.sw);
            return new int[] {ph[0], ph[1], pw[0], pw[1]};
        }
        String s = c.padding.toString(); // explicit(t, b, l, r)
        String[] parts = s.substring(s.indexOf('(') + 1, s.indexOf(')')).split(",\\s*");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                Integer.parseInt(parts[3])};
    }

    /** {@code y[n,o,i,j] = b[o] + Σ_c Σ_k Σ_l x[n,c,i·sh−pt+k·dh, j·sw−pl+l·dw]·w[o,c,k,l]}, in double. */
    static double[] naiveConv(Tensor x, Tensor w, Tensor b, int sh, int sw, int[] p, int dh, int dw, int[] outShape) {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int o = w.size(0), kh = w.size(2), kw = w.size(3);
        int oh = (h + p[0] + p[1] - dh * (kh - 1) - 1) / sh + 1;
        int ow = (wd + p[2] + p[3] - dw * (kw - 1) - 1) / sw + 1;
        outShape[0] = n;
        outShape[1] = o;
        outShape[2] = oh;
        outShape[3] = ow;
        double[] y = new double[n * o * oh * ow];
        int q = 0;
        for (int bn = 0; bn < n; bn++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b == null ? 0 : b.get(oc);
                        for (int ch = 0; ch < c; ch++) {
                            for (int k = 0; k < kh; k++) {
                                for (int l = 0; l < kw; l++) {
                                    int r = i * sh - p[0] + k * dh;
                                    int cc = j * sw - p[2] + l * dw;
                                    if (r >= 0 && r < h && cc >= 0 && cc < wd) {
                                        s += (double) x.get(bn, ch, r, cc) * w.get(oc, ch, k, l);
                                    }
                                }
                            }
                        }
                        y[q++] = s;
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void conv2dMatchesReference(Conv c) {
        Random rng = new Random(c.name.hashCode());
        Tensor x = Tensor.randn(rng, c.x);
        Tensor w = Tensor.randn(rng, c.w);
        Tensor b = c.bias ? Tensor.randn(rng, c.w[0]) : null;
        int[] shape = new int[4];
        double[] expected = naiveConv(x, w, b, c.sh, c.sw, pads(c), c.dh, c.dw, shape);
        Tensor y = Ops.conv2d(x, w, b, c.sh, c.sw, c.padding, c.dh, c.dw);
        assertArrayEquals(shape, y.shape());
        assertValues(expected, y, 1e-5);
    }

    /** The same cases with each {@code -Dnabla.conv} mode forced (Winograd where it applies, im2col elsewhere). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void conv2dMatchesReferenceAndGradientsOnEveryPath(Conv c) {
        for (ConvPath.Mode mode : ConvPath.Mode.values()) {
            ConvPath.Mode old = ConvPath.use(mode);
            try {
                conv2dMatchesReference(c);
                conv2dGradients(c);
            } finally {
                ConvPath.use(old);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void conv2dGradients(Conv c) {
        Tensor x = normal(1, c.x);
        Tensor w = normal(2, c.w);
        if (c.bias) {
            assertGradients(c.name, in -> Ops.conv2d(in[0], in[1], in[2], c.sh, c.sw, c.padding, c.dh, c.dw),
                    x, w, normal(3, c.w[0]));
        } else {
            assertGradients(c.name, in -> Ops.conv2d(in[0], in[1], null, c.sh, c.sw, c.padding, c.dh, c.dw), x, w);
        }
    }

    @Test
    void maxPoolSplitOverThreadsMatchesTheFormulaAndRoutesGradientsToTheWinners() {
        // 16·24 planes of 26×26, 3×3 windows at stride 2: above Parallel's threshold, so the planes are split.
        Tensor x = normal(61, 16, 24, 26, 26);
        float[] xv = x.toArray();
        double[][][][] xd = new double[16][24][26][26];
        for (int i = 0; i < xv.length; i++) {
            xd[i / (24 * 676)][i / 676 % 24][i / 26 % 26][i % 26] = xv[i];
        }
        double[][][][] want = dev.nabla.formula.MaxPooling2D.apply(xd, 3, 3, 2, 2, 0, 0, 0, 0);
        Tensor y = Ops.maxPool2d(x, 3, 3, 2, 2, Padding.VALID);
        float[] got = y.toArray();
        int k = 0;
        for (double[][][] a : want) {
            for (double[][] b : a) {
                for (double[] c : b) {
                    for (double v : c) {
                        assertEquals((float) v, got[k], "output " + k);
                        k++;
                    }
                }
            }
        }
        assertEquals(got.length, k);
        y.sum().backward();
        float[] g = x.grad().toArray();
        double total = 0;
        for (float v : g) {
            total += v;
        }
        assertEquals(got.length, total, 1e-9, "each output sends its gradient 1 to exactly one input");
    }

    @Test
    void biasAddAlongOneAxisEqualsTheElementRule() {
        Tensor a = normal(62, 8, 33, 9, 7);
        Tensor b = normal(63, 33, 1, 1);
        float[] av = a.toArray();
        float[] bv = b.toArray();
        float[] sum = a.add(b).toArray();
        float[] prod = a.mul(b).toArray();
        for (int i = 0; i < av.length; i++) {
            float bias = bv[i / 63 % 33];
            assertEquals(av[i] + bias, sum[i], "sum " + i);
            assertEquals(av[i] * bias, prod[i], "product " + i);
        }
        Tensor d = normal(64, 5, 11);
        Tensor units = normal(65, 11);
        float[] dv = d.toArray();
        float[] uv = units.toArray();
        float[] ds = d.add(units).toArray();
        for (int i = 0; i < dv.length; i++) {
            assertEquals(dv[i] + uv[i % 11], ds[i], "dense bias " + i);
        }
        // Large enough to be split over threads, an odd row length, and b at a non-zero offset of its array.
        Tensor wide = normal(66, 1601, 129);
        Tensor row = normal(67, 2, 129).slice(0, 1, 2).reshape(129);
        float[] wv = wide.toArray();
        float[] rv = row.toArray();
        float[] ws = wide.add(row).toArray();
        float[] wp = wide.mul(row).toArray();
        for (int i = 0; i < wv.length; i++) {
            assertEquals(wv[i] + rv[i % 129], ws[i], "wide bias " + i);
            assertEquals(wv[i] * rv[i % 129], wp[i], "wide scale " + i);
        }
    }

    @Test
    void conv2dKnownValues() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        Tensor w = Tensor.ones(1, 1, 2, 2);
        Tensor y = Ops.conv2d(x, w, null, 1, Padding.VALID);
        assertArrayEquals(new int[] {1, 1, 3, 3}, y.shape());
        assertArrayEquals(new float[] {10, 14, 18, 26, 30, 34, 42, 46, 50}, y.toArray());
        // Cross-correlation, not convolution: the kernel is not flipped.
        Tensor corner = t(new float[] {1, 0, 0, 0}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {0, 1, 2, 4, 5, 6, 8, 9, 10}, Ops.conv2d(x, corner, null, 1, Padding.VALID).toArray());
        Tensor biased = Ops.conv2d(x, w, Tensor.vector(0.5f), 2, Padding.VALID);
        assertArrayEquals(new float[] {10.5f, 18.5f, 42.5f, 50.5f}, biased.toArray());
    }

    @Test
    void conv2dSameKeepsSizeAndStride2Halves() {
        Tensor x = Tensor.randn(new Random(1), 2, 3, 7, 7);
        Tensor w = Tensor.randn(new Random(2), 4, 3, 3, 3);
        assertArrayEquals(new int[] {2, 4, 7, 7}, Ops.conv2d(x, w, null, 1, Padding.SAME).shape());
        assertArrayEquals(new int[] {2, 4, 4, 4}, Ops.conv2d(x, w, null, 2, Padding.SAME).shape());
        assertArrayEquals(new int[] {2, 4, 3, 3}, Ops.conv2d(x, w, null, 2, Padding.VALID).shape());
    }

    /**
     * Big enough that the CPU backend splits the batch over threads; checks the forward pass and
     * both gradients (upstream gradient r) against the reference: dW = Σ r·x-window, dX by scatter.
     */
    /**
     * Both gradients against a double loop on shapes that take each weight-gradient path of the CPU
     * backend: images stacked along the depth (fewer than 256 output pixels; a group size that does not
     * divide the batch, split over threads), image by image as {@code dY·colᵀ} (C·KH·KW ≥ O) and as
     * {@code col·dYᵀ} (a first layer, O > C·KH·KW), batch 1 with stride 2, and larger odd-sized maps.
     */
    @ParameterizedTest(name = "x {0} w {1} stride {2} pad {3}")
    @MethodSource("weightGradientPaths")
    void conv2dGradientsOnEveryWeightGradientPath(int[] xs, int[] ws, int s, int pad) {
        Random rng = new Random(java.util.Arrays.hashCode(xs) * 31 + java.util.Arrays.hashCode(ws));
        Tensor x = Tensor.randn(rng, xs).requiresGrad(true);
        Tensor w = Tensor.randn(rng, ws).requiresGrad(true);
        Tensor y = Ops.conv2d(x, w, null, s, s, Padding.explicit(pad), 1, 1);
        int[] shape = new int[4];
        int[] p = {pad, pad, pad, pad};
        assertValues(naiveConv(x, w, null, s, s, p, 1, 1, shape), y, 1e-4);
        Tensor r = Tensor.randn(rng, shape);
        y.backward(r);
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], o = ws[0], kh = ws[2], kw = ws[3];
        double[] gw = new double[w.numel()];
        double[] gx = new double[x.numel()];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < shape[2]; i++) {
                    for (int j = 0; j < shape[3]; j++) {
                        double g = r.get(b, oc, i, j);
                        for (int ch = 0; ch < c; ch++) {
                            for (int k = 0; k < kh; k++) {
                                for (int l = 0; l < kw; l++) {
                                    int rr = i * s - pad + k;
                                    int cc = j * s - pad + l;
                                    if (rr >= 0 && rr < h && cc >= 0 && cc < wd) {
                                        gw[((oc * c + ch) * kh + k) * kw + l] += g * x.get(b, ch, rr, cc);
                                        gx[((b * c + ch) * h + rr) * wd + cc] += g * w.get(oc, ch, k, l);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertValues(gw, w.grad(), 1e-4);
        assertValues(gx, x.grad(), 1e-4);
    }

    static Stream<Arguments> weightGradientPaths() {
        return Stream.of(
                Arguments.of(new int[] {7, 4, 9, 9}, new int[] {20, 4, 3, 3}, 1, 0),   // 49 pixels: stacked, group 6
                Arguments.of(new int[] {3, 4, 17, 17}, new int[] {8, 4, 3, 3}, 1, 1),  // 289 pixels, O < C·KH·KW
                Arguments.of(new int[] {3, 1, 17, 16}, new int[] {12, 1, 3, 3}, 1, 1), // 272 pixels, O > C·KH·KW
                Arguments.of(new int[] {1, 2, 5, 6}, new int[] {3, 2, 2, 3}, 2, 1),    // batch 1, stride 2
                // larger maps (750 and 525 output pixels), odd sizes, stride 2
                Arguments.of(new int[] {2, 2, 30, 25}, new int[] {3, 2, 3, 3}, 1, 1),
                Arguments.of(new int[] {1, 1, 50, 41}, new int[] {2, 1, 3, 3}, 2, 1));
    }

    @Test
    void conv2dLargeBatchAndGradientsMatchReference() {
        Random rng = new Random(7);
        int[] p = {1, 1, 1, 1};
        Tensor x = Tensor.randn(rng, 6, 3, 16, 16).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 8, 3, 3, 3).requiresGrad(true);
        Tensor y = Ops.conv2d(x, w, null, 1, 1, Padding.explicit(1), 1, 1);
        int[] shape = new int[4];
        assertValues(naiveConv(x, w, null, 1, 1, p, 1, 1, shape), y, 1e-4);
        Tensor r = Tensor.randn(rng, shape);
        y.backward(r);
        double[] gw = new double[w.numel()];
        double[] gx = new double[x.numel()];
        for (int n = 0; n < 6; n++) {
            for (int o = 0; o < 8; o++) {
                for (int i = 0; i < 16; i++) {
                    for (int j = 0; j < 16; j++) {
                        double g = r.get(n, o, i, j);
                        for (int c = 0; c < 3; c++) {
                            for (int k = 0; k < 3; k++) {
                                for (int l = 0; l < 3; l++) {
                                    int rr = i - 1 + k;
                                    int cc = j - 1 + l;
                                    if (rr >= 0 && rr < 16 && cc >= 0 && cc < 16) {
                                        gw[((o * 3 + c) * 3 + k) * 3 + l] += g * x.get(n, c, rr, cc);
                                        gx[((n * 3 + c) * 16 + rr) * 16 + cc] += g * w.get(o, c, k, l);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertValues(gw, w.grad(), 1e-4);
        assertValues(gx, x.grad(), 1e-4);
    }

    // ------------------------------------------------------------------ transposed convolution

    /** Scatter form: {@code y[n, co, i·s + k − pt, j·s + l − pl] += x[n, ci, i, j] · w[ci, co, k, l]}. */
    static double[] naiveConvTranspose(Tensor x, Tensor w, Tensor b, int s, int oh, int ow, int pt, int pl) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cout = w.size(1), kh = w.size(2), kw = w.size(3);
        double[] y = new double[n * cout * oh * ow];
        for (int bn = 0; bn < n; bn++) {
            for (int co = 0; co < cout; co++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        y[((bn * cout + co) * oh + i) * ow + j] = b == null ? 0 : b.get(co);
                    }
                }
                for (int ci = 0; ci < cin; ci++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < wd; j++) {
                            for (int k = 0; k < kh; k++) {
                                for (int l = 0; l < kw; l++) {
                                    int r = i * s + k - pt;
                                    int c = j * s + l - pl;
                                    if (r >= 0 && r < oh && c >= 0 && c < ow) {
                                        y[((bn * cout + co) * oh + r) * ow + c] +=
                                                (double) x.get(bn, ci, i, j) * w.get(ci, co, k, l);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    static Stream<Arguments> transposeCases() {
        return Stream.of(
                // name, x shape, w shape (C_in, C_out, KH, KW), stride, padding, bias
                Arguments.of("valid stride 1", new int[] {1, 2, 3, 3}, new int[] {2, 3, 3, 3}, 1, Padding.VALID, true),
                Arguments.of("valid stride 2", new int[] {2, 1, 3, 2}, new int[] {1, 2, 3, 3}, 2, Padding.VALID, false),
                Arguments.of("valid stride 2, kernel 2", new int[] {1, 2, 2, 3}, new int[] {2, 1, 2, 2}, 2, Padding.VALID, true),
                Arguments.of("valid stride 2, kernel 1 (< stride)", new int[] {1, 1, 2, 3}, new int[] {1, 2, 1, 1}, 2, Padding.VALID, false),
                Arguments.of("same stride 1", new int[] {1, 2, 4, 3}, new int[] {2, 2, 3, 3}, 1, Padding.SAME, true),
                Arguments.of("same stride 2", new int[] {2, 2, 3, 3}, new int[] {2, 1, 3, 3}, 2, Padding.SAME, false),
                Arguments.of("same stride 2, kernel 4, non-square", new int[] {1, 1, 2, 3}, new int[] {1, 2, 4, 4}, 2, Padding.SAME, true),
                Arguments.of("explicit padding 1, stride 2", new int[] {1, 2, 3, 3}, new int[] {2, 1, 3, 3}, 2, Padding.explicit(1), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transposeCases")
    void conv2dTransposeMatchesReference(String name, int[] xs, int[] ws, int s, Padding padding, boolean bias) {
        Random rng = new Random(name.hashCode());
        Tensor x = Tensor.randn(rng, xs);
        Tensor w = Tensor.randn(rng, ws);
        Tensor b = bias ? Tensor.randn(rng, ws[1]) : null;
        int kh = ws[2];
        int kw = ws[3];
        int oh;
        int ow;
        int pt = 0;
        int pl = 0;
        if (padding == Padding.VALID) {
            oh = xs[2] * s + Math.max(kh - s, 0);
            ow = xs[3] * s + Math.max(kw - s, 0);
        } else if (padding == Padding.SAME) {
            oh = xs[2] * s;
            ow = xs[3] * s;
            pt = Math.max(kh - s, 0) / 2;
            pl = Math.max(kw - s, 0) / 2;
        } else { // explicit(1)
            oh = (xs[2] - 1) * s + kh - 2;
            ow = (xs[3] - 1) * s + kw - 2;
            pt = 1;
            pl = 1;
        }
        Tensor y = Ops.conv2dTranspose(x, w, b, s, padding);
        assertArrayEquals(new int[] {xs[0], ws[1], oh, ow}, y.shape());
        assertValues(naiveConvTranspose(x, w, b, s, oh, ow, pt, pl), y, 1e-5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transposeCases")
    void conv2dTransposeGradients(String name, int[] xs, int[] ws, int s, Padding padding, boolean bias) {
        Tensor x = normal(4, xs);
        Tensor w = normal(5, ws);
        if (bias) {
            assertGradients(name, in -> Ops.conv2dTranspose(in[0], in[1], in[2], s, padding), x, w, normal(6, ws[1]));
        } else {
            assertGradients(name, in -> Ops.conv2dTranspose(in[0], in[1], null, s, padding), x, w);
        }
    }

    @Test
    void conv2dTransposeKnownValues() {
        // One pixel spreads the kernel; stride 2 places two copies side by side.
        Tensor x = t(new float[] {1, 10}, 1, 1, 1, 2);
        Tensor w = t(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = Ops.conv2dTranspose(x, w, null, 2, Padding.VALID);
        assertArrayEquals(new int[] {1, 1, 2, 4}, y.shape());
        assertArrayEquals(new float[] {1, 2, 10, 20, 3, 4, 30, 40}, y.toArray());
    }

    // ------------------------------------------------------------------ pooling

    @Test
    void poolingKnownValues() {
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        assertArrayEquals(new float[] {5, 7, 13, 15}, Ops.maxPool2d(x, 2).toArray());
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, Ops.avgPool2d(x, 2).toArray());
        // 3×3 windows, stride 1: max is the bottom-right corner, mean the centre.
        assertArrayEquals(new float[] {10, 11, 14, 15}, Ops.maxPool2d(x, 3, 3, 1, 1, Padding.VALID).toArray());
        assertArrayEquals(new float[] {5, 6, 9, 10}, Ops.avgPool2d(x, 3, 3, 1, 1, Padding.VALID).toArray());
        // Non-square window 1×2, stride (1, 2).
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11, 13, 15}, Ops.maxPool2d(x, 1, 2, 1, 2, Padding.VALID).toArray());
    }

    /**
     * The 2×2 stride-2 fast path (no padding) against a hand-written rule on even and odd sizes, batch 1 and a
     * size split over threads: the output is the window's maximum, ties send the gradient to the first position
     * in row-major order, and a NaN anywhere in the window wins (the last NaN takes the gradient); the
     * inference pass (no gradient recorded, no argmax kept) gives the same maxima.
     */
    @Test
    void maxPool2x2FastPathKeepsTheTieAndNaNRules() {
        java.util.Random rng = new java.util.Random(71);
        for (int[] s : new int[][] {{1, 1, 2, 2}, {1, 3, 5, 7}, {2, 2, 6, 4}, {16, 24, 27, 26}}) {
            int n = s[0], c = s[1], h = s[2], w = s[3];
            float[] xv = new float[n * c * h * w];
            for (int i = 0; i < xv.length; i++) {
                xv[i] = rng.nextInt(4); // few distinct values: many ties
                if (rng.nextInt(40) == 0) {
                    xv[i] = Float.NaN;
                }
            }
            Tensor x = t(xv, n, c, h, w).requiresGrad(true);
            Tensor y = Ops.maxPool2d(x, 2);
            int oh = h / 2, ow = w / 2;
            assertArrayEquals(new int[] {n, c, oh, ow}, y.shape());
            y.sum().backward();
            float[] got = y.toArray();
            float[] inference = Ops.maxPool2d(t(xv, n, c, h, w), 2).toArray(); // not recorded: maxima only
            for (int i = 0; i < got.length; i++) {
                assertEquals(Float.floatToIntBits(got[i]), Float.floatToIntBits(inference[i]), "inference pass, " + i);
            }
            float[] wantGrad = new float[xv.length];
            for (int plane = 0; plane < n * c; plane++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int winner = -1;
                        for (int di = 0; di < 2; di++) {
                            for (int dj = 0; dj < 2; dj++) {
                                int at = plane * h * w + (2 * i + di) * w + 2 * j + dj;
                                boolean better = winner < 0 || Float.isNaN(xv[at]) || xv[at] > xv[winner];
                                if (better) {
                                    winner = at;
                                }
                            }
                        }
                        float want = xv[winner];
                        float value = got[(plane * oh + i) * ow + j];
                        String what = "shape " + java.util.Arrays.toString(s) + " plane " + plane + " (" + i + ", " + j + ")";
                        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(value), what);
                        wantGrad[winner] += 1f;
                    }
                }
            }
            assertArrayEquals(wantGrad, x.grad().toArray(), 0f, "gradient routing " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void poolingFloorsTheOutputSize() {
        Tensor x = Tensor.arange(25).reshape(1, 1, 5, 5);
        Tensor y = Ops.maxPool2d(x, 2);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {6, 8, 16, 18}, y.toArray());
    }

    @Test
    void samePoolingLeavesPaddingOutOfTheMeanAndTheMax() {
        // 3×3 input 0..8, window 2, stride 2, same: output 2×2, one padded row/column at the bottom/right.
        Tensor x = Tensor.arange(9).reshape(1, 1, 3, 3);
        Tensor avg = Ops.avgPool2d(x, 2, 2, 2, 2, Padding.SAME);
        assertArrayEquals(new int[] {1, 1, 2, 2}, avg.shape());
        assertArrayEquals(new float[] {2, 3.5f, 6.5f, 8}, avg.toArray());
        // Negative inputs: a padded zero must never win the max.
        Tensor neg = x.add(1).neg();
        assertArrayEquals(new float[] {-1, -3, -7, -9}, Ops.maxPool2d(neg, 2, 2, 2, 2, Padding.SAME).toArray());
    }

    @Test
    void poolingPerChannelAndImage() {
        Tensor x = Tensor.arange(32).reshape(2, 4, 2, 2);
        float[] y = Ops.maxPool2d(x, 2).toArray();
        for (int plane = 0; plane < 8; plane++) {
            assertEquals(plane * 4 + 3, y[plane], 0f, "plane " + plane);
        }
    }

    @Test
    void maxPoolGradientGoesToTheWinner() {
        Tensor x = t(new float[] {1, 9, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6}, 1, 1, 4, 4).requiresGrad(true);
        Ops.maxPool2d(x, 2).mul(t(new float[] {1, 2, 3, 4}, 1, 1, 2, 2)).sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0, 0, 2, 3, 0, 0, 0, 0, 0, 0, 4}, x.grad().toArray());
    }

    static Stream<Arguments> poolCases() {
        return Stream.of(
                // name, x shape, kh, kw, sh, sw, padding
                Arguments.of("2×2 valid, floor", new int[] {1, 2, 5, 5}, 2, 2, 2, 2, Padding.VALID),
                Arguments.of("3×3 stride 2 same", new int[] {2, 1, 5, 5}, 3, 3, 2, 2, Padding.SAME),
                Arguments.of("2×2 stride 2 same, uneven pad", new int[] {1, 1, 5, 5}, 2, 2, 2, 2, Padding.SAME),
                Arguments.of("2×2 stride 1 overlapping", new int[] {1, 1, 4, 5}, 2, 2, 1, 1, Padding.VALID),
                Arguments.of("2×3 stride (2, 1) non-square", new int[] {1, 2, 4, 5}, 2, 3, 2, 1, Padding.VALID),
                Arguments.of("3×3 stride 1 explicit 1", new int[] {1, 1, 4, 4}, 3, 3, 1, 1, Padding.explicit(1)));
    }

    @ParameterizedTest(name = "maxPool2d {0}")
    @MethodSource("poolCases")
    void maxPoolGradients(String name, int[] xs, int kh, int kw, int sh, int sw, Padding padding) {
        // Distinct values 0.1 apart: no ties inside a window, so the max is differentiable.
        assertGradients(name, in -> Ops.maxPool2d(in[0], kh, kw, sh, sw, padding), distinct(8, 0.1f, 0.01f, xs));
    }

    @ParameterizedTest(name = "avgPool2d {0}")
    @MethodSource("poolCases")
    void avgPoolGradients(String name, int[] xs, int kh, int kw, int sh, int sw, Padding padding) {
        assertGradients(name, in -> Ops.avgPool2d(in[0], kh, kw, sh, sw, padding), normal(9, xs));
    }

    @Test
    void squarePoolShortcutsGradients() {
        assertGradients("maxPool2d(x, 2)", in -> Ops.maxPool2d(in[0], 2), distinct(10, 0.1f, 0.01f, 1, 2, 4, 4));
        assertGradients("avgPool2d(x, 2)", in -> Ops.avgPool2d(in[0], 2), normal(11, 1, 2, 4, 4));
    }

    // ------------------------------------------------------------------ upsampling

    @Test
    void upsampleRepeatsPixels() {
        Tensor x = t(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = Ops.upsample2d(x, 2, 3);
        assertArrayEquals(new int[] {1, 1, 4, 6}, y.shape());
        assertArrayEquals(new float[] {
                1, 1, 1, 2, 2, 2,
                1, 1, 1, 2, 2, 2,
                3, 3, 3, 4, 4, 4,
                3, 3, 3, 4, 4, 4}, y.toArray());
        Tensor two = Tensor.arange(8).reshape(2, 1, 2, 2);
        assertArrayEquals(new float[] {4, 4, 5, 5, 4, 4, 5, 5, 6, 6, 7, 7, 6, 6, 7, 7},
                Ops.upsample2d(two, 2, 2).slice(0, 1, 2).toArray());
    }

    @Test
    void upsampleGradientSumsEachBlock() {
        Tensor x = Tensor.zeros(1, 1, 2, 2).requiresGrad(true);
        Ops.upsample2d(x, 2, 3).sum().backward();
        assertArrayEquals(new float[] {6, 6, 6, 6}, x.grad().toArray());
        assertGradients("upsample2d", in -> Ops.upsample2d(in[0], 2, 3), normal(12, 1, 2, 2, 3));
        assertGradients("upsample2d (1, 2)", in -> Ops.upsample2d(in[0], 1, 2), normal(13, 2, 1, 3, 2));
    }
}

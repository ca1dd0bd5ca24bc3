package dev.nabla.formula;

import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast float32 kernels behind {@link Ops} against the literal double-precision formulas, on
 * hundreds of seeded random configurations each: odd and even sizes, batch 1 and more,
 * non-square inputs and kernels, strides 1–3, {@code valid}/{@code same}/explicit padding.
 *
 * <p>The reference calls never see a {@link Padding} object: the test works the paddings out
 * itself from the Keras rules ({@link #samePads}), so a wrong padding rule in {@code Ops} shows up
 * as a mismatch.
 */
class KernelsMatchFormulaTest {
    private static final int CONFIGS = 220;
    private static final double TOLERANCE = 1e-4;

    // ================================================================== conv2d

    @Test
    void conv2dEqualsCrossCorrelationReference() {
        Random rng = new Random(2_001);
        int checked = 0;
        int rejected = 0;
        while (checked < CONFIGS) {
            int n = rng.nextInt(3) == 0 ? 2 + rng.nextInt(2) : 1;
            int c = 1 + rng.nextInt(4), o = 1 + rng.nextInt(4);
            int kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5);
            int sh = 1 + rng.nextInt(3), sw = 1 + rng.nextInt(3);
            int dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
            int h = 1 + rng.nextInt(12), w = 1 + rng.nextInt(12);
            int khEff = dh * (kh - 1) + 1, kwEff = dw * (kw - 1) + 1;
            Pads p = randomPads(rng, h, w, khEff, kwEff, sh, sw, 3);
            boolean withBias = rng.nextBoolean();
            String what = String.format("conv2d x (%d,%d,%d,%d) w (%d,%d,%d,%d) stride %dx%d dilation %dx%d %s%s",
                    n, c, h, w, o, c, kh, kw, sh, sw, dh, dw, p, withBias ? " +bias" : "");

            float[] xs = randoms(rng, n * c * h * w);
            float[] ws = randoms(rng, o * c * kh * kw);
            float[] bs = randoms(rng, o);
            Tensor x = Tensor.of(xs, n, c, h, w);
            Tensor wt = Tensor.of(ws, o, c, kh, kw);
            Tensor b = withBias ? Tensor.of(bs, o) : null;

            if (h + p.top + p.bottom < khEff || w + p.left + p.right < kwEff) {
                // the window does not fit: Ops must say so instead of returning garbage
                assertThrows(IllegalArgumentException.class,
                        () -> Ops.conv2d(x, wt, b, sh, sw, p.padding, dh, dw), what);
                rejected++;
                continue;
            }
            double[][][][] expected = CrossCorrelation2D.apply(to4d(xs, n, c, h, w), to4d(ws, o, c, kh, kw),
                    withBias ? toDouble(bs) : null, sh, sw, p.top, p.bottom, p.left, p.right, dh, dw);
            assertMatches(expected, Ops.conv2d(x, wt, b, sh, sw, p.padding, dh, dw), what);
            checked++;
        }
        assertTrue(rejected > 0, "some configurations should have exercised the error path");
    }

    // ================================================================== pooling

    @Test
    void maxPool2dEqualsMaxPoolingReference() {
        Random rng = new Random(2_002);
        int checked = 0;
        while (checked < CONFIGS) {
            PoolConfig cfg = PoolConfig.random(rng);
            if (cfg == null) {
                continue;
            }
            double[][][][] expected = MaxPooling2D.apply(to4d(cfg.data, cfg.n, cfg.c, cfg.h, cfg.w),
                    cfg.kh, cfg.kw, cfg.sh, cfg.sw, cfg.pads.top, cfg.pads.bottom, cfg.pads.left, cfg.pads.right);
            Tensor actual = Ops.maxPool2d(Tensor.of(cfg.data, cfg.n, cfg.c, cfg.h, cfg.w),
                    cfg.kh, cfg.kw, cfg.sh, cfg.sw, cfg.pads.padding);
            assertMatches(expected, actual, "maxPool2d " + cfg);
            checked++;
        }
    }

    @Test
    void avgPool2dEqualsAveragePoolingReference() {
        Random rng = new Random(2_003);
        int checked = 0;
        while (checked < CONFIGS) {
            PoolConfig cfg = PoolConfig.random(rng);
            if (cfg == null) {
                continue;
            }
            double[][][][] expected = AveragePooling2D.apply(to4d(cfg.data, cfg.n, cfg.c, cfg.h, cfg.w),
                    cfg.kh, cfg.kw, cfg.sh, cfg.sw, cfg.pads.top, cfg.pads.bottom, cfg.pads.left, cfg.pads.right);
            Tensor actual = Ops.avgPool2d(Tensor.of(cfg.data, cfg.n, cfg.c, cfg.h, cfg.w),
                    cfg.kh, cfg.kw, cfg.sh, cfg.sw, cfg.pads.padding);
            assertMatches(expected, actual, "avgPool2d " + cfg);
            checked++;
        }
    }

    /** A random pooling problem; null when the window does not fit (then Ops must refuse it). */
    private static final class PoolConfig {
        int n, c, h, w, kh, kw, sh, sw;
        Pads pads;
        float[] data;

        static PoolConfig random(Random rng) {
            PoolConfig p = new PoolConfig();
            p.n = rng.nextInt(3) == 0 ? 2 + rng.nextInt(2) : 1;
            p.c = 1 + rng.nextInt(4);
            p.kh = 1 + rng.nextInt(5);
            p.kw = 1 + rng.nextInt(5);
            p.sh = 1 + rng.nextInt(3);
            p.sw = 1 + rng.nextInt(3);
            p.h = 1 + rng.nextInt(12);
            p.w = 1 + rng.nextInt(12);
            // explicit pooling pads stay below the window (Keras never pads more; Ops requires it)
            p.pads = randomPads(rng, p.h, p.w, p.kh, p.kw, p.sh, p.sw, -1);
            p.data = randoms(rng, p.n * p.c * p.h * p.w);
            if (p.h + p.pads.top + p.pads.bottom < p.kh || p.w + p.pads.left + p.pads.right < p.kw) {
                Tensor x = Tensor.of(p.data, p.n, p.c, p.h, p.w);
                assertThrows(IllegalArgumentException.class,
                        () -> Ops.maxPool2d(x, p.kh, p.kw, p.sh, p.sw, p.pads.padding), p.toString());
                assertThrows(IllegalArgumentException.class,
                        () -> Ops.avgPool2d(x, p.kh, p.kw, p.sh, p.sw, p.pads.padding), p.toString());
                return null;
            }
            return p;
        }

        @Override
        public String toString() {
            return String.format("x (%d,%d,%d,%d) window %dx%d stride %dx%d %s", n, c, h, w, kh, kw, sh, sw, pads);
        }
    }

    // ================================================================== rnnStep

    @Test
    void rnnStepEqualsRecurrentStepWithTransposedWeights() {
        Random rng = new Random(2_004);
        for (int trial = 0; trial < CONFIGS; trial++) {
            int batch = 1 + rng.nextInt(4), in = 1 + rng.nextInt(6), units = 1 + rng.nextInt(6);
            String what = "rnnStep batch " + batch + ", in " + in + ", units " + units + " (trial " + trial + ")";
            // the formula's weights, column-vector convention: W (units × in), R (units × units)
            double[][] w = toDouble(randoms(rng, units * in), units, in);
            double[][] r = toDouble(randoms(rng, units * units), units, units);
            float[] bs = randoms(rng, units);
            float[] xs = randoms(rng, batch * in);
            float[] hs = randoms(rng, batch * units);
            // Keras layout for Ops: W_ops = Wᵀ (in, units), R_ops = Rᵀ — as fresh arrays on even
            // trials, as transposed views of the formula's matrices on odd ones
            boolean views = trial % 2 == 1;
            Tensor wOps = views ? Tensor.of(toFloat(w), units, in).transpose(0, 1)
                    : Tensor.of(toFloat(RecurrentStep.transpose(w)), in, units);
            Tensor rOps = views ? Tensor.of(toFloat(r), units, units).transpose(0, 1)
                    : Tensor.of(toFloat(RecurrentStep.transpose(r)), units, units);
            Tensor actual = Ops.rnnStep(Tensor.of(xs, batch, in), Tensor.of(hs, batch, units), wOps, rOps,
                    Tensor.of(bs, units));
            assertArrayEquals(new int[] {batch, units}, actual.shape(), what);
            float[] got = actual.toArray();
            double[][] x = toDouble(xs, batch, in);
            double[][] h = toDouble(hs, batch, units);
            for (int row = 0; row < batch; row++) {
                double[] expected = RecurrentStep.step(w, r, toDouble(bs), x[row], h[row]);
                for (int u = 0; u < units; u++) {
                    assertClose(expected[u], got[row * units + u], what + " at [" + row + "][" + u + "]");
                }
            }
        }
    }

    // ================================================================== conv2dTranspose and gradients

    @Test
    void conv2dTransposeEqualsScatterDefinition() {
        Random rng = new Random(2_005);
        int checked = 0;
        while (checked < 80) {
            int n = 1 + rng.nextInt(2), cin = 1 + rng.nextInt(3), cout = 1 + rng.nextInt(3);
            int kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5), s = 1 + rng.nextInt(3);
            int h = 1 + rng.nextInt(7), w = 1 + rng.nextInt(7);
            int mode = rng.nextInt(3);
            // Keras Conv2DTranspose output sizes and paddings, worked out here independently of Ops
            int oh, ow, pt, pl;
            Padding padding;
            if (mode == 0) {
                padding = Padding.VALID;
                oh = h * s + Math.max(kh - s, 0);
                ow = w * s + Math.max(kw - s, 0);
                pt = 0;
                pl = 0;
            } else if (mode == 1) {
                padding = Padding.SAME;
                oh = h * s;
                ow = w * s;
                pt = Math.max(kh - s, 0) / 2;   // the forward "same" padding of an (h·s)-sized input
                pl = Math.max(kw - s, 0) / 2;
            } else {
                pt = rng.nextInt(3);
                int pb = rng.nextInt(3);
                pl = rng.nextInt(3);
                int pr = rng.nextInt(3);
                padding = Padding.explicit(pt, pb, pl, pr);
                oh = (h - 1) * s + kh - pt - pb;
                ow = (w - 1) * s + kw - pl - pr;
                if (oh <= 0 || ow <= 0) {
                    continue;
                }
            }
            String what = String.format("conv2dTranspose x (%d,%d,%d,%d) w (%d,%d,%d,%d) stride %d %s",
                    n, cin, h, w, cin, cout, kh, kw, s, padding);
            float[] xs = randoms(rng, n * cin * h * w);
            float[] ws = randoms(rng, cin * cout * kh * kw);
            double[][][][] expected = scatter(to4d(xs, n, cin, h, w), to4d(ws, cin, cout, kh, kw), oh, ow, s, s, pt, pl, 1, 1);
            Tensor actual = Ops.conv2dTranspose(Tensor.of(xs, n, cin, h, w), Tensor.of(ws, cin, cout, kh, kw), null, s, padding);
            assertMatches(expected, actual, what);
            checked++;
        }
    }

    /**
     * The gradient of {@code conv2d} with respect to its input and weight against double references
     * (the input gradient is the scatter of {@code dY} through the kernel; the weight gradient the
     * correlation of the input with {@code dY}), and the identity
     * {@code dL/dx = conv2dTranspose(dL/dy, w)} with the forward convolution's weights.
     */
    @Test
    void conv2dGradientsMatchReferencesAndTransposedConvolution() {
        Random rng = new Random(2_006);
        int checked = 0;
        while (checked < 80) {
            int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), o = 1 + rng.nextInt(3);
            int kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5);
            int s = 1 + rng.nextInt(3);
            int h = 1 + rng.nextInt(10), w = 1 + rng.nextInt(10);
            int mode = rng.nextInt(3);
            if (mode == 1) {
                // "same" for the transposed convolution pads as for an input of size out·s, so the
                // identity holds when h and w are multiples of the stride
                h = s * (1 + rng.nextInt(4));
                w = s * (1 + rng.nextInt(4));
            }
            Pads p = mode == 0 ? Pads.valid() : mode == 1 ? samePads(h, w, kh, kw, s, s)
                    : Pads.explicit(rng.nextInt(3), rng.nextInt(3), rng.nextInt(3), rng.nextInt(3));
            if (h + p.top + p.bottom < kh || w + p.left + p.right < kw) {
                continue;
            }
            int oh = (h + p.top + p.bottom - kh) / s + 1;
            int ow = (w + p.left + p.right - kw) / s + 1;
            String what = String.format("conv2d gradient x (%d,%d,%d,%d) w (%d,%d,%d,%d) stride %d %s",
                    n, c, h, w, o, c, kh, kw, s, p);
            float[] xs = randoms(rng, n * c * h * w);
            float[] ws = randoms(rng, o * c * kh * kw);
            float[] gs = randoms(rng, n * o * oh * ow);
            Tensor x = Tensor.of(xs, n, c, h, w).requiresGrad(true);
            Tensor wt = Tensor.of(ws, o, c, kh, kw).requiresGrad(true);
            Tensor y = Ops.conv2d(x, wt, null, s, p.padding);
            assertArrayEquals(new int[] {n, o, oh, ow}, y.shape(), what);
            Tensor g = Tensor.of(gs, n, o, oh, ow);
            y.backward(g);

            double[][][][] gd = to4d(gs, n, o, oh, ow);
            double[][][][] xd = to4d(xs, n, c, h, w);
            double[][][][] wd = to4d(ws, o, c, kh, kw);
            assertMatches(scatter(gd, wd, h, w, s, s, p.top, p.left, 1, 1), x.grad(), what + " dL/dx");
            assertMatches(weightGradient(xd, gd, kh, kw, s, s, p.top, p.left, 1, 1), wt.grad(), what + " dL/dw");

            // the identity: dL/dx = conv2dTranspose(dL/dy, w) where both are defined
            Tensor t;
            try {
                t = Ops.conv2dTranspose(g, Tensor.of(ws, o, c, kh, kw), null, s, p.padding);
            } catch (IllegalArgumentException e) {
                continue;   // explicit padding larger than the transposed output: nothing to compare
            }
            assertEqualOnOverlap(x.grad(), t, what + " vs conv2dTranspose");
            checked++;
        }
    }

    /**
     * Batches big enough for the CPU backend to split the work over threads (its chunking only
     * starts above ~200k multiply-adds), forward and both gradients.
     */
    @Test
    void largerBatchesTakeTheParallelPath() {
        Random rng = new Random(2_008);
        for (int trial = 0; trial < 6; trial++) {
            int n = 4 + rng.nextInt(3), c = 2 + rng.nextInt(3), o = 6 + rng.nextInt(4);
            int kh = 3 + rng.nextInt(3), kw = 3 + rng.nextInt(3), sh = 1 + rng.nextInt(2), sw = 1 + rng.nextInt(2);
            int h = 15 + rng.nextInt(6), w = 15 + rng.nextInt(6);
            Pads p = randomPads(rng, h, w, kh, kw, sh, sw, 2);
            int oh = (h + p.top + p.bottom - kh) / sh + 1;
            int ow = (w + p.left + p.right - kw) / sw + 1;
            String what = String.format("large conv2d x (%d,%d,%d,%d) w (%d,%d,%d,%d) stride %dx%d %s",
                    n, c, h, w, o, c, kh, kw, sh, sw, p);
            float[] xs = randoms(rng, n * c * h * w);
            float[] ws = randoms(rng, o * c * kh * kw);
            float[] gs = randoms(rng, n * o * oh * ow);
            Tensor x = Tensor.of(xs, n, c, h, w).requiresGrad(true);
            Tensor wt = Tensor.of(ws, o, c, kh, kw).requiresGrad(true);
            Tensor y = Ops.conv2d(x, wt, null, sh, sw, p.padding, 1, 1);
            double[][][][] xd = to4d(xs, n, c, h, w);
            double[][][][] wd = to4d(ws, o, c, kh, kw);
            double[][][][] gd = to4d(gs, n, o, oh, ow);
            assertMatches(CrossCorrelation2D.apply(xd, wd, null, sh, sw, p.top, p.bottom, p.left, p.right, 1, 1), y, what);
            y.backward(Tensor.of(gs, n, o, oh, ow));
            assertMatches(scatter(gd, wd, h, w, sh, sw, p.top, p.left, 1, 1), x.grad(), what + " dL/dx");
            assertMatches(weightGradient(xd, gd, kh, kw, sh, sw, p.top, p.left, 1, 1), wt.grad(), what + " dL/dw");
        }
    }

    /** Views (a transposed image, a slice with an offset) give the same results as fresh arrays. */
    @Test
    void viewsAsInputs() {
        Random rng = new Random(2_009);
        int n = 3, c = 2, h = 7, w = 5, o = 3, k = 3;
        float[] raw = randoms(rng, n * c * w * h);
        // stored as (N, C, W, H); transpose(2, 3) makes a non-contiguous (N, C, H, W) view
        Tensor view = Tensor.of(raw, n, c, w, h).transpose(2, 3).slice(0, 1, 3);   // images 1 and 2 only
        float[] dense = view.toArray();
        double[][][][] xd = to4d(dense, 2, c, h, w);
        float[] ws = randoms(rng, o * c * k * k);
        Pads same = samePads(h, w, k, k, 2, 1);
        assertMatches(CrossCorrelation2D.apply(xd, to4d(ws, o, c, k, k), null, 2, 1,
                        same.top, same.bottom, same.left, same.right, 1, 1),
                Ops.conv2d(view, Tensor.of(ws, o, c, k, k), null, 2, 1, Padding.SAME, 1, 1), "conv2d of a view");
        assertMatches(MaxPooling2D.apply(xd, 2, 2, 2, 2, 0, 0, 0, 0), Ops.maxPool2d(view, 2), "maxPool2d of a view");
        assertMatches(AveragePooling2D.apply(xd, 2, 2, 2, 2, 0, 0, 0, 0), Ops.avgPool2d(view, 2), "avgPool2d of a view");
    }

    /** conv2d's input gradient with dilation and unequal strides (no transposed op to compare to). */
    @Test
    void dilatedConv2dInputGradientMatchesScatter() {
        Random rng = new Random(2_007);
        int checked = 0;
        while (checked < 40) {
            int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), o = 1 + rng.nextInt(3);
            int kh = 1 + rng.nextInt(4), kw = 1 + rng.nextInt(4);
            int sh = 1 + rng.nextInt(3), sw = 1 + rng.nextInt(3), dh = 1 + rng.nextInt(2), dw = 1 + rng.nextInt(2);
            int h = 1 + rng.nextInt(10), w = 1 + rng.nextInt(10);
            int khEff = dh * (kh - 1) + 1, kwEff = dw * (kw - 1) + 1;
            Pads p = randomPads(rng, h, w, khEff, kwEff, sh, sw, 2);
            if (h + p.top + p.bottom < khEff || w + p.left + p.right < kwEff) {
                continue;
            }
            int oh = (h + p.top + p.bottom - khEff) / sh + 1;
            int ow = (w + p.left + p.right - kwEff) / sw + 1;
            String what = String.format("conv2d gradient x (%d,%d,%d,%d) w (%d,%d,%d,%d) stride %dx%d dilation %dx%d %s",
                    n, c, h, w, o, c, kh, kw, sh, sw, dh, dw, p);
            float[] xs = randoms(rng, n * c * h * w);
            float[] ws = randoms(rng, o * c * kh * kw);
            float[] gs = randoms(rng, n * o * oh * ow);
            Tensor x = Tensor.of(xs, n, c, h, w).requiresGrad(true);
            Tensor wt = Tensor.of(ws, o, c, kh, kw).requiresGrad(true);
            Ops.conv2d(x, wt, null, sh, sw, p.padding, dh, dw).backward(Tensor.of(gs, n, o, oh, ow));
            double[][][][] gd = to4d(gs, n, o, oh, ow);
            assertMatches(scatter(gd, to4d(ws, o, c, kh, kw), h, w, sh, sw, p.top, p.left, dh, dw), x.grad(),
                    what + " dL/dx");
            assertMatches(weightGradient(to4d(xs, n, c, h, w), gd, kh, kw, sh, sw, p.top, p.left, dh, dw), wt.grad(),
                    what + " dL/dw");
            checked++;
        }
    }

    /**
     * The literal transposed convolution: every input pixel {@code x[n][a][i][j]} adds
     * {@code x · w[a][b][k][l]} to output {@code y[n][b][i·sh − pt + k·dh][j·sw − pl + l·dw]}
     * (positions outside the {@code outH × outW} output are dropped). {@code w} is
     * {@code (C_in, C_out, KH, KW)}.
     */
    static double[][][][] scatter(double[][][][] x, double[][][][] w, int outH, int outW,
                                  int sh, int sw, int pt, int pl, int dh, int dw) {
        int n = x.length, cin = x[0].length, h = x[0][0].length, wd = x[0][0][0].length;
        int cout = w[0].length, kh = w[0][0].length, kw = w[0][0][0].length;
        double[][][][] y = new double[n][cout][outH][outW];
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < cin; a++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        for (int oc = 0; oc < cout; oc++) {
                            for (int k = 0; k < kh; k++) {
                                for (int l = 0; l < kw; l++) {
                                    int r = i * sh - pt + k * dh;
                                    int q = j * sw - pl + l * dw;
                                    if (r >= 0 && r < outH && q >= 0 && q < outW) {
                                        y[b][oc][r][q] += x[b][a][i][j] * w[a][oc][k][l];
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

    /** {@code dL/dw[o][c][k][l] = Σ_n Σ_i Σ_j g[n][o][i][j] · x[n][c][i·sh − pt + k·dh][j·sw − pl + l·dw]}. */
    static double[][][][] weightGradient(double[][][][] x, double[][][][] g, int kh, int kw,
                                         int sh, int sw, int pt, int pl, int dh, int dw) {
        int n = x.length, c = x[0].length, h = x[0][0].length, wd = x[0][0][0].length;
        int o = g[0].length, oh = g[0][0].length, ow = g[0][0][0].length;
        double[][][][] gw = new double[o][c][kh][kw];
        for (int oc = 0; oc < o; oc++) {
            for (int ch = 0; ch < c; ch++) {
                for (int k = 0; k < kh; k++) {
                    for (int l = 0; l < kw; l++) {
                        double sum = 0;
                        for (int b = 0; b < n; b++) {
                            for (int i = 0; i < oh; i++) {
                                for (int j = 0; j < ow; j++) {
                                    int r = i * sh - pt + k * dh;
                                    int q = j * sw - pl + l * dw;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        sum += g[b][oc][i][j] * x[b][ch][r][q];
                                    }
                                }
                            }
                        }
                        gw[oc][ch][k][l] = sum;
                    }
                }
            }
        }
        return gw;
    }

    // ================================================================== padding, worked out here

    /** Resolved paddings plus the {@link Padding} handed to Ops. */
    private static final class Pads {
        final int top, bottom, left, right;
        final Padding padding;

        Pads(int top, int bottom, int left, int right, Padding padding) {
            this.top = top;
            this.bottom = bottom;
            this.left = left;
            this.right = right;
            this.padding = padding;
        }

        static Pads valid() {
            return new Pads(0, 0, 0, 0, Padding.VALID);
        }

        static Pads explicit(int top, int bottom, int left, int right) {
            return new Pads(top, bottom, left, right, Padding.explicit(top, bottom, left, right));
        }

        @Override
        public String toString() {
            return padding + " → pads (" + top + ", " + bottom + ", " + left + ", " + right + ")";
        }
    }

    /**
     * Keras/TensorFlow {@code "same"}: {@code out = ⌈n/s⌉}, total padding
     * {@code max((out−1)·s + k_eff − n, 0)}, {@code before = ⌊total/2⌋}, {@code after} the rest.
     */
    static Pads samePads(int h, int w, int khEff, int kwEff, int sh, int sw) {
        int outH = (int) Math.ceil(h / (double) sh);
        int outW = (int) Math.ceil(w / (double) sw);
        int totalH = Math.max((outH - 1) * sh + khEff - h, 0);
        int totalW = Math.max((outW - 1) * sw + kwEff - w, 0);
        return new Pads(totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2, Padding.SAME);
    }

    /**
     * VALID, SAME or explicit with equal probability. Explicit pads are drawn from
     * {@code 0..maxPad}, or, when {@code maxPad < 0}, from {@code 0..k−1} per axis (pooling).
     */
    private static Pads randomPads(Random rng, int h, int w, int khEff, int kwEff, int sh, int sw, int maxPad) {
        switch (rng.nextInt(3)) {
            case 0:
                return Pads.valid();
            case 1:
                return samePads(h, w, khEff, kwEff, sh, sw);
            default:
                int limitH = maxPad < 0 ? khEff - 1 : maxPad;
                int limitW = maxPad < 0 ? kwEff - 1 : maxPad;
                return Pads.explicit(rng.nextInt(limitH + 1), rng.nextInt(limitH + 1),
                        rng.nextInt(limitW + 1), rng.nextInt(limitW + 1));
        }
    }

    // ================================================================== helpers

    private static float[] randoms(Random rng, int count) {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double[][] toDouble(float[] a, int rows, int cols) {
        double[][] d = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                d[r][c] = a[r * cols + c];
            }
        }
        return d;
    }

    private static float[] toFloat(double[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[0].length; c++) {
                f[r * a[0].length + c] = (float) a[r][c];
            }
        }
        return f;
    }

    /** Row-major {@code float[]} to {@code double[d0][d1][d2][d3]}. */
    private static double[][][][] to4d(float[] a, int d0, int d1, int d2, int d3) {
        double[][][][] d = new double[d0][d1][d2][d3];
        int p = 0;
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++) {
                for (int k = 0; k < d2; k++) {
                    for (int l = 0; l < d3; l++) {
                        d[i][j][k][l] = a[p++];
                    }
                }
            }
        }
        return d;
    }

    private static void assertMatches(double[][][][] expected, Tensor actual, String what) {
        int[] shape = {expected.length, expected[0].length, expected[0][0].length, expected[0][0][0].length};
        assertArrayEquals(shape, actual.shape(), what + ": shape");
        float[] got = actual.toArray();
        int p = 0;
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int k = 0; k < shape[2]; k++) {
                    for (int l = 0; l < shape[3]; l++) {
                        assertClose(expected[i][j][k][l], got[p++], what + " at [" + i + "][" + j + "][" + k + "][" + l + "]");
                    }
                }
            }
        }
    }

    /**
     * {@code grad} (the input gradient, H×W) and {@code transposed} (conv2dTranspose of dL/dy) agree
     * where both have the position. The transposed output can be smaller: it cannot know the
     * forward rows/columns the stride left over (PyTorch's {@code output_padding}); those gradient
     * entries are checked against the scatter reference instead. Where it is larger ("valid" with
     * kernel &lt; stride) its extra entries must be 0.
     */
    private static void assertEqualOnOverlap(Tensor grad, Tensor transposed, String what) {
        Tensor a = grad;
        Tensor b = transposed;
        int[] sa = a.shape(), sb = b.shape();
        assertTrue(sa[0] == sb[0] && sa[1] == sb[1], what + ": shapes " + Arrays.toString(sa) + " vs " + Arrays.toString(sb));
        int h = Math.max(sa[2], sb[2]), w = Math.max(sa[3], sb[3]);
        for (int n = 0; n < sa[0]; n++) {
            for (int c = 0; c < sa[1]; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        boolean inA = i < sa[2] && j < sa[3], inB = i < sb[2] && j < sb[3];
                        if (inA && !inB) {
                            continue;
                        }
                        float va = inA ? a.get(n, c, i, j) : 0f;
                        float vb = inB ? b.get(n, c, i, j) : 0f;
                        assertClose(va, vb, what + " at [" + n + "][" + c + "][" + i + "][" + j + "]");
                    }
                }
            }
        }
    }

    private static void assertClose(double expected, float actual, String what) {
        if (!(Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected)))) {
            fail(what + ": expected " + expected + " (formula) but the kernel gave " + actual);
        }
    }
}

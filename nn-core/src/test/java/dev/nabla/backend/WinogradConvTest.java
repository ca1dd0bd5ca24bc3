package dev.nabla.backend;

import dev.nabla.autograd.GradCheck;
import dev.nabla.formula.CrossCorrelation2D;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Winograd F(2×2, 3×3) ({@link WinogradConv}) against the literal formulas, the path selection
 * ({@link ConvPath}) and {@code -Dnabla.conv}.
 *
 * <p>Tolerance: Winograd's result for output {@code y} is a sum of products {@code d·g} of the 16 inputs of the
 * output's 4×4 tile and the 9 weights, per channel, with coefficients of absolute value ≤ 4, formed in at most
 * C + 12 float rounding steps (the class Javadoc of {@link WinogradConv}), so
 * {@code |y − exact| ≤ 4·(C + 12)·2⁻²⁴·Σ_c (Σ_tile |d|)(Σ |g|)} (to first order; checked with a 1 % margin). A wrong
 * transform, tile position or padding gives errors of the size of the terms themselves, far above it.
 */
class WinogradConvTest {
    private static final double U = Math.scalb(1.0, -24);

    private ConvPath.Mode saved;

    @BeforeEach
    void save() {
        saved = ConvPath.use(ConvPath.Mode.AUTO);
    }

    @AfterEach
    void restore() {
        ConvPath.use(saved);
    }

    /** A convolution: input (n, c, h, w), o filters 3×3, paddings top, bottom, left, right. */
    record Case(int n, int c, int h, int w, int o, int pt, int pb, int pl, int pr) {
        int oh() {
            return h + pt + pb - 2;
        }

        int ow() {
            return w + pl + pr - 2;
        }

        ConvSpec spec() {
            return new ConvSpec(1, 1, 1, 1, pt, pb, pl, pr);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case(1, 1, 5, 7, 1, 1, 1, 1, 1),      // batch 1, 1 channel, odd sizes, same
            new Case(2, 3, 3, 3, 2, 0, 0, 0, 0),      // valid on a 3×3 input: one output pixel (a partial tile)
            new Case(1, 2, 1, 1, 3, 1, 1, 1, 1),      // 1×1 input, same
            new Case(1, 1, 1, 1, 1, 2, 2, 2, 2),      // 1×1 input, padding 2: 3×3 output
            new Case(3, 40, 9, 11, 24, 1, 1, 1, 1),   // O ≠ C, wide enough for real GEMMs, same
            new Case(2, 33, 8, 6, 17, 0, 0, 0, 0),    // valid, even sizes
            new Case(1, 5, 6, 9, 7, 0, 2, 1, 0),      // asymmetric padding
            new Case(2, 17, 7, 5, 9, 2, 1, 0, 2),     // asymmetric padding with a 2
            new Case(1, 4, 4, 4, 3, 3, 0, 0, 3),      // padding 3 (forward only; the input gradient falls back)
            new Case(3, 8, 30, 34, 6, 1, 1, 1, 1));   // 255 tiles per image: blocks of tiles span images

    // ------------------------------------------------------------------ forward

    @Test
    void forwardMatchesTheCrossCorrelationFormula() {
        Random rng = new Random(601);
        ConvPath.use(ConvPath.Mode.WINOGRAD);
        for (Case k : CASES) {
            float[] x = randoms(rng, k.n * k.c * k.h * k.w);
            float[] w = randoms(rng, k.o * k.c * 9);
            double[] expected = flatten(CrossCorrelation2D.apply(to4d(x, k.n, k.c, k.h, k.w), to4d(w, k.o, k.c, 3, 3),
                    null, 1, 1, k.pt, k.pb, k.pl, k.pr, 1, 1));
            double[] bound = bound(x, k.n, k.c, k.h, k.w, forwardKernelAbs(w, k.o, k.c), k.o, k.pt, k.pl, k.oh(), k.ow());

            float[] direct = new float[k.n * k.o * k.oh() * k.ow()];
            java.util.Arrays.fill(direct, Float.NaN); // every element must be written
            WinogradConv.forward(x, w, direct, k.n, k.c, k.h, k.w, k.o, k.pt, k.pl, k.oh(), k.ow());
            assertWithin(expected, bound, direct, k + " WinogradConv.forward");

            assertTrue(ConvPath.forward(k.c, k.o, 3, 3, k.oh(), k.ow(), k.spec()), k + " should take Winograd");
            Tensor y = new CpuBackend().conv2d(Tensor.of(x, k.n, k.c, k.h, k.w), Tensor.of(w, k.o, k.c, 3, 3), k.spec());
            assertArrayEquals(new int[] {k.n, k.o, k.oh(), k.ow()}, y.shape(), k.toString());
            assertArrayEquals(direct, y.toArray(), k + " CpuBackend.conv2d under -Dnabla.conv=winograd");
        }
    }

    @Test
    void theTwoPathsDifferOnlyByRounding() {
        Case k = new Case(2, 24, 10, 9, 12, 1, 1, 1, 1);
        Random rng = new Random(602);
        float[] xs = randoms(rng, k.n * k.c * k.h * k.w);
        float[] ws = randoms(rng, k.o * k.c * 9);
        Tensor x = Tensor.of(xs, k.n, k.c, k.h, k.w);
        Tensor w = Tensor.of(ws, k.o, k.c, 3, 3);
        ConvPath.use(ConvPath.Mode.WINOGRAD);
        float[] wino = Ops.conv2d(x, w, null, 1, Padding.SAME).toArray();
        ConvPath.use(ConvPath.Mode.IM2COL);
        float[] im2col = Ops.conv2d(x, w, null, 1, Padding.SAME).toArray();
        double[] bound = bound(xs, k.n, k.c, k.h, k.w, forwardKernelAbs(ws, k.o, k.c), k.o, 1, 1, k.oh(), k.ow());
        int differ = 0;
        double largest = 0;
        for (int i = 0; i < wino.length; i++) {
            // the im2col result is within its own (much smaller) GEMM bound of the exact value
            assertTrue(Math.abs(wino[i] - im2col[i]) <= 2 * bound[i], "element " + i);
            differ += wino[i] != im2col[i] ? 1 : 0;
            largest = Math.max(largest, Math.abs(im2col[i]));
        }
        assertTrue(largest > 1, "non-trivial values");
        assertTrue(differ > wino.length / 10, "the paths should really differ (only " + differ + " elements do)");
    }

    // ------------------------------------------------------------------ input gradient

    @Test
    void inputGradientMatchesTheScatterDefinition() {
        Random rng = new Random(603);
        ConvPath.use(ConvPath.Mode.WINOGRAD);
        int checked = 0;
        for (Case k : CASES) {
            boolean applies = k.pt <= 2 && k.pb <= 2 && k.pl <= 2 && k.pr <= 2;
            assertEquals(applies, ConvPath.backwardInput(k.c, k.o, 3, 3, k.h, k.w, k.oh(), k.ow(), k.spec()), k.toString());
            if (!applies) {
                continue;
            }
            float[] w = randoms(rng, k.o * k.c * 9);
            float[] gy = randoms(rng, k.n * k.o * k.oh() * k.ow());
            double[] expected = scatter(gy, w, k);
            // the same correlation bound, for gy (o channels) padded by 2 − p into c channels of h × w
            double[][] kAbs = forwardKernelAbs(w, k.o, k.c);
            double[][] swapped = new double[k.c][k.o];
            for (int oc = 0; oc < k.o; oc++) {
                for (int ic = 0; ic < k.c; ic++) {
                    swapped[ic][oc] = kAbs[oc][ic];
                }
            }
            double[] bound = bound(gy, k.n, k.o, k.oh(), k.ow(), swapped, k.c, 2 - k.pt, 2 - k.pl, k.h, k.w);

            float[] direct = new float[k.n * k.c * k.h * k.w];
            java.util.Arrays.fill(direct, Float.NaN);
            WinogradConv.backwardInput(gy, w, direct, k.n, k.c, k.h, k.w, k.o, k.oh(), k.ow(), k.pt, k.pl);
            assertWithin(expected, bound, direct, k + " WinogradConv.backwardInput");

            int[] shape = {k.n, k.c, k.h, k.w};
            Tensor gx = new CpuBackend().conv2dBackwardInput(Tensor.of(gy, k.n, k.o, k.oh(), k.ow()),
                    Tensor.of(w, k.o, k.c, 3, 3), shape, k.spec());
            assertArrayEquals(direct, gx.toArray(), k + " CpuBackend.conv2dBackwardInput under winograd");
            checked++;
        }
        assertEquals(CASES.size() - 1, checked);
    }

    @Test
    void gradientCheckThroughTheWinogradPath() {
        ConvPath.use(ConvPath.Mode.WINOGRAD);
        Random rng = new Random(604);
        Tensor x = Tensor.of(randoms(rng, 2 * 3 * 5 * 6), 2, 3, 5, 6).requiresGrad(true);
        Tensor w = Tensor.of(randoms(rng, 4 * 3 * 9), 4, 3, 3, 3).requiresGrad(true);
        Tensor b = Tensor.of(randoms(rng, 4), 4).requiresGrad(true);
        assertTrue(ConvPath.forward(3, 4, 3, 3, 5, 6, new ConvSpec(1, 1, 1, 1, 1, 1, 1, 1)));
        assertTrue(ConvPath.backwardInput(3, 4, 3, 3, 5, 6, 5, 6, new ConvSpec(1, 1, 1, 1, 1, 1, 1, 1)));
        for (Padding p : new Padding[] {Padding.SAME, Padding.VALID, Padding.explicit(2, 0, 1, 2)}) {
            GradCheck.Result r = new GradCheck().check(in -> Ops.conv2d(in[0], in[1], in[2], 1, p), x, w, b);
            assertTrue(r.passed(), p + ": " + r.worst());
        }
    }

    // ------------------------------------------------------------------ selection

    @Test
    void fallsBackToIm2colWhereWinogradDoesNotApply() {
        ConvPath.use(ConvPath.Mode.WINOGRAD);
        ConvSpec same = new ConvSpec(1, 1, 1, 1, 1, 1, 1, 1);
        assertFalse(ConvPath.forward(16, 16, 5, 5, 10, 10, same), "5×5 kernel");
        assertFalse(ConvPath.forward(16, 16, 3, 1, 10, 10, same), "3×1 kernel");
        assertFalse(ConvPath.forward(16, 16, 3, 3, 5, 5, new ConvSpec(2, 2, 1, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(ConvPath.forward(16, 16, 3, 3, 8, 8, new ConvSpec(1, 1, 2, 2, 1, 1, 1, 1)), "dilation 2");
        assertFalse(ConvPath.backwardInput(16, 16, 3, 3, 10, 10, 14, 10, new ConvSpec(1, 1, 1, 1, 3, 3, 1, 1)),
                "padding 3: the gradient's padding would be −1");
        // and the fallback gives im2col's result exactly
        Random rng = new Random(605);
        Tensor x = Tensor.of(randoms(rng, 2 * 3 * 9 * 8), 2, 3, 9, 8);
        Tensor w = Tensor.of(randoms(rng, 4 * 3 * 3 * 3), 4, 3, 3, 3);
        float[] wino = Ops.conv2d(x, w, null, 2, Padding.SAME).toArray();
        ConvPath.use(ConvPath.Mode.IM2COL);
        assertArrayEquals(Ops.conv2d(x, w, null, 2, Padding.SAME).toArray(), wino);
    }

    @Test
    void im2colModeNeverTakesWinograd() {
        ConvPath.use(ConvPath.Mode.IM2COL);
        ConvSpec same = new ConvSpec(1, 1, 1, 1, 1, 1, 1, 1);
        assertFalse(ConvPath.forward(64, 64, 3, 3, 64, 64, same));
        assertFalse(ConvPath.backwardInput(64, 64, 3, 3, 64, 64, 64, 64, same));
    }

    @Test
    void autoRulePicksTheMeasuredWinner() {
        ConvPath.use(ConvPath.Mode.AUTO);
        ConvSpec same = new ConvSpec(1, 1, 1, 1, 1, 1, 1, 1);
        ConvSpec valid = new ConvSpec(1, 1, 1, 1, 0, 0, 0, 0);
        // the multiplication ratio: 2.25 on even outputs, less where tiles stick out
        assertEquals(2.25, ConvPath.multiplicationRatio(64 * 64, 64, 64), 1e-12);
        assertEquals(81.0 / 64, ConvPath.multiplicationRatio(9, 3, 3), 1e-12);
        assertEquals(9.0 * 121 / (16 * 49), ConvPath.multiplicationRatio(121, 13, 13), 1e-12);
        // the issue's layer [32,16,64,64] → 32, same: forward im2col (16 channels), input gradient Winograd
        assertFalse(ConvPath.forward(16, 32, 3, 3, 64, 64, same));
        assertTrue(ConvPath.backwardInput(16, 32, 3, 3, 64, 64, 64, 64, same));
        // the seed CNN: conv1 (1 channel) im2col both ways; conv2 [32,13,13] → 64 and conv3 [64,5,5] → 128 valid:
        // forward Winograd with one thread, input gradient im2col (the gradient of a small 'valid' map wastes tiles)
        assertFalse(ConvPath.forward(1, 32, 3, 3, 26, 26, valid));
        assertFalse(ConvPath.backwardInput(1, 32, 3, 3, 28, 28, 26, 26, valid));
        boolean oneThread = Parallel.THREADS == 1; // the forward rule holds only there (see ConvPath)
        assertEquals(oneThread, ConvPath.forward(32, 64, 3, 3, 11, 11, valid));
        assertFalse(ConvPath.backwardInput(32, 64, 3, 3, 13, 13, 11, 11, valid));
        assertEquals(oneThread, ConvPath.forward(64, 128, 3, 3, 3, 3, valid));
        assertFalse(ConvPath.backwardInput(64, 128, 3, 3, 5, 5, 3, 3, valid));
        // deep small maps, same: Winograd both ways (the forward pass with one thread)
        assertEquals(oneThread, ConvPath.forward(64, 64, 3, 3, 8, 8, same));
        assertTrue(ConvPath.backwardInput(64, 64, 3, 3, 8, 8, 8, 8, same));
        // LeNet's 5×5 never applies; a 1×1 output has ratio 9/16
        assertFalse(ConvPath.forward(6, 16, 5, 5, 10, 10, valid));
        assertFalse(ConvPath.forward(256, 256, 3, 3, 1, 1, valid));
        // the thresholds themselves
        assertFalse(ConvPath.prefersWinogradForward(ConvPath.FORWARD_MIN_CHANNELS - 1, 64, 64, 64));
        assertEquals(oneThread, ConvPath.prefersWinogradForward(ConvPath.FORWARD_MIN_CHANNELS, 64, 64, 64));
        assertFalse(ConvPath.prefersWinogradBackwardInput(ConvPath.BACKWARD_MIN_CHANNELS - 1, 64, 64, 64, 64, 64));
        assertFalse(ConvPath.prefersWinogradBackwardInput(64, ConvPath.BACKWARD_MIN_CHANNELS - 1, 64, 64, 64, 64));
        assertTrue(ConvPath.prefersWinogradBackwardInput(ConvPath.BACKWARD_MIN_CHANNELS,
                ConvPath.BACKWARD_MIN_CHANNELS, 64, 64, 64, 64));
    }

    @Test
    void propertyValuesAreParsedAndABadOneIsNamed() {
        assertEquals(ConvPath.Mode.AUTO, ConvPath.parse("auto"));
        assertEquals(ConvPath.Mode.IM2COL, ConvPath.parse("IM2COL"));
        assertEquals(ConvPath.Mode.WINOGRAD, ConvPath.parse(" winograd "));
        for (String bad : new String[] {"fast", "", "wino grad"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvPath.parse(bad));
            assertEquals("-Dnabla.conv must be auto, im2col or winograd, got '" + bad + "'", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ConvPath.parse(null));
    }

    /** Prints the first convolution's outcome under the JVM's {@code -Dnabla.conv}. */
    static final class Probe {
        public static void main(String[] args) {
            try {
                Tensor y = Ops.conv2d(Tensor.ones(1, 1, 3, 3), Tensor.ones(1, 1, 3, 3), null, 1, Padding.VALID);
                System.out.println("ok " + y.toArray()[0]);
            } catch (IllegalArgumentException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    @Test
    void aBadPropertyValueFailsTheFirstConvolutionWithItsName() throws Exception {
        assertEquals("-Dnabla.conv must be auto, im2col or winograd, got 'fastest'", probe("fastest"));
        assertEquals("ok 9.0", probe("WINOGRAD"));
    }

    private static String probe(String value) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Dnabla.conv=" + value,
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("probe JVM did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.split("\\R");
        return lines[lines.length - 1];
    }

    // ------------------------------------------------------------------ helpers

    /** {@code gx[b][c][a][e] = Σ_o Σ_{k,l} gy[b][o][a−k+pt][e−l+pl]·w[o][c][k][l]} in double (the adjoint, literally). */
    private static double[] scatter(float[] gy, float[] w, Case k) {
        double[] gx = new double[k.n * k.c * k.h * k.w];
        int oh = k.oh(), ow = k.ow();
        for (int b = 0; b < k.n; b++) {
            for (int oc = 0; oc < k.o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double g = gy[((b * k.o + oc) * oh + i) * ow + j];
                        for (int ic = 0; ic < k.c; ic++) {
                            for (int kk = 0; kk < 3; kk++) {
                                for (int l = 0; l < 3; l++) {
                                    int a = i + kk - k.pt, e = j + l - k.pl;
                                    if (a >= 0 && a < k.h && e >= 0 && e < k.w) {
                                        gx[((b * k.c + ic) * k.h + a) * k.w + e] += g * w[((oc * k.c + ic) * 3 + kk) * 3 + l];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx;
    }

    /** {@code Σ_{k,l} |w[o][c][k][l]|} per (o, c). */
    private static double[][] forwardKernelAbs(float[] w, int o, int c) {
        double[][] s = new double[o][c];
        for (int i = 0; i < o * c * 9; i++) {
            s[i / 9 / c][i / 9 % c] += Math.abs(w[i]);
        }
        return s;
    }

    /**
     * The rounding bound of the class Javadoc per output of the correlation of {@code x (n, c, h, w)} into
     * {@code o} channels of {@code oh × ow} with paddings {@code pt, pl}; {@code kAbs[out][in]} = Σ|kernel|.
     */
    private static double[] bound(float[] x, int n, int c, int h, int w, double[][] kAbs, int o, int pt, int pl,
                                  int oh, int ow) {
        double[] bound = new double[n * o * oh * ow];
        double factor = 1.01 * 4 * (c + 12) * U;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int y0 = 2 * (i / 2) - pt, x0 = 2 * (j / 2) - pl;
                    double[] tile = new double[c];
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = y0; r < y0 + 4; r++) {
                            for (int q = x0; q < x0 + 4; q++) {
                                if (r >= 0 && r < h && q >= 0 && q < w) {
                                    tile[ch] += Math.abs(x[((b * c + ch) * h + r) * w + q]);
                                }
                            }
                        }
                    }
                    for (int oc = 0; oc < o; oc++) {
                        double s = 0;
                        for (int ch = 0; ch < c; ch++) {
                            s += tile[ch] * kAbs[oc][ch];
                        }
                        bound[((b * o + oc) * oh + i) * ow + j] = factor * s;
                    }
                }
            }
        }
        return bound;
    }

    private static void assertWithin(double[] expected, double[] bound, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": number of elements");
        double largest = 0;
        for (int i = 0; i < actual.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= bound[i])) { // also fails on NaN: an element never written
                fail(what + ": element " + i + " expected " + expected[i] + ", got " + actual[i] + " (error " + err
                        + " > bound " + bound[i] + ")");
            }
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertTrue(largest > 1e-3, what + ": the test data should give non-trivial values");
    }

    private static float[] randoms(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextGaussian());
        }
        return a;
    }

    private static double[][][][] to4d(float[] a, int n, int c, int h, int w) {
        double[][][][] d = new double[n][c][h][w];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < w; q++) {
                        d[i][j][r][q] = a[k++];
                    }
                }
            }
        }
        return d;
    }

    private static double[] flatten(double[][][][] a) {
        int n = a.length, c = a[0].length, h = a[0][0].length, w = a[0][0][0].length;
        double[] d = new double[n * c * h * w];
        int k = 0;
        for (double[][][] x : a) {
            for (double[][] y : x) {
                for (double[] z : y) {
                    for (double v : z) {
                        d[k++] = v;
                    }
                }
            }
        }
        return d;
    }
}

package dev.nabla.backend;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Both GEMM implementations ({@link ScalarGemm}, {@code VectorGemm}) against a triple loop in double
 * precision, on shapes around the vector kernel's tile and block edges, with non-zero offsets and a
 * non-zero C (the product accumulates); plus the runtime selection ({@code -Dnabla.simd}).
 *
 * <p>Tolerance: a float dot product of length k accumulated in any order (with or without fused
 * multiply-add) is within {@code γ_k·Σ_p |A_ip·B_pj|} of the exact value, {@code γ_k = k·u/(1 − k·u)},
 * {@code u = 2⁻²⁴} (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1); the initial
 * C value adds one more rounding. The test allows {@code (k + 2)·u·(Σ_p |A_ip·B_pj| + |C_ij|)}.
 */
class GemmTest {
    private static final int[] EDGES = {1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 65, 100, 257};
    private static final double U = Math.ulp(1f) / 2; // 2⁻²⁴

    /** Under surefire (argLine adds jdk.incubator.vector) the vector kernel must be the active one. */
    @Test
    void vectorKernelIsActiveUnderTheTestRunner() {
        assertNull(Gemm.vectorProblem(), "vector GEMM unavailable");
        assertTrue(Gemm.vectorAvailable());
        assertTrue(Gemm.implementation().startsWith("vector"), Gemm.implementation());
    }

    @Test
    void smallEdgeShapesBothKernels() {
        int[] small = {1, 2, 3, 7, 15, 16, 17, 31, 33};
        Random rng = new Random(1);
        for (int m : small) {
            for (int k : small) {
                for (int n : small) {
                    checkBoth(rng, m, k, n);
                }
            }
        }
    }

    @Test
    void randomEdgeShapesBothKernels() {
        Random rng = new Random(2);
        for (int t = 0; t < 120; t++) {
            int m = EDGES[rng.nextInt(EDGES.length)];
            int k = EDGES[rng.nextInt(EDGES.length)];
            int n = EDGES[rng.nextInt(EDGES.length)];
            checkBoth(rng, m, k, n);
        }
        checkBoth(rng, 257, 257, 257);
        checkBoth(rng, 65, 300, 33); // k above one packed depth block (256)
    }

    /**
     * {@code C += A · Bᵀ} with B stored {@code n × k} (the convolution's weight gradient), on both kernels,
     * at tile and block edges, including k above one depth block of the vector kernel (its
     * {@code dotDepth(m, k)}), with m = 32 and m = 144 as in a convolution's weight gradient.
     */
    @Test
    void transposedBBothKernels() {
        Random rng = new Random(4);
        for (int t = 0; t < 50; t++) {
            int m = EDGES[rng.nextInt(EDGES.length)];
            int k = EDGES[rng.nextInt(EDGES.length)];
            int n = EDGES[rng.nextInt(EDGES.length)];
            for (GemmKernel kernel : kernels()) {
                checkTransB(rng, kernel, m, k, n);
            }
        }
        for (GemmKernel kernel : kernels()) {
            checkTransB(rng, kernel, 32, 2100, 9);   // k above the vector kernel's depth block for m = 32 (2048)
            checkTransB(rng, kernel, 144, 600, 32);  // and for m = 144 (448)
            checkTransB(rng, kernel, 1, 1, 1);
        }
    }

    @Test
    void parallelSplitsMatchTheReference() {
        Random rng = new Random(3);
        // m ≥ n splits rows, m < n splits columns; both large enough to use the pool
        int[][] shapes = {{130, 70, 50}, {50, 70, 130}, {257, 33, 257}, {7, 300, 600}, {600, 17, 5}};
        for (int[] s : shapes) {
            for (GemmKernel kernel : kernels()) {
                check(rng, kernel, true, s[0], s[1], s[2]);
            }
        }
    }

    /**
     * B packed once ({@code pack}) and multiplied with {@code gemmPacked}, as the recurrent layers do at every
     * time step: tile and block edges, k above one packed depth block (256), n above one column block of the
     * vector kernel (4096), and the same packed B reused for two products.
     */
    @Test
    void packedBBothKernels() {
        Random rng = new Random(5);
        for (int t = 0; t < 60; t++) {
            int m = EDGES[rng.nextInt(EDGES.length)];
            int k = EDGES[rng.nextInt(EDGES.length)];
            int n = EDGES[rng.nextInt(EDGES.length)];
            for (GemmKernel kernel : kernels()) {
                check(rng, kernel, Mode.PACKED, m, k, n);
            }
        }
        for (GemmKernel kernel : kernels()) {
            check(rng, kernel, Mode.PACKED, 16, 513, 128);  // the LSTM backward's dZ·Rᵀ shape, k over two blocks
            check(rng, kernel, Mode.PACKED, 3, 5, 4100);    // two column blocks of the vector kernel
            check(rng, kernel, Mode.PACKED, 1, 1, 1);
        }
        float[] b = {1, 2, 3, 4, 5, 6}; // 2 × 3
        Gemm.Packed packed = Gemm.pack(b, 0, 2, 3);
        float[] c = new float[6];
        Gemm.multiplyPacked(new float[] {1, 0, 0, 1}, 0, packed, c, 0, 2);
        Gemm.multiplyPacked(new float[] {0, 0, 1, 1, 9}, 2, packed, c, 3, 1); // the same packing again, offsets
        assertArrayEquals(new float[] {1, 2, 3, 4 + 5, 5 + 7, 6 + 9}, c, 0f); // row 2 of C gets (1, 1)·B on top
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiplyPacked(new float[3], 0, packed, c, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Gemm.pack(b, 1, 2, 3));
    }

    /**
     * The kernel that runs while the vector kernel loads in the background gives the vector kernel's results
     * bit for bit (so the switch, whenever it happens, changes nothing): plain, split over threads and packed,
     * at tile edges and with k over one packed depth block.
     */
    @Test
    void fmaChainIsTheVectorKernelBitForBit() {
        GemmKernel vector = kernels().get(1);
        GemmKernel chain = FmaChainGemm.INSTANCE;
        Random rng = new Random(6);
        List<int[]> shapes = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            shapes.add(new int[] {EDGES[rng.nextInt(EDGES.length)], EDGES[rng.nextInt(EDGES.length)],
                EDGES[rng.nextInt(EDGES.length)]});
        }
        shapes.add(new int[] {65, 300, 33});
        shapes.add(new int[] {130, 70, 50});
        shapes.add(new int[] {7, 513, 600});
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = random(rng, m * k);
            float[] b = random(rng, k * n);
            float[] c = random(rng, m * n);
            String what = "m=" + m + " k=" + k + " n=" + n;
            float[] want = c.clone();
            vector.gemm(a, 0, b, 0, want, 0, m, k, n);
            float[] got = c.clone();
            chain.gemm(a, 0, b, 0, got, 0, m, k, n);
            assertArrayEquals(bits(want), bits(got), what);
            got = c.clone();
            chain.gemmParallel(a, 0, b, 0, got, 0, m, k, n);
            assertArrayEquals(bits(want), bits(got), what + " parallel");
            float[] wantPacked = c.clone();
            vector.gemmPacked(a, 0, vector.pack(b, 0, k, n), wantPacked, 0, m, k, n);
            assertArrayEquals(bits(want), bits(wantPacked), what + " vector packed");
            got = c.clone();
            chain.gemmPacked(a, 0, chain.pack(b, 0, k, n), got, 0, m, k, n);
            assertArrayEquals(bits(want), bits(got), what + " packed");
        }
    }

    private static int[] bits(float[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Float.floatToRawIntBits(x[i]);
        }
        return out;
    }

    /** Batched matmul: few large products (each split over the pool) and many small ones (batches split). */
    @Test
    void batchedMatmulBothSplits() {
        Random rng = new Random(4);
        int[][] shapes = {{2, 130, 70, 250}, {5, 9, 8, 11}, {3, 7, 33, 17}};
        for (int[] s : shapes) {
            int batches = s[0], m = s[1], k = s[2], n = s[3];
            dev.nabla.tensor.Tensor a = dev.nabla.tensor.Tensor.randn(rng, batches, m, k);
            dev.nabla.tensor.Tensor b = dev.nabla.tensor.Tensor.randn(rng, batches, k, n);
            float[] got = new CpuBackend().matmul(a, b).toArray();
            float[] ad = a.toArray();
            float[] bd = b.toArray();
            for (int p = 0; p < batches; p++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double exact = 0;
                        double magnitude = 0;
                        for (int q = 0; q < k; q++) {
                            double t = (double) ad[(p * m + i) * k + q] * bd[(p * k + q) * n + j];
                            exact += t;
                            magnitude += Math.abs(t);
                        }
                        double g = got[(p * m + i) * n + j];
                        if (Math.abs(g - exact) > (k + 2) * U * magnitude) {
                            fail("batched " + java.util.Arrays.toString(s) + ": C[" + p + "][" + i + "][" + j + "] = "
                                    + g + ", exact " + exact);
                        }
                    }
                }
            }
        }
    }

    @Test
    void multiplyRejectsMatricesThatDoNotFit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(new float[6], 1, new float[6], 0, new float[4], 0, 2, 3, 2));
        assertTrue(e.getMessage().contains("A (2×3 at offset 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("length 6"), e.getMessage());
    }

    @Test
    void bothKernelsPropagateNaNThroughZeroRowsOfA() {
        // IEEE: 0·NaN = NaN. A row of zeros (as after ReLU) must not hide a NaN in B, in either kernel.
        int m = 3, k = 9, n = 17;
        float[] a = new float[m * k]; // all zeros
        float[] b = new float[k * n];
        b[4 * n + 5] = Float.NaN;
        for (GemmKernel g : kernels()) {
            float[] c = new float[m * n];
            g.gemm(a, 0, b, 0, c, 0, m, k, n);
            for (int i = 0; i < m; i++) {
                assertTrue(Float.isNaN(c[i * n + 5]), g.description() + ": row " + i + " column 5 should be NaN");
                assertEquals(0f, c[i * n + 4], g.description());
            }
        }
    }

    @Test
    void multiplyByHand() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50], added to C = [1 1; 1 1]
        float[] c = {1, 1, 1, 1};
        Gemm.multiply(new float[] {1, 2, 3, 4}, 0, new float[] {5, 6, 7, 8}, 0, c, 0, 2, 2, 2);
        assertEquals(20f, c[0]);
        assertEquals(23f, c[1]);
        assertEquals(44f, c[2]);
        assertEquals(51f, c[3]);
    }

    @Test
    void multiplyOnCallingThreadByHandAndBounds() {
        // the same product at offsets 1 (A), 2 (B), 1 (C): [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
        float[] c = {9, 0, 0, 0, 0};
        Gemm.multiplyOnCallingThread(new float[] {0, 1, 2, 3, 4}, 1, new float[] {0, 0, 5, 6, 7, 8}, 2, c, 1, 2, 2, 2);
        assertArrayEquals(new float[] {9, 19, 22, 43, 50}, c);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiplyOnCallingThread(new float[4], 0, new float[4], 0, new float[3], 0, 2, 2, 2));
        assertTrue(e.getMessage().contains("C (2×2 at offset 0)"), e.getMessage());
    }

    @Test
    void useSwitchesAndRestores() {
        Gemm.Kind before = Gemm.use(Gemm.Kind.SCALAR);
        try {
            assertTrue(Gemm.implementation().startsWith("scalar"), Gemm.implementation());
            assertEquals(Gemm.Kind.SCALAR, Gemm.use(Gemm.Kind.VECTOR));
            assertTrue(Gemm.implementation().startsWith("vector"), Gemm.implementation());
        } finally {
            Gemm.use(before);
        }
    }

    /** A JVM without {@code --add-modules jdk.incubator.vector}: auto falls back, on fails, off is scalar. */
    @Test
    void withoutTheModuleAutoFallsBackAndOnFails() throws Exception {
        assertEquals("scalar 70.0", runProbe("auto"));
        assertEquals("scalar 70.0", runProbe("off"));
        String on = runProbe("on");
        assertTrue(on.contains("-Dnabla.simd=on but module jdk.incubator.vector is not in the boot layer"), on);
    }

    /**
     * With the module and {@code auto}: a small product runs before the vector kernel is loaded (no loader
     * thread yet, the same arithmetic), and the vector kernel is there when asked for.
     */
    @Test
    void withTheModuleTheVectorKernelLoadsOnlyWhenNeeded() throws Exception {
        String out = runProbe("auto", "--add-modules", "jdk.incubator.vector", LazyProbe.class.getName());
        assertTrue(out.endsWith("vector 70.0 loader=false | available=true vector (jdk.incubator.vector"), out);
    }

    /** Prints the implementation's first word, the product, whether the loader thread exists, then waits for it. */
    static final class LazyProbe {
        public static void main(String[] args) {
            float[] c = {38};
            Gemm.multiply(new float[] {1, 2, 3}, 0, new float[] {4, 5, 6}, 0, c, 0, 1, 3, 1);
            boolean loader = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("nabla-vector-gemm-loader"));
            String first = Gemm.implementation().split(" ")[0] + " " + c[0] + " loader=" + loader;
            boolean available = Gemm.vectorAvailable();
            String after = Gemm.implementation();
            System.out.println(first + " | available=" + available + " " + after.substring(0, Math.min(after.length(), 28)));
        }
    }

    /** Prints the implementation's first word and C[0] of [1 2 3]·[… 4 5 6 …]ᵀ + 38 (= 70), or the error. */
    static final class Probe {
        public static void main(String[] args) {
            try {
                float[] c = {38};
                Gemm.multiply(new float[] {1, 2, 3}, 0, new float[] {4, 5, 6}, 0, c, 0, 1, 3, 1);
                System.out.println(Gemm.implementation().split(" ")[0] + " " + c[0]);
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    private static String runProbe(String mode) throws IOException, InterruptedException {
        return runProbe(mode, Probe.class.getName());
    }

    /** Runs a probe main in a new JVM (C1 only, for speed) with {@code -Dnabla.simd=mode}; the last arg is the class. */
    private static String runProbe(String mode, String... args) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dnabla.simd=" + mode, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(cmd.size() - 2, List.of(args).subList(0, args.length - 1));
        cmd.add(args[args.length - 1]);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("probe JVM did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static List<GemmKernel> kernels() {
        GemmKernel vector = Gemm.vector();
        assertNotNull(vector, "vector GEMM unavailable: " + Gemm.vectorProblem());
        return List.of(Gemm.scalar(), vector);
    }

    private static void checkBoth(Random rng, int m, int k, int n) {
        for (GemmKernel kernel : kernels()) {
            check(rng, kernel, false, m, k, n);
        }
    }

    /** C (at offset co, non-zero) += A (offset ao) · B (offset bo), against a double triple loop. */
    private static void check(Random rng, GemmKernel kernel, boolean parallel, int m, int k, int n) {
        check(rng, kernel, parallel ? Mode.PARALLEL : Mode.PLAIN, m, k, n);
    }

    /** How {@link #check} multiplies: on this thread, split over the pool, or with B packed first. */
    private enum Mode { PLAIN, PARALLEL, PACKED }

    private static void check(Random rng, GemmKernel kernel, Mode mode, int m, int k, int n) {
        int ao = rng.nextInt(5);
        int bo = rng.nextInt(5);
        int co = rng.nextInt(5);
        float[] a = random(rng, ao + m * k + 3);
        float[] b = random(rng, bo + k * n + 3);
        float[] c = random(rng, co + m * n + 3);
        float[] before = c.clone();
        if (mode == Mode.PARALLEL) {
            kernel.gemmParallel(a, ao, b, bo, c, co, m, k, n);
        } else if (mode == Mode.PACKED) {
            float[] source = b.clone();
            Object packed = kernel.pack(source, bo, k, n);
            java.util.Arrays.fill(source, Float.NaN); // the product must read only the packed copy
            kernel.gemmPacked(a, ao, packed, c, co, m, k, n);
        } else {
            kernel.gemm(a, ao, b, bo, c, co, m, k, n);
        }
        assertProduct(kernel.description() + " " + mode + " m=" + m + " k=" + k + " n=" + n, a, ao, b, bo, false,
                before, c, co, m, k, n);
    }

    /** C (at offset co) += A (offset ao) · Bᵀ with B (offset bo) stored n × k, against a double triple loop. */
    private static void checkTransB(Random rng, GemmKernel kernel, int m, int k, int n) {
        int ao = rng.nextInt(5);
        int bo = rng.nextInt(5);
        int co = rng.nextInt(5);
        float[] a = random(rng, ao + m * k + 3);
        float[] b = random(rng, bo + n * k + 3);
        float[] c = random(rng, co + m * n + 3);
        float[] before = c.clone();
        kernel.gemmTransB(a, ao, b, bo, c, co, m, k, n);
        assertProduct(kernel.description() + " A·Bᵀ m=" + m + " k=" + k + " n=" + n, a, ao, b, bo, true,
                before, c, co, m, k, n);
    }

    /**
     * C (at offset co, {@code before} its old contents) holds old C + A·B (B {@code k × n}) or, with {@code transB},
     * old C + A·Bᵀ (B stored {@code n × k}), against a double triple loop, and nothing around C was written.
     */
    private static void assertProduct(String what, float[] a, int ao, float[] b, int bo, boolean transB, float[] before,
                                      float[] c, int co, int m, int k, int n) {
        for (int i = 0; i < co; i++) {
            assertEquals(before[i], c[i], 0f, what + ": wrote before C");
        }
        for (int i = co + m * n; i < c.length; i++) {
            assertEquals(before[i], c[i], 0f, what + ": wrote after C");
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double exact = before[co + i * n + j];
                double magnitude = Math.abs(exact);
                for (int p = 0; p < k; p++) {
                    double t = (double) a[ao + i * k + p] * b[bo + (transB ? j * k + p : p * n + j)];
                    exact += t;
                    magnitude += Math.abs(t);
                }
                double got = c[co + i * n + j];
                double bound = (k + 2) * U * magnitude;
                if (Math.abs(got - exact) > bound) {
                    fail(what + ": C[" + i + "][" + j + "] = " + got + ", exact " + exact + ", bound " + bound);
                }
            }
        }
    }

    private static float[] random(Random rng, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }
}

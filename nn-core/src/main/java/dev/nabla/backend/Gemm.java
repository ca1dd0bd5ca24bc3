package dev.nabla.backend;

import java.util.Locale;

/**
 * The single-precision matrix product behind {@code matmul} and every convolution path:
 * {@code C[i][j] += Σ_p A[i][p] · B[p][j]} for row-major {@code A[m×k]}, {@code B[k×n]}, {@code C[m×n]}
 * stored in {@code float[]} at given offsets.
 *
 * <p>Two implementations: a Vector API micro-kernel ({@code VectorGemm}, needs the incubator module
 * {@code jdk.incubator.vector}, i.e. {@code java --add-modules jdk.incubator.vector}) and a scalar one
 * ({@link ScalarGemm}) that C2 auto-vectorises. {@code -Dnabla.simd} picks:
 * <ul>
 *   <li>{@code auto} (default): the vector kernel when the module is in the boot layer and the kernel
 *       loads and passes a small self-check, otherwise the scalar kernel, silently;</li>
 *   <li>{@code on}: the vector kernel, or an {@link IllegalStateException} (at first use) saying why not;</li>
 *   <li>{@code off}: the scalar kernel.</li>
 * </ul>
 * {@link #implementation()} tells which one is active.
 */
public final class Gemm {
    /** The implementations {@link #use} can select. */
    public enum Kind {
        /** {@link ScalarGemm}. */
        SCALAR,
        /** {@code VectorGemm} (jdk.incubator.vector). */
        VECTOR
    }

    /** The value of {@code -Dnabla.simd} in effect at class initialisation. */
    static final String MODE = System.getProperty("nabla.simd", "auto").trim().toLowerCase(Locale.ROOT);

    /** Why the vector kernel is unavailable, or {@code null} when it loaded. */
    private static String vectorProblem;
    private static final GemmKernel VECTOR = loadVector();
    private static volatile GemmKernel active = select();

    private Gemm() {
    }

    private static GemmKernel loadVector() {
        if (!MODE.equals("auto") && !MODE.equals("on") && !MODE.equals("off")) {
            vectorProblem = "-Dnabla.simd must be auto, on or off, got '" + MODE + "'";
            return null;
        }
        if ("off".equals(MODE)) {
            vectorProblem = "-Dnabla.simd=off"; // not even loaded: loading the module's classes costs start-up time
            return null;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            vectorProblem = "module jdk.incubator.vector is not in the boot layer (run java with "
                    + "--add-modules jdk.incubator.vector)";
            return null;
        }
        try {
            GemmKernel k = (GemmKernel) Class.forName("dev.nabla.backend.VectorGemm")
                    .getDeclaredConstructor().newInstance();
            String mismatch = selfCheck(k);
            if (mismatch != null) {
                vectorProblem = "the vector kernel failed its self-check: " + mismatch;
                return null;
            }
            return k;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            vectorProblem = "the vector kernel could not be loaded: " + e;
            return null;
        }
    }

    /**
     * Compares {@code k} with {@link ScalarGemm} on a small odd-sized product (full and edge tiles; it runs
     * in the interpreter, so it is kept small for start-up time); returns a message or null.
     */
    private static String selfCheck(GemmKernel k) {
        int m = 7, kk = 5, n = 35;
        float[] a = new float[m * kk];
        float[] b = new float[kk * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((i * 7) % 13 - 6) / 8f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = ((i * 5) % 11 - 5) / 4f;
        }
        float[] want = new float[m * n];
        float[] got = new float[m * n];
        ScalarGemm.INSTANCE.gemm(a, 0, b, 0, want, 0, m, kk, n);
        k.gemm(a, 0, b, 0, got, 0, m, kk, n);
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i] - got[i]) > 1e-3f * (1 + Math.abs(want[i]))) {
                return "C[" + i + "] = " + got[i] + ", expected " + want[i];
            }
        }
        return null;
    }

    private static GemmKernel select() {
        switch (MODE) {
            case "off":
                return ScalarGemm.INSTANCE;
            case "on":
                return VECTOR != null ? VECTOR : null; // null: fail at first use, with the reason
            case "auto":
                return VECTOR != null ? VECTOR : ScalarGemm.INSTANCE;
            default:
                return null; // an invalid value: every use fails with vectorProblem's message, not a class-init error
        }
    }

    private static GemmKernel kernel() {
        GemmKernel k = active;
        if (k == null) {
            throw new IllegalStateException(MODE.equals("on") ? "-Dnabla.simd=on but " + vectorProblem : vectorProblem);
        }
        return k;
    }

    /** Whether the Vector API kernel loaded (the module is present and the kernel passed its self-check). */
    public static boolean vectorAvailable() {
        return VECTOR != null;
    }

    /** The active implementation, e.g. {@code "vector (jdk.incubator.vector, 512-bit, 8×32 tile)"}. */
    public static String implementation() {
        GemmKernel k = active;
        return k == null ? "none (" + (MODE.equals("on") ? "-Dnabla.simd=on but " : "") + vectorProblem + ")" : k.description();
    }

    /**
     * Selects the implementation for the rest of the process (benchmarks compare both in one JVM; tests
     * run both). Returns the kind that was active before.
     *
     * @throws IllegalStateException if {@code VECTOR} is asked for and unavailable
     */
    public static synchronized Kind use(Kind kind) {
        java.util.Objects.requireNonNull(kind, "Gemm.use: kind (SCALAR or VECTOR)");
        Kind before = active == VECTOR && VECTOR != null ? Kind.VECTOR : Kind.SCALAR;
        if (kind == Kind.VECTOR && VECTOR == null) {
            throw new IllegalStateException("the vector GEMM is unavailable: " + vectorProblem);
        }
        active = kind == Kind.VECTOR ? VECTOR : ScalarGemm.INSTANCE;
        return before;
    }

    /**
     * {@code C[co..] += A[ao..] · B[bo..]} for row-major {@code A[m×k]}, {@code B[k×n]}, {@code C[m×n]},
     * split over the {@code -Dnabla.threads} pool when large enough.
     *
     * @throws IllegalArgumentException if a dimension is negative or a matrix does not fit its array
     */
    public static void multiply(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        check(a, ao, m, k, "A");
        check(b, bo, k, n, "B");
        check(c, co, m, n, "C");
        kernel().gemmParallel(a, ao, b, bo, c, co, m, k, n);
    }

    /**
     * As {@link #multiply}, but entirely on the calling thread: for callers that already split their work
     * over threads (e.g. one product per example).
     *
     * @throws IllegalArgumentException if a dimension is negative or a matrix does not fit its array
     */
    public static void multiplyOnCallingThread(float[] a, int ao, float[] b, int bo, float[] c, int co,
                                               int m, int k, int n) {
        check(a, ao, m, k, "A");
        check(b, bo, k, n, "B");
        check(c, co, m, n, "C");
        kernel().gemm(a, ao, b, bo, c, co, m, k, n);
    }

    /**
     * A right-hand matrix {@code B (k × n)} packed once for many {@link #multiplyPacked} calls with different
     * left-hand sides (a recurrent kernel, multiplied at every time step), so the packing is not repeated per
     * product. Holds the implementation that packed it, which also multiplies with it.
     */
    public static final class Packed {
        private final GemmKernel kernel;
        private final Object data;
        private final int k;
        private final int n;

        private Packed(GemmKernel kernel, Object data, int k, int n) {
            this.kernel = kernel;
            this.data = data;
            this.k = k;
            this.n = n;
        }
    }

    /**
     * Packs the row-major {@code B[k×n]} at {@code b[bo..]} for {@link #multiplyPacked}.
     *
     * @throws IllegalArgumentException if a dimension is negative or the matrix does not fit its array
     */
    public static Packed pack(float[] b, int bo, int k, int n) {
        check(b, bo, k, n, "B");
        GemmKernel kernel = kernel();
        return new Packed(kernel, kernel.pack(b, bo, k, n), k, n);
    }

    /**
     * {@code C[co..] += A[ao..] · B} for row-major {@code A[m×k]}, {@code C[m×n]} and {@code B} packed by
     * {@link #pack}, on the calling thread (callers split rows over threads themselves).
     *
     * @throws IllegalArgumentException if a dimension is negative or a matrix does not fit its array
     */
    public static void multiplyPacked(float[] a, int ao, Packed b, float[] c, int co, int m) {
        check(a, ao, m, b.k, "A");
        check(c, co, m, b.n, "C");
        b.kernel.gemmPacked(a, ao, b.data, c, co, m, b.k, b.n);
    }

    private static void check(float[] x, int offset, int rows, int cols, String name) {
        if (rows < 0 || cols < 0 || offset < 0 || (long) offset + (long) rows * cols > x.length) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + "×" + cols + " at offset " + offset
                    + ") does not fit its array of length " + x.length);
        }
    }

    /** {@code C += A · B} on the calling thread (for callers that are already parallel, e.g. convolution). */
    static void gemm(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        kernel().gemm(a, ao, b, bo, c, co, m, k, n);
    }

    /** {@code C += A · Bᵀ} ({@code B} stored {@code n × k}) on the calling thread. */
    static void gemmTransB(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        kernel().gemmTransB(a, ao, b, bo, c, co, m, k, n);
    }

    /** {@code C += A · B} split over the {@code -Dnabla.threads} pool. */
    static void gemmParallel(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        kernel().gemmParallel(a, ao, b, bo, c, co, m, k, n);
    }

    /** The scalar implementation (tests compare both). */
    static GemmKernel scalar() {
        return ScalarGemm.INSTANCE;
    }

    /** The vector implementation, or {@code null} when unavailable (tests compare both). */
    static GemmKernel vector() {
        return VECTOR;
    }

    /** Why the vector implementation is unavailable, or {@code null}. */
    static String vectorProblem() {
        return vectorProblem;
    }
}

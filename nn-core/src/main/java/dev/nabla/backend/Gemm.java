package dev.nabla.backend;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 *       loads and passes a small self-check, otherwise the scalar kernel, silently. The vector kernel is
 *       loaded, compiled and checked on a background thread once the process has done
 *       {@link #LOAD_AFTER_FLOPS} of products, because the Vector API runs hundreds of times slower than
 *       plain code until the JIT compiler has compiled it (a process that predicts one image would spend
 *       most of its time there); until then products run through {@link FmaChainGemm}, which does the
 *       vector kernel's arithmetic one fused multiply-add at a time, so results do not depend on when the
 *       switch happens;</li>
 *   <li>{@code on}: the vector kernel, loaded at once, or an {@link IllegalStateException} (at first use)
 *       saying why not;</li>
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

    /** Why the vector kernel is unavailable, or {@code null} when it loaded (or is still loading). */
    private static volatile String vectorProblem = moduleProblem();
    /** The vector kernel once loaded, warm and checked; null before that, and for good if it cannot be. */
    private static volatile GemmKernel vector;
    /** Counted down once {@link #vector} is settled: loaded, or known to be unavailable. */
    private static final CountDownLatch VECTOR_SETTLED = new CountDownLatch(1);
    private static volatile GemmKernel active = start();

    private Gemm() {
    }

    /** Why the vector kernel cannot even be tried (bad mode, off, no module), or null. */
    private static String moduleProblem() {
        if (!MODE.equals("auto") && !MODE.equals("on") && !MODE.equals("off")) {
            return "-Dnabla.simd must be auto, on or off, got '" + MODE + "'";
        }
        if ("off".equals(MODE)) {
            return "-Dnabla.simd=off"; // not even loaded: loading the module's classes costs start-up time
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not in the boot layer (run java with "
                    + "--add-modules jdk.incubator.vector)";
        }
        return null;
    }

    /** The kernel active from class initialisation on; starts the background load in {@code auto} mode. */
    private static GemmKernel start() {
        if (vectorProblem != null) {
            VECTOR_SETTLED.countDown();
            switch (MODE) {
                case "off":
                case "auto":
                    return ScalarGemm.INSTANCE;
                default:
                    return null; // "on" without the module, or an invalid value: every use fails with the reason
            }
        }
        if (MODE.equals("on")) {
            settle(loadVector(false));
            return vector; // null: fail at first use, with the reason
        }
        return FmaChainGemm.INSTANCE; // the loader starts after LOAD_AFTER_FLOPS, or when something waits for it
    }

    /**
     * Products {@link FmaChainGemm} computes before the vector kernel is loaded: a process that only predicts a
     * few images (the seed CNN needs about 6 MFLOP per image) never pays for loading and compiling the Vector
     * API; the first training step passes this at once.
     */
    static final long LOAD_AFTER_FLOPS = 50_000_000L;
    private static final AtomicLong CHAIN_FLOPS = new AtomicLong();
    private static final AtomicBoolean LOADER_STARTED = new AtomicBoolean();

    /** Counts the flops of one product done by {@link FmaChainGemm}; starts the loader past the threshold. */
    static void chainFlops(long flops) {
        if (!LOADER_STARTED.get() && CHAIN_FLOPS.addAndGet(flops) >= LOAD_AFTER_FLOPS) {
            startLoader();
        }
    }

    /** Loads, compiles and checks the vector kernel on a daemon thread, then makes it active (once). */
    private static void startLoader() {
        if (VECTOR_SETTLED.getCount() == 0 || !LOADER_STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread loader = new Thread(() -> {
            GemmKernel loaded = null;
            try {
                loaded = loadVector(true);
                synchronized (Gemm.class) {
                    if (loaded != null && active == FmaChainGemm.INSTANCE) {
                        active = loaded; // unless use() chose a kernel meanwhile
                    }
                }
            } finally {
                if (loaded == null && vectorProblem == null) {
                    vectorProblem = "the vector kernel's loader thread failed";
                }
                settle(loaded); // always: awaitVector() must never wait for a loader that died
            }
        }, "nabla-vector-gemm-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private static void settle(GemmKernel loaded) {
        vector = loaded;
        VECTOR_SETTLED.countDown();
    }

    /** Loads {@code VectorGemm}, optionally runs it until it is compiled, and self-checks it; null on failure. */
    private static GemmKernel loadVector(boolean warmUp) {
        try {
            GemmKernel k = (GemmKernel) Class.forName("dev.nabla.backend.VectorGemm")
                    .getDeclaredConstructor().newInstance();
            if (warmUp) {
                warmUp(k);
            }
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
     * Runs {@code k} on a 47×128×63 product (full and edge tiles, 0.76 MFLOP) until five runs in a row take
     * under 0.1 ms each, i.e. the JIT compiler has compiled the micro-kernel (interpreted or C1-compiled
     * Vector API code takes milliseconds), or for at most two seconds.
     */
    private static void warmUp(GemmKernel k) {
        int m = 47, kk = 128, n = 63;
        float[] a = new float[m * kk];
        float[] b = new float[kk * n];
        float[] c = new float[m * n];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        long deadline = System.nanoTime() + 2_000_000_000L;
        int fast = 0;
        while (fast < 5 && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            k.gemm(a, 0, b, 0, c, 0, m, kk, n);
            fast = System.nanoTime() - t0 < 100_000 ? fast + 1 : 0;
        }
    }

    /**
     * Compares {@code k} with {@link ScalarGemm} on a small odd-sized product (full and edge tiles);
     * returns a message or null.
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

    /** The vector kernel, waiting for the background load to settle; null when it is unavailable. */
    static GemmKernel awaitVector() {
        startLoader();
        boolean interrupted = false;
        while (true) {
            try {
                VECTOR_SETTLED.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return vector;
    }

    private static GemmKernel kernel() {
        GemmKernel k = active;
        if (k == null) {
            throw new IllegalStateException(MODE.equals("on") ? "-Dnabla.simd=on but " + vectorProblem : vectorProblem);
        }
        return k;
    }

    /**
     * Whether the Vector API kernel can be used (the module is present and the kernel passed its self-check);
     * waits for the background load to settle.
     */
    public static boolean vectorAvailable() {
        return awaitVector() != null;
    }

    /**
     * Whether the Vector API may be tried at all: the module is in the boot layer and {@code -Dnabla.simd} is
     * {@code auto} or {@code on} (for other vector kernels, e.g. {@link Activations}); does not wait.
     */
    static boolean vectorModulePresent() {
        return moduleProblem() == null;
    }

    /** The active implementation, e.g. {@code "vector (jdk.incubator.vector, 256-bit, 6×16 tile)"}. */
    public static String implementation() {
        GemmKernel k = active;
        if (k == FmaChainGemm.INSTANCE) {
            return VECTOR_SETTLED.getCount() > 0
                    ? "vector (" + (LOADER_STARTED.get() ? "loading in the background" : "loaded after "
                        + LOAD_AFTER_FLOPS / 1_000_000 + " MFLOP of products") + "; meanwhile " + k.description() + ")"
                    : k.description() + " (the vector kernel is unavailable: " + vectorProblem + ")";
        }
        return k == null ? "none (" + (MODE.equals("on") ? "-Dnabla.simd=on but " : "") + vectorProblem + ")" : k.description();
    }

    /**
     * Selects the implementation for the rest of the process (benchmarks compare both in one JVM; tests
     * run both). Returns the kind that was active before.
     *
     * @throws IllegalStateException if {@code VECTOR} is asked for and unavailable
     */
    public static Kind use(Kind kind) {
        java.util.Objects.requireNonNull(kind, "Gemm.use: kind (SCALAR or VECTOR)");
        GemmKernel wanted = kind == Kind.VECTOR ? awaitVector() : ScalarGemm.INSTANCE;
        if (wanted == null) {
            throw new IllegalStateException("the vector GEMM is unavailable: " + vectorProblem);
        }
        synchronized (Gemm.class) {
            GemmKernel was = active;
            active = wanted;
            return was == ScalarGemm.INSTANCE || was == null ? Kind.SCALAR : Kind.VECTOR;
        }
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

    /** The vector implementation, or {@code null} when unavailable (tests compare both); waits for its load. */
    static GemmKernel vector() {
        return awaitVector();
    }

    /** Why the vector implementation is unavailable, or {@code null}. */
    static String vectorProblem() {
        return vectorProblem;
    }
}

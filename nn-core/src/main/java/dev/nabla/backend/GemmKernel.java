package dev.nabla.backend;

/**
 * One implementation of {@code C[m×n] += A[m×k] · B[k×n]} on row-major {@code float[]} matrices at
 * the given offsets (leading dimensions {@code k}, {@code n} and {@code n}). Implementations:
 * {@link ScalarGemm} (plain loops C2 auto-vectorises) and {@code VectorGemm} (the Vector API),
 * picked by {@link Gemm}.
 */
interface GemmKernel {
    /** {@code C += A · B} on the calling thread only (callers that are already parallel use this). */
    void gemm(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n);

    /**
     * {@code C[m×n] += A[m×k] · Bᵀ} on the calling thread, where {@code B} is stored row-major as
     * {@code n × k} (so {@code C[i][j] += Σ_p A[i][p] · B[j][p]}): a product with a transposed operand
     * without a transposed copy (the convolution's weight gradient, {@code dY · colᵀ}).
     */
    void gemmTransB(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n);

    /** {@code C += A · B} split over the {@code -Dnabla.threads} pool ({@link Parallel}). */
    void gemmParallel(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n);

    /**
     * {@code B (k × n)} packed once for many {@link #gemmPacked} calls with different left-hand sides (a
     * recurrent kernel, used at every time step); the layout is this implementation's own.
     */
    Object pack(float[] b, int bo, int k, int n);

    /** {@code C[m×n] += A[m×k] · B} on the calling thread, with {@code B} from {@link #pack}. */
    void gemmPacked(float[] a, int ao, Object packedB, float[] c, int co, int m, int k, int n);

    /** A short description for logs and benchmark tables, e.g. {@code "scalar"}. */
    String description();
}

package dev.nabla.backend;

/**
 * {@code C[i][j] = fma(A[i][p], B[p][j], C[i][j])} for {@code p = 0, 1, …, k−1} in that order: one fused
 * multiply-add at a time, exactly the arithmetic of {@code VectorGemm}'s micro-kernel, so its results are the
 * vector kernel's bit for bit (tests compare them). {@link Gemm} uses it while the vector kernel is being
 * loaded and compiled in the background, and before that (the first products of a process: the Vector API is
 * very slow until the JIT compiler has compiled it), so which of the two ran does not change any result.
 *
 * <p>{@link #gemmTransB} has no bit-identical scalar form (the vector kernel sums across lanes), so it waits
 * for the vector kernel; if that cannot load, this class's own dot products are used for the whole process.
 */
final class FmaChainGemm implements GemmKernel {
    /** The one instance. */
    static final FmaChainGemm INSTANCE = new FmaChainGemm();

    private FmaChainGemm() {
    }

    @Override
    public void gemm(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        Gemm.chainFlops(2L * m * k * n);
        rows(a, ao, b, bo, c, co, 0, m, k, n);
    }

    /** Rows {@code from..to-1} of {@code C += A · B}. */
    private static void rows(float[] a, int ao, float[] b, int bo, float[] c, int co, int from, int to, int k, int n) {
        for (int i = from; i < to; i++) {
            int cr = co + i * n;
            for (int p = 0; p < k; p++) {
                float av = a[ao + i * k + p];
                int br = bo + p * n;
                for (int j = 0; j < n; j++) {
                    c[cr + j] = Math.fma(av, b[br + j], c[cr + j]);
                }
            }
        }
    }

    @Override
    public void gemmTransB(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        GemmKernel vector = Gemm.awaitVector();
        if (vector != null) {
            vector.gemmTransB(a, ao, b, bo, c, co, m, k, n);
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ao + i * k + p], b[bo + j * k + p], sum);
                }
                c[co + i * n + j] += sum;
            }
        }
    }

    @Override
    public void gemmParallel(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        Gemm.chainFlops(2L * m * k * n);
        Parallel.forChunks(m, 2L * k * n, (chunk, from, to) -> rows(a, ao, b, bo, c, co, from, to, k, n));
    }

    @Override
    public Object pack(float[] b, int bo, int k, int n) {
        return java.util.Arrays.copyOfRange(b, bo, bo + k * n);
    }

    @Override
    public void gemmPacked(float[] a, int ao, Object packedB, float[] c, int co, int m, int k, int n) {
        Gemm.chainFlops(2L * m * k * n);
        rows(a, ao, (float[]) packedB, 0, c, co, 0, m, k, n);
    }

    @Override
    public String description() {
        return "fma-chain (scalar, the vector kernel's arithmetic one fused multiply-add at a time)";
    }
}

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
        rows(a, ao, ScalarGemm.packRows(b, bo, k, n), c, co, 0, m, k, n);
    }

    /**
     * Rows {@code from..to-1} of {@code C += A · B}, B packed by {@link ScalarGemm#packRows}: each C row segment
     * is copied to a temporary and the products are added to it four rows of B at a time, as
     * {@code fma(a3, b3, fma(a2, b2, fma(a1, b1, fma(a0, b0, acc))))} — still one fused multiply-add at a time in
     * the order of p, but over arrays from index 0, the form C2 turns into vector instructions (about 30 GFLOP/s
     * per core here, against 4.5 for the same chain written over offsets into C and B).
     */
    private static void rows(float[] a, int ao, float[][][] blocks, float[] c, int co, int from, int to, int k, int n) {
        float[] acc = new float[Math.min(ScalarGemm.BLOCK_N, n)];
        for (int jb = 0; jb < blocks.length; jb++) {
            float[][] bRows = blocks[jb];
            int j0 = jb * ScalarGemm.BLOCK_N;
            int width = Math.min(ScalarGemm.BLOCK_N, n - j0);
            for (int i = from; i < to; i++) {
                System.arraycopy(c, co + i * n + j0, acc, 0, width);
                int arow = ao + i * k;
                int p = 0;
                for (; p + 4 <= k; p += 4) {
                    fourSteps(a[arow + p], a[arow + p + 1], a[arow + p + 2], a[arow + p + 3],
                            bRows[p], bRows[p + 1], bRows[p + 2], bRows[p + 3], acc, width);
                }
                for (; p < k; p++) {
                    float av = a[arow + p];
                    float[] br = bRows[p];
                    for (int j = 0; j < width; j++) {
                        acc[j] = Math.fma(av, br[j], acc[j]);
                    }
                }
                System.arraycopy(acc, 0, c, co + i * n + j0, width);
            }
        }
    }

    private static void fourSteps(float a0, float a1, float a2, float a3, float[] b0, float[] b1, float[] b2,
                                  float[] b3, float[] acc, int width) {
        for (int j = 0; j < width; j++) {
            acc[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], acc[j]))));
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
        float[][][] blocks = ScalarGemm.packRows(b, bo, k, n);
        Parallel.forChunks(m, 2L * k * n, (chunk, from, to) -> rows(a, ao, blocks, c, co, from, to, k, n));
    }

    @Override
    public Object pack(float[] b, int bo, int k, int n) {
        return ScalarGemm.packRows(b, bo, k, n);
    }

    @Override
    public void gemmPacked(float[] a, int ao, Object packedB, float[] c, int co, int m, int k, int n) {
        Gemm.chainFlops(2L * m * k * n);
        rows(a, ao, (float[][][]) packedB, c, co, 0, m, k, n);
    }

    @Override
    public String description() {
        return "fma-chain (scalar, the vector kernel's arithmetic one fused multiply-add at a time)";
    }
}

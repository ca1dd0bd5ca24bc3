package dev.nabla.backend;

import java.util.Arrays;

/**
 * The GEMM without the Vector API: B is packed into blocks of {@link #BLOCK_N} columns whose row
 * segments are separate arrays, and each C row segment is accumulated in a temporary, so the inner
 * loop {@code acc[j] += a·b[j]} runs over arrays from index 0 — the form C2 turns into SIMD code
 * (see PERFORMANCE.md); four rows of B are folded in per pass over the temporary. Computes
 * {@code C[i][j] += Σ_p A[i][p] · B[p][j]}.
 */
final class ScalarGemm implements GemmKernel {
    /** The one instance. */
    static final ScalarGemm INSTANCE = new ScalarGemm();

    /** Columns of B per packed block: a block row, the C segment and four B rows stay in L1. */
    static final int BLOCK_N = 256;

    private ScalarGemm() {
    }

    @Override
    public void gemm(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        gemmRows(a, ao, packRows(b, bo, k, n), c, co, 0, m, k, n);
    }

    @Override
    public void gemmTransB(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        gemmRows(a, ao, packRowsTransposed(b, bo, k, n), c, co, 0, m, k, n);
    }

    @Override
    public void gemmParallel(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        float[][][] bRows = packRows(b, bo, k, n);
        Parallel.forChunks(m, (long) k * n, (chunk, from, to) -> gemmRows(a, ao, bRows, c, co, from, to, k, n));
    }

    @Override
    public Object pack(float[] b, int bo, int k, int n) {
        return packRows(b, bo, k, n);
    }

    @Override
    public void gemmPacked(float[] a, int ao, Object packedB, float[] c, int co, int m, int k, int n) {
        gemmRows(a, ao, (float[][][]) packedB, c, co, 0, m, k, n);
    }

    @Override
    public String description() {
        return "scalar (C2 auto-vectorised axpy over packed B rows)";
    }

    /** B's {@code k} rows of length {@code n} cut into column blocks: {@code [block][row][column in block]}. */
    static float[][][] packRows(float[] b, int bo, int k, int n) {
        int blocks = (n + BLOCK_N - 1) / BLOCK_N;
        float[][][] packed = new float[blocks][k][];
        for (int jb = 0; jb < blocks; jb++) {
            int j0 = jb * BLOCK_N;
            int width = Math.min(BLOCK_N, n - j0);
            for (int p = 0; p < k; p++) {
                packed[jb][p] = Arrays.copyOfRange(b, bo + p * n + j0, bo + p * n + j0 + width);
            }
        }
        return packed;
    }

    /** As {@link #packRows} for the {@code k × n} matrix {@code Bᵀ}, B being stored row-major as {@code n × k}. */
    static float[][][] packRowsTransposed(float[] b, int bo, int k, int n) {
        int blocks = (n + BLOCK_N - 1) / BLOCK_N;
        float[][][] packed = new float[blocks][k][];
        for (int jb = 0; jb < blocks; jb++) {
            int j0 = jb * BLOCK_N;
            int width = Math.min(BLOCK_N, n - j0);
            float[][] rows = packed[jb];
            for (int p = 0; p < k; p++) {
                rows[p] = new float[width];
            }
            for (int j = 0; j < width; j++) {
                int src = bo + (j0 + j) * k;
                for (int p = 0; p < k; p++) {
                    rows[p][j] = b[src + p];
                }
            }
        }
        return packed;
    }

    /** Rows {@code from..to-1} of {@code C += A · B} with B packed by {@link #packRows}. */
    static void gemmRows(float[] a, int ao, float[][][] blocks, float[] c, int co, int from, int to, int k, int n) {
        float[] acc = new float[Math.min(BLOCK_N, n)];
        for (int jb = 0; jb < blocks.length; jb++) {
            float[][] rows = blocks[jb];
            int j0 = jb * BLOCK_N;
            int width = Math.min(BLOCK_N, n - j0);
            for (int i = from; i < to; i++) {
                System.arraycopy(c, co + i * n + j0, acc, 0, width);
                int arow = ao + i * k;
                int p = 0;
                for (; p + 4 <= k; p += 4) {
                    float a0 = a[arow + p];
                    float a1 = a[arow + p + 1];
                    float a2 = a[arow + p + 2];
                    float a3 = a[arow + p + 3];
                    float[] b0 = rows[p];
                    float[] b1 = rows[p + 1];
                    float[] b2 = rows[p + 2];
                    float[] b3 = rows[p + 3];
                    for (int j = 0; j < width; j++) {
                        acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                    }
                }
                for (; p < k; p++) {
                    float av = a[arow + p];
                    float[] br = rows[p];
                    for (int j = 0; j < width; j++) {
                        acc[j] += av * br[j];
                    }
                }
                System.arraycopy(acc, 0, c, co + i * n + j0, width);
            }
        }
    }
}

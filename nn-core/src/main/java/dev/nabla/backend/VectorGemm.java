package dev.nabla.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM {@code C[i][j] += Σ_p A[i][p] · B[p][j]} on the Vector API (incubator module
 * {@code jdk.incubator.vector}), in the layout of Goto's algorithm (BLIS):
 * <ul>
 *   <li>B is cut into blocks of {@link #KC} rows × {@link #NC} columns, each packed into contiguous
 *       panels {@link #NR} columns wide ({@code [panel][p][0..NR)}, zero-padded at the right edge);</li>
 *   <li>A is cut into blocks of {@link #MC} rows × {@link #KC} columns, each packed into panels of
 *       {@link #MR} rows ({@code [panel][p][0..MR)}, zero-padded at the bottom edge);</li>
 *   <li>the micro-kernel keeps an {@code MR × NR} tile of C in {@code 2·MR} {@link FloatVector}
 *       accumulators (locals, so registers: 12 accumulators + 2 B vectors + 1 broadcast fit
 *       the 16 ymm registers of AVX2 as well as the 32 of AVX-512) and, per step {@code p}, loads two vectors of B, broadcasts
 *       {@code MR} values of A and issues {@code 2·MR} fused multiply-adds; it is one small, monomorphic,
 *       branch-free loop so that C2 compiles every vector operation to a machine instruction.</li>
 * </ul>
 * Edge tiles (fewer than MR rows or NR columns left) run the same kernel on a scratch tile and copy the
 * valid part back. Packing buffers are per thread and reused across calls.
 *
 * <p>Loaded only through {@link Gemm} (reflectively, when the module is present), so that the rest of
 * the library runs without {@code --add-modules jdk.incubator.vector}.
 */
final class VectorGemm implements GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector (16 with AVX-512). */
    static final int L = S.length();
    /** Rows of the C tile per micro-kernel call. */
    static final int MR = 6;
    /** Columns of the C tile per micro-kernel call: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block: one A panel (MR·KC floats) and one B panel (KC·NR floats) stay in L1/L2. */
    static final int KC = 256;
    /** Rows of A per packed block (a multiple of MR): the packed A block stays in L2. */
    static final int MC = 120;
    /** Columns of B per packed block (a multiple of NR). */
    static final int NC = 4096;

    /** Per-thread packing buffers and scratch tile, grown on demand and kept for later calls. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Public no-argument constructor: {@link Gemm} creates the instance reflectively. */
    public VectorGemm() {
    }

    @Override
    public String description() {
        return "vector (jdk.incubator.vector, " + S.vectorBitSize() + "-bit, " + MR + "×" + NR + " tile)";
    }

    @Override
    public void gemm(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        gemm(a, ao, k, b, bo, n, c, co, n, m, k, n);
    }

    /**
     * {@code C += A · Bᵀ} as dot products: both operands are read along their rows (the shared dimension
     * {@code k} is contiguous in both), so neither is packed or transposed. A 3×3 tile of C keeps 9
     * {@link FloatVector} accumulators (+ 3 A vectors + 1 B vector: 13 registers) and is reduced across
     * lanes once per depth block; the depth is cut into blocks of {@link #dotDepth} so that the A rows
     * of a block stay in L2 while the B rows of one tile (3 × depth) stay in L1.
     */
    @Override
    public void gemmTransB(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        if (m <= 0 || n <= 0 || k <= 0) {
            return;
        }
        int kb = dotDepth(m, k);
        for (int pc = 0; pc < k; pc += kb) {
            int kc = Math.min(kb, k - pc);
            for (int j = 0; j < n; j += 3) {
                int nr = Math.min(3, n - j);
                for (int i = 0; i < m; i += 3) {
                    int mr = Math.min(3, m - i);
                    int aOff = ao + i * k + pc;
                    int bOff = bo + j * k + pc;
                    int cOff = co + i * n + j;
                    if (mr == 3 && nr == 3) {
                        dot3x3(a, aOff, b, bOff, k, kc, c, cOff, n);
                    } else {
                        for (int r = 0; r < mr; r++) {
                            for (int t = 0; t < nr; t++) {
                                c[cOff + r * n + t] += dot(a, aOff + r * k, b, bOff + t * k, kc);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Depth of one block of {@link #gemmTransB}: {@code m} rows of A of that length fill about 256 KB. */
    static int dotDepth(int m, int k) {
        int depth = (65_536 / m) / L * L;
        return Math.min(k, Math.max(16 * L, depth));
    }

    /** {@code Σ_p a[ao+p]·b[bo+p]} over {@code len} entries. */
    private static float dot(float[] a, int ao, float[] b, int bo, int len) {
        FloatVector acc = FloatVector.zero(S);
        int bound = S.loopBound(len);
        int p = 0;
        for (; p < bound; p += L) {
            acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; p < len; p++) {
            sum += a[ao + p] * b[bo + p];
        }
        return sum;
    }

    /**
     * {@code C[r][t] += Σ_p A[r][p]·B[t][p]} for {@code r, t < 3}, rows {@code ld} apart in A and B and
     * {@code ldc} apart in C, over {@code len} entries.
     */
    static void dot3x3(float[] a, int ao, float[] b, int bo, int ld, int len, float[] c, int co, int ldc) {
        int a1 = ao + ld;
        int a2 = a1 + ld;
        int b1 = bo + ld;
        int b2 = b1 + ld;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        int bound = S.loopBound(len);
        int p = 0;
        for (; p < bound; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, ao + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector y = FloatVector.fromArray(S, b, bo + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
        }
        float t00 = s00.reduceLanes(VectorOperators.ADD);
        float t01 = s01.reduceLanes(VectorOperators.ADD);
        float t02 = s02.reduceLanes(VectorOperators.ADD);
        float t10 = s10.reduceLanes(VectorOperators.ADD);
        float t11 = s11.reduceLanes(VectorOperators.ADD);
        float t12 = s12.reduceLanes(VectorOperators.ADD);
        float t20 = s20.reduceLanes(VectorOperators.ADD);
        float t21 = s21.reduceLanes(VectorOperators.ADD);
        float t22 = s22.reduceLanes(VectorOperators.ADD);
        for (; p < len; p++) {
            float x0 = a[ao + p];
            float x1 = a[a1 + p];
            float x2 = a[a2 + p];
            float y0 = b[bo + p];
            float y1 = b[b1 + p];
            float y2 = b[b2 + p];
            t00 += x0 * y0;
            t01 += x0 * y1;
            t02 += x0 * y2;
            t10 += x1 * y0;
            t11 += x1 * y1;
            t12 += x1 * y2;
            t20 += x2 * y0;
            t21 += x2 * y1;
            t22 += x2 * y2;
        }
        int c1 = co + ldc;
        int c2 = c1 + ldc;
        c[co] += t00;
        c[co + 1] += t01;
        c[co + 2] += t02;
        c[c1] += t10;
        c[c1 + 1] += t11;
        c[c1 + 2] += t12;
        c[c2] += t20;
        c[c2 + 1] += t21;
        c[c2 + 2] += t22;
    }

    @Override
    public void gemmParallel(float[] a, int ao, float[] b, int bo, float[] c, int co, int m, int k, int n) {
        if (m >= n) {
            int panels = (m + MR - 1) / MR;
            Parallel.forChunks(panels, 2L * MR * k * n, (chunk, from, to) -> {
                int i0 = from * MR;
                int rows = Math.min(m, to * MR) - i0;
                gemm(a, ao + i0 * k, k, b, bo, n, c, co + i0 * n, n, rows, k, n);
            });
        } else {
            int panels = (n + NR - 1) / NR;
            Parallel.forChunks(panels, 2L * NR * k * m, (chunk, from, to) -> {
                int j0 = from * NR;
                int cols = Math.min(n, to * NR) - j0;
                gemm(a, ao, k, b, bo + j0, n, c, co + j0, n, m, k, cols);
            });
        }
    }

    /** {@code C += A · B} with leading dimensions {@code lda}, {@code ldb}, {@code ldc}, on this thread. */
    static void gemm(float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc,
                     int m, int k, int n) {
        if (m <= 0 || n <= 0 || k <= 0) {
            return;
        }
        Buffers buf = buffers(m, k);
        int ncMax = Math.min(roundUp(n, NR), NC);
        if (buf.b.length < Math.min(k, KC) * ncMax) {
            buf.b = new float[Math.min(k, KC) * ncMax];
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, bo + pc * ldb + jc, ldb, kc, nc, buf.b, 0);
                multiplyBlock(a, ao + pc, lda, buf, buf.b, 0, c, co + jc, ldc, m, kc, nc);
            }
        }
    }

    /**
     * Packs all of {@code B (k × n)} in the order {@link #gemmPacked} reads it: for each block of {@link #NC}
     * columns, for each block of {@link #KC} rows, the panels {@link #packB} makes.
     */
    @Override
    public Object pack(float[] b, int bo, int k, int n) {
        float[] packed = new float[roundUp(n, NR) * k];
        int at = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, bo + pc * n + jc, n, kc, nc, packed, at);
                at += kc * roundUp(nc, NR);
            }
        }
        return packed;
    }

    @Override
    public void gemmPacked(float[] a, int ao, Object packedB, float[] c, int co, int m, int k, int n) {
        if (m <= 0 || n <= 0 || k <= 0) {
            return;
        }
        float[] packed = (float[]) packedB;
        Buffers buf = buffers(m, k);
        int at = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                multiplyBlock(a, ao + pc, k, buf, packed, at, c, co + jc, n, m, kc, nc);
                at += kc * roundUp(nc, NR);
            }
        }
    }

    /** This thread's buffers, with room to pack {@code m × k} of A. */
    private static Buffers buffers(int m, int k) {
        Buffers buf = BUFFERS.get();
        int size = Math.min(k, KC) * Math.min(roundUp(m, MR), MC);
        if (buf.a.length < size) {
            buf.a = new float[size];
        }
        return buf;
    }

    /**
     * {@code C[0..m)[0..nc) += A[0..m)[0..kc) · B} for one packed block of B ({@code kc} rows, panels from
     * {@code bp[bpo]}): A is packed {@link #MC} rows at a time and every tile goes through the micro-kernel.
     */
    private static void multiplyBlock(float[] a, int ao, int lda, Buffers buf, float[] bp, int bpo, float[] c, int co,
                                      int ldc, int m, int kc, int nc) {
        float[] ap = buf.a;
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            packA(a, ao + ic * lda, lda, mc, kc, ap);
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bOff = bpo + jr * kc; // panel jr/NR starts at (jr/NR)·kc·NR
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int aOff = ir * kc;
                    int cOff = co + (ic + ir) * ldc + jr;
                    if (mr == MR && nr == NR) {
                        kernel(ap, aOff, bp, bOff, kc, c, cOff, ldc);
                    } else {
                        edge(ap, aOff, bp, bOff, kc, c, cOff, ldc, mr, nr, buf.tile);
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Packs {@code kc × nc} of B (row stride {@code ldb}) into NR-wide panels from {@code bp[dst]}, zero-padding the last. */
    private static void packB(float[] b, int bo, int ldb, int kc, int nc, float[] bp, int dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bo + p * ldb + jr, bp, dst, nr);
                for (int j = nr; j < NR; j++) {
                    bp[dst + j] = 0f;
                }
                dst += NR;
            }
        }
    }

    /** Packs {@code mc × kc} of A (row stride {@code lda}) into MR-tall panels, zero-padding the last. */
    private static void packA(float[] a, int ao, int lda, int mc, int kc, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            for (int r = 0; r < mr; r++) {
                int src = ao + (ir + r) * lda;
                int dst = base + r;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR] = a[src + p];
                }
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    ap[base + r + p * MR] = 0f;
                }
            }
        }
    }

    /**
     * A partial tile: the valid part of C is copied into a scratch {@code MR × NR} tile (zeros elsewhere), the
     * kernel runs on the tile and the valid part is copied back — so every element of C gets the same chain of
     * fused multiply-adds from its old value as in a full tile ({@link FmaChainGemm} relies on it).
     */
    private static void edge(float[] ap, int aOff, float[] bp, int bOff, int kc, float[] c, int cOff, int ldc,
                             int mr, int nr, float[] tile) {
        java.util.Arrays.fill(tile, 0f);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(c, cOff + r * ldc, tile, r * NR, nr);
        }
        kernel(ap, aOff, bp, bOff, kc, tile, 0, NR);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, cOff + r * ldc, nr);
        }
    }

    /**
     * The micro-kernel: {@code C[0..MR)[0..NR) += Apanel · Bpanel} over {@code kc} steps, with C at
     * {@code c[co + r·ldc + j]}, the A panel at {@code a[ao + p·MR + r]} and the B panel at
     * {@code b[bo + p·NR + j]}.
     */
    static void kernel(float[] a, int ao, float[] b, int bo, int kc, float[] c, int co, int ldc) {
        int c0 = co;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        FloatVector v00 = FloatVector.fromArray(S, c, c0);
        FloatVector v01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector v10 = FloatVector.fromArray(S, c, c1);
        FloatVector v11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector v20 = FloatVector.fromArray(S, c, c2);
        FloatVector v21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector v30 = FloatVector.fromArray(S, c, c3);
        FloatVector v31 = FloatVector.fromArray(S, c, c3 + L);
        FloatVector v40 = FloatVector.fromArray(S, c, c4);
        FloatVector v41 = FloatVector.fromArray(S, c, c4 + L);
        FloatVector v50 = FloatVector.fromArray(S, c, c5);
        FloatVector v51 = FloatVector.fromArray(S, c, c5 + L);
        int pa = ao;
        int pb = bo;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector x0 = FloatVector.broadcast(S, a[pa]);
            v00 = x0.fma(b0, v00);
            v01 = x0.fma(b1, v01);
            FloatVector x1 = FloatVector.broadcast(S, a[pa + 1]);
            v10 = x1.fma(b0, v10);
            v11 = x1.fma(b1, v11);
            FloatVector x2 = FloatVector.broadcast(S, a[pa + 2]);
            v20 = x2.fma(b0, v20);
            v21 = x2.fma(b1, v21);
            FloatVector x3 = FloatVector.broadcast(S, a[pa + 3]);
            v30 = x3.fma(b0, v30);
            v31 = x3.fma(b1, v31);
            FloatVector x4 = FloatVector.broadcast(S, a[pa + 4]);
            v40 = x4.fma(b0, v40);
            v41 = x4.fma(b1, v41);
            FloatVector x5 = FloatVector.broadcast(S, a[pa + 5]);
            v50 = x5.fma(b0, v50);
            v51 = x5.fma(b1, v51);
            pa += MR;
            pb += NR;
        }
        v00.intoArray(c, c0);
        v01.intoArray(c, c0 + L);
        v10.intoArray(c, c1);
        v11.intoArray(c, c1 + L);
        v20.intoArray(c, c2);
        v21.intoArray(c, c2 + L);
        v30.intoArray(c, c3);
        v31.intoArray(c, c3 + L);
        v40.intoArray(c, c4);
        v41.intoArray(c, c4 + L);
        v50.intoArray(c, c5);
        v51.intoArray(c, c5 + L);
    }
}

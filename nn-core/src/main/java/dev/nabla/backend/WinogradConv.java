package dev.nabla.backend;

import java.util.Arrays;

/**
 * 2-D cross-correlation with a 3×3 kernel at stride 1 and dilation 1 (any zero padding) by Winograd's
 * minimal filtering algorithm F(2×2, 3×3), as in Lavin &amp; Gray, "Fast Algorithms for Convolutional Neural
 * Networks" (CVPR 2016).
 *
 * <p>The output is cut into 2×2 tiles. Tile {@code (ty, tx)} reads the 4×4 input patch {@code d} whose top-left
 * pixel is input row {@code 2·ty − padTop}, column {@code 2·tx − padLeft} (pixels outside the image are 0). For
 * input channel {@code c}, output channel {@code o} and the 3×3 kernel {@code g = w[o][c]}:
 * <pre>
 *   U = G g Gᵀ                       4×4 per (o, c), once per call
 *   V = Bᵀ d B                       4×4 per (tile, c)
 *   M_ξ[o][tile] = Σ_c U_ξ[o][c] · V_ξ[c][tile]     for each of the 16 positions ξ of a 4×4 matrix
 *   Y = Aᵀ M A                       the tile's 2×2 outputs of channel o
 *
 *        ⎡1  0 −1  0⎤        ⎡ 1    0    0 ⎤
 *   Bᵀ = ⎢0  1  1  0⎥    G = ⎢1/2  1/2  1/2⎥    Aᵀ = ⎡1  1  1  0⎤
 *        ⎢0 −1  1  0⎥        ⎢1/2 −1/2  1/2⎥         ⎣0  1 −1 −1⎦
 *        ⎣0  1  0 −1⎦        ⎣ 0    0    1 ⎦
 * </pre>
 * The sum over channels is one GEMM per ξ, {@code M_ξ (O × T) += U_ξ (O × C) · V_ξ (C × T)}, whose T columns are
 * a block of at most {@link #BLOCK_TILES} tiles taken in order across the images of a chunk (so small feature maps
 * still give wide products). Sixteen products of depth C replace im2col's one of depth 9·C: 16 instead of 36
 * multiplications per 2×2 outputs and input channel (2.25× fewer), paid for with the three transforms and a GEMM
 * depth of only C, which the GEMM runs less efficiently when C is small — {@link ConvPath} chooses per shape. A
 * tile that runs past the bottom or right edge of an odd-sized output is computed whole and its outside part
 * dropped.
 *
 * <p>Rounding: every output is a sum of the products {@code d·g} of its tile's 16 inputs and the kernel's 9
 * weights per channel with coefficients of absolute value at most 4 (per dimension, Σ_ξ |Aᵀ_iξ|·|G_ξk|·|Bᵀ_ξj|
 * ≤ Σ_ξ |G_ξk| ≤ 2), formed in float in at most C + 12 rounding steps; the error is therefore at most about
 * {@code 4·(C + 12)·2⁻²⁴ · Σ_c Σ_tile |d| · Σ |g|}, larger than im2col's (whose coefficients are 1 and cover only
 * the output's own 3×3 window), as for every fast convolution algorithm.
 *
 * <p>The input gradient of such a convolution is the same kind of correlation ({@link #backwardInput}).
 * Work arrays come from {@link Scratch} ({@link Scratch#WINO_U} on the calling thread, {@link Scratch#WINO_V} and
 * {@link Scratch#WINO_M} in the chunks); nothing is allocated per image.
 */
final class WinogradConv {
    /** The most tiles (GEMM columns) transformed and multiplied at once per chunk (64 to 1024 measured alike). */
    static final int BLOCK_TILES = 256;
    /**
     * Floats between consecutive ξ planes of the transformed inputs and products beyond the plane itself, so the
     * 16 planes, written and read side by side, are not a multiple of 4 KiB apart (they would all fall into the
     * same sets of the L1 cache).
     */
    static final int PAD = 32;

    private WinogradConv() {
    }

    /** True when F(2×2, 3×3) computes the convolution: a 3×3 kernel, stride 1, dilation 1, any zero padding. */
    static boolean applies(int kh, int kw, ConvSpec s) {
        return kh == 3 && kw == 3 && s.strideH() == 1 && s.strideW() == 1 && s.dilationH() == 1 && s.dilationW() == 1;
    }

    /**
     * True when the input gradient is a Winograd correlation ({@link #backwardInput}): {@link #applies} and no
     * padding above 2 (the gradient's own padding is 2 − p on each side).
     */
    static boolean appliesToInputGradient(int kh, int kw, ConvSpec s) {
        return applies(kh, kw, s) && s.padTop() <= 2 && s.padBottom() <= 2 && s.padLeft() <= 2 && s.padRight() <= 2;
    }

    /**
     * {@code y[b][o][i][j] = Σ_c Σ_{k,l<3} x[b][c][i+k−padTop][j+l−padLeft] · w[o][c][k][l]}: dense NCHW input
     * {@code x (n, c, h, wd)}, OIHW weights {@code w (o, c, 3, 3)}; writes every element of {@code y (n, o, oh, ow)}.
     */
    static void forward(float[] x, float[] w, float[] y, int n, int c, int h, int wd, int o,
                        int padTop, int padLeft, int oh, int ow) {
        float[] u = Scratch.floats(Scratch.WINO_U, 16 * o * c);
        transformWeights(w, o, c, false, u);
        correlate(x, u, y, n, c, h, wd, o, padTop, padLeft, oh, ow);
    }

    /**
     * The input gradient {@code gx (n, c, h, wd)} of the forward convolution with paddings {@code padTop, padLeft}
     * (each ≤ 2), from {@code gy (n, o, oh, ow)}: {@code gx[b][c][a][e] = Σ_o Σ_{k,l} gy[b][o][a−k+padTop][e−l+padLeft]
     * · w[o][c][k][l]}, which with {@code k' = 2 − k}, {@code l' = 2 − l} is the forward correlation of {@code gy}
     * with the weights rotated by 180° and their in/out channels swapped ({@code w'[c][o][k'][l'] = w[o][c][2−k'][2−l']}),
     * padded by {@code 2 − padTop} on top and {@code 2 − padLeft} on the left (and so by {@code 2 − padBottom},
     * {@code 2 − padRight} at the other ends, since {@code oh = h + padTop + padBottom − 2}). Writes every element of
     * {@code gx}.
     */
    static void backwardInput(float[] gy, float[] w, float[] gx, int n, int c, int h, int wd, int o,
                              int oh, int ow, int padTop, int padLeft) {
        float[] u = Scratch.floats(Scratch.WINO_U, 16 * c * o);
        transformWeights(w, o, c, true, u);
        correlate(gy, u, gx, n, o, oh, ow, c, 2 - padTop, 2 - padLeft, h, wd);
    }

    /**
     * {@code U = G g Gᵀ} for every kernel of {@code w (o, c, 3, 3)}, stored as {@code u[ξ][out][in]} with
     * {@code (out, in) = (o, c)}; or, with {@code rotateSwap}, of the kernel rotated by 180° stored at
     * {@code (out, in) = (c, o)}.
     */
    static void transformWeights(float[] w, int o, int c, boolean rotateSwap, float[] u) {
        int step = o * c; // distance between the ξ planes
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int p = (oc * c + ic) * 9;
                float g00, g01, g02, g10, g11, g12, g20, g21, g22;
                if (rotateSwap) {
                    g00 = w[p + 8]; g01 = w[p + 7]; g02 = w[p + 6];
                    g10 = w[p + 5]; g11 = w[p + 4]; g12 = w[p + 3];
                    g20 = w[p + 2]; g21 = w[p + 1]; g22 = w[p];
                } else {
                    g00 = w[p]; g01 = w[p + 1]; g02 = w[p + 2];
                    g10 = w[p + 3]; g11 = w[p + 4]; g12 = w[p + 5];
                    g20 = w[p + 6]; g21 = w[p + 7]; g22 = w[p + 8];
                }
                int at = rotateSwap ? ic * o + oc : oc * c + ic;
                // rows of G g, then each row times Gᵀ
                weightRow(u, at, step, 0, g00, g01, g02);
                weightRow(u, at, step, 1, 0.5f * (g00 + g10 + g20), 0.5f * (g01 + g11 + g21), 0.5f * (g02 + g12 + g22));
                weightRow(u, at, step, 2, 0.5f * (g00 - g10 + g20), 0.5f * (g01 - g11 + g21), 0.5f * (g02 - g12 + g22));
                weightRow(u, at, step, 3, g20, g21, g22);
            }
        }
    }

    /** Row {@code r} of {@code (G g) Gᵀ} from row {@code (a, b, e)} of {@code G g}. */
    private static void weightRow(float[] u, int at, int step, int r, float a, float b, float e) {
        int q = at + 4 * r * step;
        u[q] = a;
        u[q + step] = 0.5f * (a + b + e);
        u[q + 2 * step] = 0.5f * (a - b + e);
        u[q + 3 * step] = e;
    }

    /** The correlation of {@code x (n, c, h, w)} with the transformed weights {@code u} into {@code y (n, o, oh, ow)}. */
    private static void correlate(float[] x, float[] u, float[] y, int n, int c, int h, int w, int o,
                                  int padTop, int padLeft, int oh, int ow) {
        int th = (oh + 1) >> 1, tw = (ow + 1) >> 1;
        int tiles = th * tw;
        if (n == 0 || tiles == 0 || o == 0) {
            return;
        }
        Parallel.forChunks(n, 9L * o * c * oh * ow, (chunk, from, to) -> {
            int total = (to - from) * tiles;
            int blocks = (total + BLOCK_TILES - 1) / BLOCK_TILES;
            int nb = (total + blocks - 1) / blocks; // blocks of nearly equal width
            float[] v = Scratch.floats(Scratch.WINO_V, 16 * (c * nb + PAD));
            float[] m = Scratch.floats(Scratch.WINO_M, 16 * (o * nb + PAD));
            for (int g0 = 0; g0 < total; g0 += nb) {
                int cnt = Math.min(nb, total - g0);
                int vStep = c * cnt + PAD, mStep = o * cnt + PAD;
                transformInput(x, v, vStep, c, h, w, padTop, padLeft, th, tw, from, g0, cnt);
                Arrays.fill(m, 0, 16 * mStep, 0f);
                for (int xi = 0; xi < 16; xi++) {
                    Gemm.gemm(u, xi * o * c, v, xi * vStep, m, xi * mStep, o, c, cnt);
                }
                transformOutput(m, mStep, y, o, oh, ow, th, tw, from, g0, cnt);
            }
        });
    }

    /**
     * {@code V = Bᵀ d B} for the {@code cnt} tiles numbered {@code g0…} (counted over images {@code from…}, row by
     * row within an image) and every channel, into {@code v[ξ][c][0..cnt)} (planes {@code step} apart). Each run of
     * tiles along one tile row is done in three loops: tiles whose 4×4 patch lies inside the image (no tests; indices
     * linear in the tile column) between the left and right border tiles (read with bounds tests).
     */
    private static void transformInput(float[] x, float[] v, int step, int c, int h, int w, int padTop, int padLeft,
                                       int th, int tw, int from, int g0, int cnt) {
        int plane = h * w;
        int tiles = th * tw;
        int firstInside = (padLeft + 1) >> 1;                          // 2·tx − padLeft ≥ 0
        int endInside = Math.floorDiv(w - 4 + padLeft, 2) + 1;         // 2·tx − padLeft + 4 ≤ w
        for (int ch = 0; ch < c; ch++) {
            int col = 0;
            while (col < cnt) {
                int g = g0 + col;
                int b = from + g / tiles;
                int t = g % tiles;
                int ty = t / tw, tx0 = t % tw;
                int end = tx0 + Math.min(tw - tx0, cnt - col);
                int base = (b * c + ch) * plane;
                int y0 = 2 * ty - padTop;
                int q = ch * cnt + col - tx0; // tile tx goes to v[q + tx] (+ ξ·step)
                int lo = end, hi = end;
                if (y0 >= 0 && y0 + 4 <= h) {
                    lo = Math.min(end, Math.max(tx0, firstInside));
                    hi = Math.max(lo, Math.min(end, endInside));
                }
                for (int tx = tx0; tx < lo; tx++) {
                    borderTile(x, v, q + tx, step, base, h, w, y0, 2 * tx - padLeft);
                }
                int rowBase = base + y0 * w - padLeft;
                for (int tx = lo; tx < hi; tx++) {
                    // store(...) written out: the hot loop should not depend on C2 inlining a 19-argument call
                    int p = rowBase + 2 * tx;
                    int p1 = p + w, p2 = p1 + w, p3 = p2 + w;
                    float d00 = x[p], d01 = x[p + 1], d02 = x[p + 2], d03 = x[p + 3];
                    float d10 = x[p1], d11 = x[p1 + 1], d12 = x[p1 + 2], d13 = x[p1 + 3];
                    float d20 = x[p2], d21 = x[p2 + 1], d22 = x[p2 + 2], d23 = x[p2 + 3];
                    float d30 = x[p3], d31 = x[p3 + 1], d32 = x[p3 + 2], d33 = x[p3 + 3];
                    int at = q + tx;
                    inputRow(v, at, step, 0, d00 - d20, d01 - d21, d02 - d22, d03 - d23);
                    inputRow(v, at, step, 1, d10 + d20, d11 + d21, d12 + d22, d13 + d23);
                    inputRow(v, at, step, 2, d20 - d10, d21 - d11, d22 - d12, d23 - d13);
                    inputRow(v, at, step, 3, d10 - d30, d11 - d31, d12 - d32, d13 - d33);
                }
                for (int tx = hi; tx < end; tx++) {
                    borderTile(x, v, q + tx, step, base, h, w, y0, 2 * tx - padLeft);
                }
                col += end - tx0;
            }
        }
    }

    /** A tile whose patch (top-left pixel {@code (y0, x0)}) crosses the image border: pixels outside are 0. */
    private static void borderTile(float[] x, float[] v, int q, int step, int base, int h, int w, int y0, int x0) {
        store(v, q, step,
                at(x, base, h, w, y0, x0), at(x, base, h, w, y0, x0 + 1),
                at(x, base, h, w, y0, x0 + 2), at(x, base, h, w, y0, x0 + 3),
                at(x, base, h, w, y0 + 1, x0), at(x, base, h, w, y0 + 1, x0 + 1),
                at(x, base, h, w, y0 + 1, x0 + 2), at(x, base, h, w, y0 + 1, x0 + 3),
                at(x, base, h, w, y0 + 2, x0), at(x, base, h, w, y0 + 2, x0 + 1),
                at(x, base, h, w, y0 + 2, x0 + 2), at(x, base, h, w, y0 + 2, x0 + 3),
                at(x, base, h, w, y0 + 3, x0), at(x, base, h, w, y0 + 3, x0 + 1),
                at(x, base, h, w, y0 + 3, x0 + 2), at(x, base, h, w, y0 + 3, x0 + 3));
    }

    /** {@code V = Bᵀ d B} of one patch into {@code v[q + ξ·step]}. */
    private static void store(float[] v, int q, int step,
                              float d00, float d01, float d02, float d03, float d10, float d11, float d12, float d13,
                              float d20, float d21, float d22, float d23, float d30, float d31, float d32, float d33) {
        // rows of Bᵀ d: (d0 − d2, d1 + d2, d2 − d1, d1 − d3); then each row times B
        inputRow(v, q, step, 0, d00 - d20, d01 - d21, d02 - d22, d03 - d23);
        inputRow(v, q, step, 1, d10 + d20, d11 + d21, d12 + d22, d13 + d23);
        inputRow(v, q, step, 2, d20 - d10, d21 - d11, d22 - d12, d23 - d13);
        inputRow(v, q, step, 3, d10 - d30, d11 - d31, d12 - d32, d13 - d33);
    }

    /** Row {@code r} of {@code (Bᵀ d) B} from row {@code (a0, a1, a2, a3)} of {@code Bᵀ d}. */
    private static void inputRow(float[] v, int q, int step, int r, float a0, float a1, float a2, float a3) {
        int p = q + 4 * r * step;
        v[p] = a0 - a2;
        v[p + step] = a1 + a2;
        v[p + 2 * step] = a2 - a1;
        v[p + 3 * step] = a1 - a3;
    }

    /** The input pixel {@code (y, x)} of the plane at {@code base}, 0 outside the image. */
    private static float at(float[] x, int base, int h, int w, int y, int xx) {
        return y >= 0 && y < h && xx >= 0 && xx < w ? x[base + y * w + xx] : 0f;
    }

    /**
     * {@code Y = Aᵀ M A} for the block's tiles and every output channel, into the parts inside {@code y}; runs along
     * tile rows as {@link #transformInput}, whole tiles without tests, the last tile of an odd width with.
     */
    private static void transformOutput(float[] m, int step, float[] y, int o, int oh, int ow, int th, int tw,
                                        int from, int g0, int cnt) {
        int tiles = th * tw;
        int fullCols = ow >> 1; // tiles with both output columns inside
        for (int oc = 0; oc < o; oc++) {
            int col = 0;
            while (col < cnt) {
                int g = g0 + col;
                int b = from + g / tiles;
                int t = g % tiles;
                int ty = t / tw, tx0 = t % tw;
                int end = tx0 + Math.min(tw - tx0, cnt - col);
                int q = oc * cnt + col - tx0;
                int r = 2 * ty;
                int rowBase = ((b * o + oc) * oh + r) * ow;
                boolean twoRows = r + 1 < oh;
                int hi = Math.max(tx0, Math.min(end, fullCols));
                if (twoRows) {
                    for (int tx = tx0; tx < hi; tx++) {
                        int qq = q + tx;
                        float m00 = m[qq], m01 = m[qq + step], m02 = m[qq + 2 * step], m03 = m[qq + 3 * step];
                        float m10 = m[qq + 4 * step], m11 = m[qq + 5 * step], m12 = m[qq + 6 * step], m13 = m[qq + 7 * step];
                        float m20 = m[qq + 8 * step], m21 = m[qq + 9 * step], m22 = m[qq + 10 * step], m23 = m[qq + 11 * step];
                        float m30 = m[qq + 12 * step], m31 = m[qq + 13 * step], m32 = m[qq + 14 * step], m33 = m[qq + 15 * step];
                        // rows of Aᵀ M: (m0 + m1 + m2, m1 − m2 − m3); then each row times A
                        float a00 = m00 + m10 + m20, a01 = m01 + m11 + m21, a02 = m02 + m12 + m22, a03 = m03 + m13 + m23;
                        float a10 = m10 - m20 - m30, a11 = m11 - m21 - m31, a12 = m12 - m22 - m32, a13 = m13 - m23 - m33;
                        int p = rowBase + 2 * tx;
                        y[p] = a00 + a01 + a02;
                        y[p + 1] = a01 - a02 - a03;
                        y[p + ow] = a10 + a11 + a12;
                        y[p + ow + 1] = a11 - a12 - a13;
                    }
                } else {
                    hi = tx0;
                }
                for (int tx = hi; tx < end; tx++) {
                    borderOutput(m, q + tx, step, y, rowBase + 2 * tx, 2 * tx + 1 < ow, twoRows, ow);
                }
                col += end - tx0;
            }
        }
    }

    /** An output tile cut by the bottom or right edge: writes only its parts inside. */
    private static void borderOutput(float[] m, int q, int step, float[] y, int p, boolean right, boolean down, int ow) {
        float m00 = m[q], m01 = m[q + step], m02 = m[q + 2 * step], m03 = m[q + 3 * step];
        float m10 = m[q + 4 * step], m11 = m[q + 5 * step], m12 = m[q + 6 * step], m13 = m[q + 7 * step];
        float m20 = m[q + 8 * step], m21 = m[q + 9 * step], m22 = m[q + 10 * step], m23 = m[q + 11 * step];
        float m30 = m[q + 12 * step], m31 = m[q + 13 * step], m32 = m[q + 14 * step], m33 = m[q + 15 * step];
        float a00 = m00 + m10 + m20, a01 = m01 + m11 + m21, a02 = m02 + m12 + m22, a03 = m03 + m13 + m23;
        y[p] = a00 + a01 + a02;
        if (right) {
            y[p + 1] = a01 - a02 - a03;
        }
        if (down) {
            float a10 = m10 - m20 - m30, a11 = m11 - m21 - m31, a12 = m12 - m22 - m32, a13 = m13 - m23 - m33;
            y[p + ow] = a10 + a11 + a12;
            if (right) {
                y[p + ow + 1] = a11 - a12 - a13;
            }
        }
    }
}

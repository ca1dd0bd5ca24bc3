package dev.nabla.formula;

/**
 * 2-D cross-correlation, what deep-learning layers (Keras {@code Conv2D}, PyTorch
 * {@code nn.Conv2d}, Nabla's {@code Ops.conv2d}) call "convolution":
 *
 * <pre>
 *   y(i, j) = Σ_k Σ_l x(i + k − 1, j + l − 1) · w(k, l)
 * </pre>
 *
 * The kernel is laid on the image with its corner {@code w(1,1)} on {@code x(i,j)} and read
 * forwards — no flip. Cross-correlating with the kernel rotated by 180° gives the seed's
 * {@link TrueConvolution2D true convolution}: {@code correlate(x, rotate180(w)) = convolve(x, w)}.
 * (Learned weights do not care which of the two a layer computes: training simply learns the
 * rotated kernel.)
 *
 * <p><b>Indices.</b> Text 1-based, code 0-based: with {@code i0 = i − 1}, {@code k0 = k − 1} the
 * input index {@code i + k − 1} becomes {@code (i + k − 1) − 1 = i0 + k0}, so the code reads
 * {@code y[i0][j0] += x[i0 + k0][j0 + l0] * w[k0][l0]}.
 *
 * <p>{@link #valid} is the 2-D formula ({@code scipy.signal.correlate2d(x, w, mode='valid')}).
 * {@link #apply} is the same sum for a batch of multi-channel images with bias, stride, zero
 * padding and dilation, written as plain nested loops — the reference that {@code Ops.conv2d} is
 * tested against:
 *
 * <pre>
 *   y[n][o][i][j] = b[o] + Σ_c Σ_k Σ_l x[n][c][i·sh − pt + k·dh][j·sw − pl + l·dw] · w[o][c][k][l]
 * </pre>
 *
 * (all 0-based; positions outside the image read 0, which is what zero padding means).
 *
 * <p>Worked example ({@link #main}): {@code x = [[1,2,3],[4,5,6],[7,8,9]]},
 * {@code w = [[1,2],[3,4]]} gives {@code [[37,47],[67,77]]}; with {@code rotate180(w) = [[4,3],[2,1]]}
 * it gives {@code [[23,33],[53,63]]}, the valid true convolution.
 */
public final class CrossCorrelation2D {
    private CrossCorrelation2D() {
    }

    /**
     * Valid cross-correlation {@code y(i,j) = Σ_k Σ_l x(i+k−1, j+l−1)·w(k,l)} for
     * {@code i = 1..H−K+1}, {@code j = 1..W−L+1}.
     *
     * @param x input, H×W
     * @param w kernel, K×L with K ≤ H and L ≤ W
     * @return y, (H−K+1)×(W−L+1)
     */
    public static double[][] valid(double[][] x, double[][] w) {
        int[] xs = Arrays2D.requireMatrix("CrossCorrelation2D.valid", "input x", x);
        int[] ws = Arrays2D.requireMatrix("CrossCorrelation2D.valid", "kernel w", w);
        int h = xs[0], wd = xs[1], kh = ws[0], kw = ws[1];
        if (kh > h || kw > wd) {
            throw new IllegalArgumentException("CrossCorrelation2D.valid: kernel " + kh + "×" + kw
                    + " does not fit input " + h + "×" + wd + " (expected K ≤ H and L ≤ W)");
        }
        double[][] y = new double[h - kh + 1][wd - kw + 1];
        for (int i = 0; i < h - kh + 1; i++) {
            for (int j = 0; j < wd - kw + 1; j++) {
                double sum = 0;
                for (int k = 0; k < kh; k++) {
                    for (int l = 0; l < kw; l++) {
                        sum += x[i + k][j + l] * w[k][l];   // text: x(i+k−1, j+l−1)·w(k,l)
                    }
                }
                y[i][j] = sum;
            }
        }
        return y;
    }

    /**
     * Batched multi-channel cross-correlation, the reference for {@code Ops.conv2d}:
     * {@code y[n][o][i][j] = b[o] + Σ_c Σ_k Σ_l x[n][c][i·sh − pt + k·dh][j·sw − pl + l·dw] · w[o][c][k][l]}.
     * The output has {@code OH = ⌊(H + pt + pb − dh·(KH−1) − 1) / sh⌋ + 1} rows (and likewise
     * {@code OW} columns).
     *
     * @param x         images (N, C, H, W)
     * @param w         kernels (O, C, KH, KW)
     * @param bias      one value per output channel (O), or null for none
     * @param strideH   vertical step of the window, ≥ 1
     * @param strideW   horizontal step, ≥ 1
     * @param padTop    zero rows added above the image (and {@code padBottom} below,
     *                  {@code padLeft}/{@code padRight} beside it), ≥ 0
     * @param dilationH spacing between kernel rows (1 = adjacent), ≥ 1
     * @param dilationW spacing between kernel columns, ≥ 1
     * @return y (N, O, OH, OW)
     */
    public static double[][][][] apply(double[][][][] x, double[][][][] w, double[] bias,
                                       int strideH, int strideW,
                                       int padTop, int padBottom, int padLeft, int padRight,
                                       int dilationH, int dilationW) {
        String fn = "CrossCorrelation2D.apply";
        int[] xs = Arrays2D.require4D(fn, "input x", "(N, C, H, W)", x);
        int[] ws = Arrays2D.require4D(fn, "kernel w", "(O, C, KH, KW)", w);
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ws[0], kh = ws[2], kw = ws[3];
        if (ws[1] != c) {
            throw new IllegalArgumentException(fn + ": input x has " + c + " channels but kernel w (O, C, KH, KW) = ("
                    + o + ", " + ws[1] + ", " + kh + ", " + kw + ") expects " + ws[1]);
        }
        if (bias != null) {
            Arrays2D.requireLength(fn, "bias (one per output channel)", bias, o);
        }
        Arrays2D.requireAtLeast(fn, "strideH", strideH, 1);
        Arrays2D.requireAtLeast(fn, "strideW", strideW, 1);
        Arrays2D.requireAtLeast(fn, "dilationH", dilationH, 1);
        Arrays2D.requireAtLeast(fn, "dilationW", dilationW, 1);
        Arrays2D.requireAtLeast(fn, "padTop", padTop, 0);
        Arrays2D.requireAtLeast(fn, "padBottom", padBottom, 0);
        Arrays2D.requireAtLeast(fn, "padLeft", padLeft, 0);
        Arrays2D.requireAtLeast(fn, "padRight", padRight, 0);
        int spanH = h + padTop + padBottom - dilationH * (kh - 1) - 1;
        int spanW = wd + padLeft + padRight - dilationW * (kw - 1) - 1;
        if (spanH < 0 || spanW < 0) {
            throw new IllegalArgumentException(fn + ": kernel " + kh + "×" + kw + " with dilation " + dilationH + "×"
                    + dilationW + " does not fit input " + h + "×" + wd + " padded by (top " + padTop + ", bottom "
                    + padBottom + ", left " + padLeft + ", right " + padRight + ")");
        }
        int oh = spanH / strideH + 1;
        int ow = spanW / strideW + 1;

        double[][][][] y = new double[n][o][oh][ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = bias == null ? 0 : bias[oc];
                        for (int ch = 0; ch < c; ch++) {
                            for (int k = 0; k < kh; k++) {
                                for (int l = 0; l < kw; l++) {
                                    int r = i * strideH - padTop + k * dilationH;
                                    int q = j * strideW - padLeft + l * dilationW;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {   // else: padding, reads 0
                                        sum += x[b][ch][r][q] * w[oc][ch][k][l];
                                    }
                                }
                            }
                        }
                        y[b][oc][i][j] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** Prints the worked example and the 180° relation to the true convolution. */
    public static void main(String[] args) {
        double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        double[][] w = {{1, 2}, {3, 4}};
        System.out.println("Cross-correlation  y(i,j) = Σ_k Σ_l x(i+k−1, j+l−1)·w(k,l)   (what Conv2D computes)");
        Arrays2D.print("  x (3×3):", x);
        Arrays2D.print("  w (2×2):", w);
        Arrays2D.print("  valid (2×2):", valid(x, w));
        System.out.println("  e.g. y(1,1) = x(1,1)·w(1,1) + x(1,2)·w(1,2) + x(2,1)·w(2,1) + x(2,2)·w(2,2)");
        System.out.println("             = 1·1 + 2·2 + 4·3 + 5·4 = 37");
        double[][] r = TrueConvolution2D.rotate180(w);
        Arrays2D.print("  with rotate180(w) = [[4,3],[2,1]] it is the true convolution:", valid(x, r));
        Arrays2D.print("  TrueConvolution2D.valid(x, w), for comparison:", TrueConvolution2D.valid(x, w));
    }
}

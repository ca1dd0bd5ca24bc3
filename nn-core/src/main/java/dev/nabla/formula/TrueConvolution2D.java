package dev.nabla.formula;

/**
 * The seed's 2-D convolution, the "true" one with the kernel flipped:
 *
 * <pre>
 *   y(i, j) = Σ_k Σ_l x(i − k + 1, j − l + 1) · w(k, l)
 * </pre>
 *
 * for an input {@code x} of size H×W and a kernel {@code w} of size K×L, with {@code k = 1..K},
 * {@code l = 1..L}. As {@code k} grows the input index {@code i − k + 1} shrinks: the kernel is
 * read backwards, i.e. rotated by 180°. This is the convolution of mathematics and signal
 * processing ({@code scipy.signal.convolve2d}, MATLAB's {@code conv2}); deep-learning layers compute
 * {@link CrossCorrelation2D cross-correlation} instead.
 *
 * <p><b>Indices.</b> The text counts from 1, the code from 0. With {@code i0 = i − 1},
 * {@code k0 = k − 1} (and the same for columns) the input index {@code i − k + 1} becomes
 * {@code (i − k + 1) − 1 = i0 − k0}, so the code reads
 * {@code y[i0][j0] += x[i0 − k0][j0 − l0] * w[k0][l0]} — the "+1" disappears.
 *
 * <ul>
 *   <li>{@link #full}: every {@code (i, j)} where at least one product is non-zero: the output is
 *       (H+K−1)×(W+L−1) and input positions outside the image read 0 ({@code mode='full'} in
 *       SciPy).</li>
 *   <li>{@link #valid}: only the positions where the kernel lies entirely on the image: the output
 *       is (H−K+1)×(W−L+1), text indices {@code i = K..H}, {@code j = L..W} ({@code mode='valid'}).</li>
 * </ul>
 *
 * <p>Worked example ({@link #main}): {@code x = [[1,2,3],[4,5,6],[7,8,9]]},
 * {@code w = [[1,2],[3,4]]} gives full {@code [[1,4,7,6],[7,23,33,24],[19,53,63,42],[21,52,59,36]]}
 * and valid {@code [[23,33],[53,63]]}.
 */
public final class TrueConvolution2D {
    private TrueConvolution2D() {
    }

    /**
     * The full convolution: {@code y(i,j) = Σ_k Σ_l x(i−k+1, j−l+1)·w(k,l)} for
     * {@code i = 1..H+K−1}, {@code j = 1..W+L−1}; {@code x} outside {@code 1..H × 1..W} reads 0.
     *
     * @param x input, H×W
     * @param w kernel, K×L
     * @return y, (H+K−1)×(W+L−1)
     */
    public static double[][] full(double[][] x, double[][] w) {
        int[] xs = Arrays2D.requireMatrix("TrueConvolution2D.full", "input x", x);
        int[] ws = Arrays2D.requireMatrix("TrueConvolution2D.full", "kernel w", w);
        int h = xs[0], wd = xs[1], kh = ws[0], kw = ws[1];
        double[][] y = new double[h + kh - 1][wd + kw - 1];
        for (int i = 0; i < h + kh - 1; i++) {
            for (int j = 0; j < wd + kw - 1; j++) {
                double sum = 0;
                for (int k = 0; k < kh; k++) {
                    for (int l = 0; l < kw; l++) {
                        sum += input(x, i - k, j - l) * w[k][l];   // text: x(i−k+1, j−l+1)·w(k,l)
                    }
                }
                y[i][j] = sum;
            }
        }
        return y;
    }

    /**
     * The valid convolution: the same sum, only at {@code i = K..H}, {@code j = L..W} (text
     * indices), where every {@code x(i−k+1, j−l+1)} lies on the image. Equals the centre part
     * {@code full(x, w)[K−1 .. H−1][L−1 .. W−1]} (0-based).
     *
     * @param x input, H×W
     * @param w kernel, K×L with K ≤ H and L ≤ W
     * @return y, (H−K+1)×(W−L+1)
     */
    public static double[][] valid(double[][] x, double[][] w) {
        int[] xs = Arrays2D.requireMatrix("TrueConvolution2D.valid", "input x", x);
        int[] ws = Arrays2D.requireMatrix("TrueConvolution2D.valid", "kernel w", w);
        int h = xs[0], wd = xs[1], kh = ws[0], kw = ws[1];
        if (kh > h || kw > wd) {
            throw new IllegalArgumentException("TrueConvolution2D.valid: kernel " + kh + "×" + kw
                    + " does not fit input " + h + "×" + wd + " (expected K ≤ H and L ≤ W)");
        }
        double[][] y = new double[h - kh + 1][wd - kw + 1];
        for (int a = 0; a < h - kh + 1; a++) {
            for (int b = 0; b < wd - kw + 1; b++) {
                int i = a + kh - 1;   // 0-based row of the full result: text i = a + K
                int j = b + kw - 1;
                double sum = 0;
                for (int k = 0; k < kh; k++) {
                    for (int l = 0; l < kw; l++) {
                        sum += x[i - k][j - l] * w[k][l];   // always on the image here
                    }
                }
                y[a][b] = sum;
            }
        }
        return y;
    }

    /**
     * The kernel rotated by 180° (flipped upside down and left to right):
     * {@code r(k, l) = w(K − k + 1, L − l + 1)}, in code {@code r[k][l] = w[K−1−k][L−1−l]}.
     * Rotating twice gives the kernel back.
     */
    public static double[][] rotate180(double[][] w) {
        int[] ws = Arrays2D.requireMatrix("TrueConvolution2D.rotate180", "kernel w", w);
        int kh = ws[0], kw = ws[1];
        double[][] r = new double[kh][kw];
        for (int k = 0; k < kh; k++) {
            for (int l = 0; l < kw; l++) {
                r[k][l] = w[kh - 1 - k][kw - 1 - l];
            }
        }
        return r;
    }

    /** {@code x[r][c]}, or 0 outside the image. */
    private static double input(double[][] x, int r, int c) {
        if (r < 0 || r >= x.length || c < 0 || c >= x[0].length) {
            return 0;
        }
        return x[r][c];
    }

    /** Prints the worked example: a 3×3 input, a 2×2 kernel, full and valid results. */
    public static void main(String[] args) {
        double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        double[][] w = {{1, 2}, {3, 4}};
        System.out.println("True convolution  y(i,j) = Σ_k Σ_l x(i−k+1, j−l+1)·w(k,l)   (kernel flipped)");
        Arrays2D.print("  x (3×3):", x);
        Arrays2D.print("  w (2×2):", w);
        Arrays2D.print("  full  (4×4), out-of-range x reads 0:", full(x, w));
        Arrays2D.print("  valid (2×2), kernel entirely on the image:", valid(x, w));
        System.out.println("  e.g. y(2,2) = x(2,2)·w(1,1) + x(2,1)·w(1,2) + x(1,2)·w(2,1) + x(1,1)·w(2,2)");
        System.out.println("             = 5·1 + 4·2 + 2·3 + 1·4 = 23");
        Arrays2D.print("  rotate180(w):", rotate180(w));
    }
}

package dev.nabla.formula;

/**
 * Average pooling: the mean of the window instead of its maximum,
 *
 * <pre>
 *   p(i, j) = (1 / |A(i,j)|) · Σ_{(r,q) ∈ A(i,j)} y(r, q)
 * </pre>
 *
 * where {@code A(i,j)} is the set of window positions that lie on the image. Without padding every
 * window has S·T positions and this is the plain mean. With padding ({@code "same"}), the padded
 * positions are left out of the sum <em>and</em> out of the count — a border window of 2 real
 * pixels is divided by 2, not by 4. This is the Keras/TensorFlow behaviour (PyTorch's
 * {@code count_include_pad=False}).
 *
 * <p><b>Indices.</b> Written from the top-left corner of the window, 0-based:
 * {@code A[i][j] = {(i·sh − pt + k, j·sw − pl + l) : 0 ≤ k < KH, 0 ≤ l < KW, on the image}}; text
 * index {@code i} is code {@code i + 1}.
 *
 * <p>{@link #apply} is the batched NCHW reference for {@code Ops.avgPool2d}.
 *
 * <p>Worked example ({@link #main}): {@code y = [[1,2,3],[4,5,6],[7,8,9]]}, 2×2 window, stride 2,
 * padding "same" (one zero row below, one column right) gives {@code [[3,4.5],[7.5,9]]}.
 */
public final class AveragePooling2D {
    private AveragePooling2D() {
    }

    /**
     * Average pooling of one image with explicit zero padding per side; padded positions are not
     * counted.
     *
     * @param y input, H×W
     * @return p, (⌊(H + pt + pb − KH)/sh⌋ + 1) × (⌊(W + pl + pr − KW)/sw⌋ + 1)
     */
    public static double[][] pool(double[][] y, int kh, int kw, int strideH, int strideW,
                                  int padTop, int padBottom, int padLeft, int padRight) {
        String fn = "AveragePooling2D.pool";
        int[] size = Arrays2D.requireMatrix(fn, "input y", y);
        int h = size[0], w = size[1];
        int[] out = PoolGeometry.outputSize(fn, h, w, kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight);
        double[][] p = new double[out[0]][out[1]];
        for (int i = 0; i < out[0]; i++) {
            for (int j = 0; j < out[1]; j++) {
                double sum = 0;
                int count = 0;
                for (int k = 0; k < kh; k++) {
                    for (int l = 0; l < kw; l++) {
                        int r = i * strideH - padTop + k;
                        int q = j * strideW - padLeft + l;
                        if (r >= 0 && r < h && q >= 0 && q < w) {   // padding: neither summed nor counted
                            sum += y[r][q];
                            count++;
                        }
                    }
                }
                if (count == 0) {
                    throw new IllegalArgumentException(fn + ": window (" + i + ", " + j
                            + ") lies entirely in the padding; use padding smaller than the window");
                }
                p[i][j] = sum / count;
            }
        }
        return p;
    }

    /**
     * Batched average pooling, the reference for {@code Ops.avgPool2d}: {@link #pool} applied to
     * every image {@code n} and channel {@code c} of {@code x (N, C, H, W)}.
     *
     * @return p (N, C, OH, OW)
     */
    public static double[][][][] apply(double[][][][] x, int kh, int kw, int strideH, int strideW,
                                       int padTop, int padBottom, int padLeft, int padRight) {
        int[] size = Arrays2D.require4D("AveragePooling2D.apply", "input x", "(N, C, H, W)", x);
        double[][][][] p = new double[size[0]][size[1]][][];
        for (int n = 0; n < size[0]; n++) {
            for (int c = 0; c < size[1]; c++) {
                p[n][c] = pool(x[n][c], kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight);
            }
        }
        return p;
    }

    /** Prints the worked example: a 3×3 input, 2×2 window, stride 2, padding "same". */
    public static void main(String[] args) {
        double[][] y = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        System.out.println("Average pooling  p(i,j) = mean of the window's on-image values   (2×2, stride 2, \"same\")");
        Arrays2D.print("  y (3×3):", y);
        System.out.println("  \"same\": out = ⌈3/2⌉ = 2, total padding = (2−1)·2 + 2 − 3 = 1 → 0 before, 1 after");
        Arrays2D.print("  p (2×2):", pool(y, 2, 2, 2, 2, 0, 1, 0, 1));
        System.out.println("  e.g. p(1,2) = (3 + 6) / 2 = 4.5   (2 pixels on the image, 2 in the padding)");
        System.out.println("       p(2,2) = 9 / 1 = 9");
    }
}

package dev.nabla.formula;

/**
 * Max pooling in the seed's notation:
 *
 * <pre>
 *   p(i, j) = max_{s, t} y(i − s + 1, j − t + 1)     s = 1..S, t = 1..T
 * </pre>
 *
 * The S×T window ends at {@code (i, j)}: {@code (i, j)} is its bottom-right corner and the window
 * reaches {@code S − 1} rows up and {@code T − 1} columns left. Pooling layers move the window
 * in steps (the stride, usually equal to the window: {@code MaxPool2D(2)} halves each side), so
 * output {@code (a, b)} (counted from 1) uses the corner {@code i = (a − 1)·strideH + S},
 * {@code j = (b − 1)·strideW + T}.
 *
 * <p><b>Indices.</b> Text 1-based, code 0-based. With {@code i0 = i − 1}, {@code s0 = s − 1}, the
 * read index {@code i − s + 1} becomes {@code i0 − s0}; output {@code a0} has its corner at
 * {@code i0 = a0·strideH + S − 1}. The code reads {@code p[a0][b0] = max y[i0 − s0][j0 − t0]}.
 * The same window written from its top-left corner is
 * {@code y[a0·strideH + s0][b0·strideW + t0]}, which is how {@link #apply} (and
 * {@code Ops.maxPool2d}) write it.
 *
 * <p>{@link #apply} is the batched reference for {@code Ops.maxPool2d}: NCHW images, kernel,
 * stride and explicit zero padding per side. Padded positions never win — they are simply not
 * part of the maximum (as if they held −∞), so an all-negative border stays negative.
 *
 * <p>Worked example ({@link #main}): {@code y = [[1,3,2,1],[4,2,0,1],[5,1,3,8],[0,2,7,6]]} with a 2×2
 * window and stride 2 gives {@code [[4,2],[5,8]]}.
 */
public final class MaxPooling2D {
    private MaxPooling2D() {
    }

    /** {@link #pool(double[][], int, int, int, int)} with a square window and stride = window. */
    public static double[][] pool(double[][] y, int size) {
        return pool(y, size, size, size, size);
    }

    /**
     * {@code p(i,j) = max_{s,t} y(i−s+1, j−t+1)} over an S×T window whose bottom-right corner
     * moves in steps of {@code strideH} rows and {@code strideW} columns; no padding.
     *
     * @param y input, H×W
     * @return p, (⌊(H−S)/strideH⌋+1) × (⌊(W−T)/strideW⌋+1)
     */
    public static double[][] pool(double[][] y, int windowH, int windowW, int strideH, int strideW) {
        String fn = "MaxPooling2D.pool";
        int[] size = Arrays2D.requireMatrix(fn, "input y", y);
        Arrays2D.requireAtLeast(fn, "window height S", windowH, 1);
        Arrays2D.requireAtLeast(fn, "window width T", windowW, 1);
        Arrays2D.requireAtLeast(fn, "strideH", strideH, 1);
        Arrays2D.requireAtLeast(fn, "strideW", strideW, 1);
        int h = size[0], w = size[1];
        if (windowH > h || windowW > w) {
            throw new IllegalArgumentException(fn + ": window " + windowH + "×" + windowW
                    + " does not fit input " + h + "×" + w);
        }
        double[][] p = new double[(h - windowH) / strideH + 1][(w - windowW) / strideW + 1];
        for (int a = 0; a < p.length; a++) {
            for (int b = 0; b < p[0].length; b++) {
                int i = a * strideH + windowH - 1;   // bottom-right corner of the window (0-based)
                int j = b * strideW + windowW - 1;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < windowH; s++) {
                    for (int t = 0; t < windowW; t++) {
                        max = Math.max(max, y[i - s][j - t]);   // text: y(i−s+1, j−t+1)
                    }
                }
                p[a][b] = max;
            }
        }
        return p;
    }

    /**
     * Batched max pooling, the reference for {@code Ops.maxPool2d}:
     * {@code p[n][c][i][j] = max_{k<KH, l<KW} x[n][c][i·sh − pt + k][j·sw − pl + l]}, the maximum
     * taken over the positions that lie on the image only (padding never wins). The output has
     * {@code ⌊(H + pt + pb − KH)/sh⌋ + 1} rows, and likewise for columns.
     *
     * @param x images (N, C, H, W)
     * @return p (N, C, OH, OW)
     * @throws IllegalArgumentException for bad sizes, or when a window lies entirely in the padding
     */
    public static double[][][][] apply(double[][][][] x, int kh, int kw, int strideH, int strideW,
                                       int padTop, int padBottom, int padLeft, int padRight) {
        String fn = "MaxPooling2D.apply";
        int[] size = Arrays2D.require4D(fn, "input x", "(N, C, H, W)", x);
        int[] out = PoolGeometry.outputSize(fn, size[2], size[3], kh, kw, strideH, strideW,
                padTop, padBottom, padLeft, padRight);
        int h = size[2], w = size[3];
        double[][][][] p = new double[size[0]][size[1]][out[0]][out[1]];
        for (int n = 0; n < size[0]; n++) {
            for (int c = 0; c < size[1]; c++) {
                for (int i = 0; i < out[0]; i++) {
                    for (int j = 0; j < out[1]; j++) {
                        double max = Double.NEGATIVE_INFINITY;
                        int onImage = 0;
                        for (int k = 0; k < kh; k++) {
                            for (int l = 0; l < kw; l++) {
                                int r = i * strideH - padTop + k;
                                int q = j * strideW - padLeft + l;
                                if (r >= 0 && r < h && q >= 0 && q < w) {   // padding is skipped
                                    max = Math.max(max, x[n][c][r][q]);
                                    onImage++;
                                }
                            }
                        }
                        if (onImage == 0) {
                            throw new IllegalArgumentException(fn + ": window (" + i + ", " + j
                                    + ") lies entirely in the padding; use padding smaller than the window");
                        }
                        p[n][c][i][j] = max;
                    }
                }
            }
        }
        return p;
    }

    /** Prints the worked example: a 4×4 input pooled by 2×2 windows with stride 2. */
    public static void main(String[] args) {
        double[][] y = {{1, 3, 2, 1}, {4, 2, 0, 1}, {5, 1, 3, 8}, {0, 2, 7, 6}};
        System.out.println("Max pooling  p(i,j) = max_{s,t} y(i−s+1, j−t+1)   (2×2 window, stride 2)");
        Arrays2D.print("  y (4×4):", y);
        Arrays2D.print("  p (2×2):", pool(y, 2));
        System.out.println("  e.g. p(2,2): window corner (4,4), max{y(4,4), y(4,3), y(3,4), y(3,3)}");
        System.out.println("             = max{6, 7, 8, 3} = 8");
        double[][][][] padded = {{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}};
        System.out.println("  with padding \"same\" (3×3 input, 2×2 window, stride 2: 1 zero row below, 1 column right)");
        Arrays2D.print("  the padded positions never win:", apply(padded, 2, 2, 2, 2, 0, 1, 0, 1)[0][0]);
    }
}

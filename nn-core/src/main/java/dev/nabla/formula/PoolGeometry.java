package dev.nabla.formula;

/** Argument checks and the output size shared by the two pooling references. */
final class PoolGeometry {
    private PoolGeometry() {
    }

    /**
     * Checks the window, strides and paddings and returns {@code {OH, OW}} with
     * {@code OH = ⌊(H + pt + pb − KH)/sh⌋ + 1} and {@code OW = ⌊(W + pl + pr − KW)/sw⌋ + 1}.
     */
    static int[] outputSize(String fn, int h, int w, int kh, int kw, int strideH, int strideW,
                            int padTop, int padBottom, int padLeft, int padRight) {
        Arrays2D.requireAtLeast(fn, "window height", kh, 1);
        Arrays2D.requireAtLeast(fn, "window width", kw, 1);
        Arrays2D.requireAtLeast(fn, "strideH", strideH, 1);
        Arrays2D.requireAtLeast(fn, "strideW", strideW, 1);
        Arrays2D.requireAtLeast(fn, "padTop", padTop, 0);
        Arrays2D.requireAtLeast(fn, "padBottom", padBottom, 0);
        Arrays2D.requireAtLeast(fn, "padLeft", padLeft, 0);
        Arrays2D.requireAtLeast(fn, "padRight", padRight, 0);
        int spanH = h + padTop + padBottom - kh;
        int spanW = w + padLeft + padRight - kw;
        if (spanH < 0 || spanW < 0) {
            throw new IllegalArgumentException(fn + ": window " + kh + "×" + kw + " does not fit input " + h + "×" + w
                    + " padded by (top " + padTop + ", bottom " + padBottom + ", left " + padLeft + ", right "
                    + padRight + ")");
        }
        return new int[] {spanH / strideH + 1, spanW / strideW + 1};
    }
}

package dev.nabla.backend;

/**
 * The geometry of a 2-D convolution or pooling window, already resolved to explicit numbers:
 * strides, dilations and the zero padding added before/after each spatial axis.
 *
 * <p>With input size {@code n}, kernel size {@code k}, stride {@code s}, dilation {@code d} and
 * paddings {@code p0, p1}, the output size is {@code ⌊(n + p0 + p1 − d·(k−1) − 1) / s⌋ + 1}.
 */
public record ConvSpec(int strideH, int strideW, int dilationH, int dilationW,
                       int padTop, int padBottom, int padLeft, int padRight) {

    public ConvSpec {
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("stride must be ≥ 1, got (" + strideH + ", " + strideW + ")");
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("dilation must be ≥ 1, got (" + dilationH + ", " + dilationW + ")");
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("padding must be ≥ 0, got (" + padTop + ", " + padBottom
                    + ", " + padLeft + ", " + padRight + ")");
        }
    }

    /** Output height for input height {@code h} and kernel height {@code kh}. */
    public int outHeight(int h, int kh) {
        return outSize(h, kh, strideH, dilationH, padTop + padBottom);
    }

    /** Output width for input width {@code w} and kernel width {@code kw}. */
    public int outWidth(int w, int kw) {
        return outSize(w, kw, strideW, dilationW, padLeft + padRight);
    }

    private static int outSize(int n, int k, int stride, int dilation, int pad) {
        int span = n + pad - dilation * (k - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }
}

package dev.nabla.nn;

/** Output sizes of convolution and pooling windows with Keras's {@code "valid"}/{@code "same"}. */
final class ConvShapes {
    private ConvShapes() {
    }

    /**
     * {@code valid}: {@code ⌊(n − k_eff) / s⌋ + 1}; {@code same}: {@code ⌈n / s⌉}, where
     * {@code k_eff = d·(k − 1) + 1}.
     */
    static int outSize(int n, int k, int stride, int dilation, String padding) {
        if ("same".equals(padding)) {
            return (n + stride - 1) / stride;
        }
        int kEff = dilation * (k - 1) + 1;
        return n < kEff ? 0 : (n - kEff) / stride + 1;
    }
}

package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.backend.ConvSpec;
import dev.nabla.backend.PoolResult;
import dev.nabla.tensor.Tensor;

import static dev.nabla.ops.ElementwiseFunctions.backend;

/** Convolutions and pooling over NCHW images. */
final class ConvFunctions {
    private ConvFunctions() {
    }

    /**
     * Cross-correlation {@code y[n,o,i,j] = Σ_c Σ_k Σ_l x[n,c, i·s−p+k·d, j·s−p+l·d] · w[o,c,k,l]}.
     * Its input gradient is the transposed convolution of {@code dY}; its weight gradient the
     * correlation of the input with {@code dY}.
     */
    static final class Conv2d extends Function {
        private final ConvSpec spec;

        Conv2d(ConvSpec spec) {
            this.spec = spec;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            save(in[0], in[1]);
            return backend().conv2d(in[0], in[1], spec);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor w = saved(1);
            Tensor gx = needsGrad(0) ? backend().conv2dBackwardInput(g, w, x.shape(), spec) : null;
            Tensor gw = needsGrad(1) ? backend().conv2dBackwardWeight(x, g, w.shape(), spec) : null;
            return new Tensor[] {gx, gw};
        }
    }

    /**
     * Transposed convolution: the input-gradient of a {@link Conv2d} whose weight is {@code w}
     * ({@code (C_in, C_out, KH, KW)}: that convolution maps {@code C_out} channels to {@code C_in}).
     */
    static final class Conv2dTranspose extends Function {
        private final ConvSpec spec;
        private final int[] outputShape;

        Conv2dTranspose(ConvSpec spec, int[] outputShape) {
            this.spec = spec;
            this.outputShape = outputShape;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            save(in[0], in[1]);
            return backend().conv2dBackwardInput(in[0], in[1], outputShape, spec);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor w = saved(1);
            Tensor gx = needsGrad(0) ? backend().conv2d(g, w, spec) : null;
            Tensor gw = needsGrad(1) ? backend().conv2dBackwardWeight(g, x, w.shape(), spec) : null;
            return new Tensor[] {gx, gw};
        }
    }

    /** {@code p[n,c,i,j] = max} over the window; the gradient goes to the winning element. */
    static final class MaxPool2d extends Function {
        private final int kh;
        private final int kw;
        private final ConvSpec spec;
        private PoolResult pooled;
        private int[] inputShape;

        MaxPool2d(int kh, int kw, ConvSpec spec) {
            this.kh = kh;
            this.kw = kw;
            this.spec = spec;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            if (!recording()) {
                return backend().maxPool2dValues(in[0], kh, kw, spec); // no backward pass: no argmax to keep
            }
            PoolResult r = backend().maxPool2d(in[0], kh, kw, spec);
            pooled = r; // its indices may stay on the device; the backward pass reads them there
            return r.output();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {backend().maxPool2dBackward(g, pooled, inputShape)};
        }
    }

    /** Mean over the window (positions outside the input are not counted, as in Keras). */
    static final class AvgPool2d extends Function {
        private final int kh;
        private final int kw;
        private final ConvSpec spec;
        private int[] inputShape;

        AvgPool2d(int kh, int kw, ConvSpec spec) {
            this.kh = kh;
            this.kw = kw;
            this.spec = spec;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return backend().avgPool2d(in[0], kh, kw, spec);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {backend().avgPool2dBackward(g, inputShape, kh, kw, spec)};
        }
    }
}

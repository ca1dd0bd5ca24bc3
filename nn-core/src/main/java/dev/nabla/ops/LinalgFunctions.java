package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.tensor.Tensor;

import static dev.nabla.ops.ElementwiseFunctions.backend;

/** Matrix products and softmax. */
final class LinalgFunctions {
    private LinalgFunctions() {
    }

    /** {@code Y = A·B} (batched); {@code dA = dY·Bᵀ}, {@code dB = Aᵀ·dY}, summed over broadcast batches. */
    static final class MatMul extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            save(in[0], in[1]);
            return backend().matmul(in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor a = saved(0);
            Tensor b = saved(1);
            Tensor ga = backend().matmul(g, b.transpose(-1, -2));
            Tensor gb = backend().matmul(a.transpose(-1, -2), g);
            return new Tensor[] {Ops.sumTo(ga, a.shape()), Ops.sumTo(gb, b.shape())};
        }
    }

    /**
     * {@code y_i = e^{x_i} / Σ_j e^{x_j}} along an axis, or its logarithm.
     * Backward: softmax {@code dx = y ⊙ (g − Σ g⊙y)}; log-softmax {@code dx = g − e^y · Σ g}.
     */
    static final class Softmax extends Function {
        private final int axis;
        private final boolean log;

        Softmax(int axis, boolean log) {
            this.axis = axis;
            this.log = log;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor y = backend().softmax(in[0], axis, log);
            save(y);
            return y;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor y = saved(0);
            int[] ax = {axis};
            if (log) {
                return new Tensor[] {g.sub(y.exp().mul(Ops.sum(g, ax, true)))};
            }
            return new Tensor[] {y.mul(g.sub(Ops.sum(g.mul(y), ax, true)))};
        }

        @Override
        public String name() {
            return log ? "LogSoftmaxBackward" : "SoftmaxBackward";
        }
    }
}

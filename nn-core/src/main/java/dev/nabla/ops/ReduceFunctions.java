package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.backend.ReduceOp;
import dev.nabla.tensor.Tensor;

import static dev.nabla.ops.ElementwiseFunctions.backend;

/** Sum, max and min over axes. */
final class ReduceFunctions {
    private ReduceFunctions() {
    }

    /** Keeps the reduced axes as size 1 so a gradient can be broadcast back. */
    static int[] keptShape(int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        return kept;
    }

    /** The shape without the reduced axes. */
    static int[] droppedShape(int[] shape, int[] axes) {
        int[] out = new int[shape.length - axes.length];
        int k = 0;
        for (int i = 0, a = 0; i < shape.length; i++) {
            if (a < axes.length && axes[a] == i) {
                a++;
            } else {
                out[k++] = shape[i];
            }
        }
        return out;
    }

    /** {@code Σ x} over axes; the gradient is broadcast back unchanged. */
    static final class Sum extends Function {
        private final int[] axes;
        private final boolean keepDims;
        private int[] inputShape;

        Sum(int[] axes, boolean keepDims) {
            this.axes = axes;
            this.keepDims = keepDims;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return backend().reduce(ReduceOp.SUM, in[0], axes, keepDims);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(keptShape(inputShape, axes)).expand(inputShape)};
        }
    }

    /** Max or min over axes; the gradient goes to the extreme elements, split evenly on ties. */
    static final class Extreme extends Function {
        private final ReduceOp op;
        private final int[] axes;
        private final boolean keepDims;

        Extreme(ReduceOp op, int[] axes, boolean keepDims) {
            this.op = op;
            this.axes = axes;
            this.keepDims = keepDims;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor y = backend().reduce(op, in[0], axes, true);
            save(in[0], y);
            return keepDims ? y : y.reshape(droppedShape(y.shape(), axes));
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor y = saved(1);
            Tensor mask = Ops.eq(x, y);
            Tensor count = mask.sum(axes).reshape(y.shape());
            Tensor gk = g.reshape(y.shape());
            return new Tensor[] {mask.mul(gk.div(count))};
        }

        @Override
        public String name() {
            return op == ReduceOp.MAX ? "MaxBackward" : "MinBackward";
        }
    }
}

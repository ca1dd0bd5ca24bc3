package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import static dev.nabla.ops.ElementwiseFunctions.backend;

/** Views and copies that move elements without changing them. */
final class ShapeFunctions {
    private ShapeFunctions() {
    }

    /** A view with a new shape over contiguous data. */
    static final class Reshape extends Function {
        private final int[] shape;
        private int[] inputShape;

        Reshape(int[] shape) {
            this.shape = shape;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0].isContiguous() ? in[0] : backend().copy(in[0]);
            inputShape = x.shape();
            return Tensor.view(x, shape, Shape.contiguousStrides(shape), x.offset());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(inputShape)};
        }
    }

    /** Axis {@code i} of the result is axis {@code order[i]} of the input. */
    static final class Permute extends Function {
        private final int[] order;

        Permute(int[] order) {
            this.order = order;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            int[] s = x.shape();
            int[] st = x.strides();
            int[] ps = new int[order.length];
            int[] pst = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                ps[i] = s[order[i]];
                pst[i] = st[order[i]];
            }
            return Tensor.view(x, ps, pst, x.offset());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            int[] inverse = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                inverse[order[i]] = i;
            }
            return new Tensor[] {g.permute(inverse)};
        }
    }

    /** Elements {@code start..end-1} of one axis, as a view. */
    static final class Slice extends Function {
        private final int axis;
        private final int start;
        private final int end;
        private int[] inputShape;

        Slice(int axis, int start, int end) {
            this.axis = axis;
            this.start = start;
            this.end = end;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            inputShape = x.shape();
            int[] s = x.shape();
            int[] st = x.strides();
            s[axis] = end - start;
            return Tensor.view(x, s, st, x.offset() + start * st[axis]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor full = Tensor.zeros(inputShape);
            backend().copyInto(full.slice(axis, start, end), g);
            return new Tensor[] {full};
        }
    }

    /** Size-1 (or missing leading) axes repeated with stride 0. */
    static final class Expand extends Function {
        private final int[] shape;
        private int[] inputShape;

        Expand(int[] shape) {
            this.shape = shape;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            inputShape = x.shape();
            int lead = shape.length - x.rank();
            int[] st = new int[shape.length];
            int[] xs = x.shape();
            int[] xst = x.strides();
            for (int i = lead; i < shape.length; i++) {
                st[i] = xs[i - lead] == 1 && shape[i] != 1 ? 0 : xst[i - lead];
            }
            return Tensor.view(x, shape, st, x.offset());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {Ops.sumTo(g, inputShape)};
        }
    }

    /** A contiguous copy; the gradient passes through unchanged. */
    static final class Contiguous extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return backend().copy(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }
    }

    /** Joins tensors along an existing axis. */
    static final class Concat extends Function {
        private final int axis;
        private int[] sizes;

        Concat(int axis) {
            this.axis = axis;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            int[] shape = in[0].shape();
            sizes = new int[in.length];
            int total = 0;
            for (int i = 0; i < in.length; i++) {
                sizes[i] = in[i].size(axis);
                total += sizes[i];
            }
            shape[axis] = total;
            Tensor out = Tensor.zeros(shape);
            int at = 0;
            for (int i = 0; i < in.length; i++) {
                backend().copyInto(out.slice(axis, at, at + sizes[i]), in[i]);
                at += sizes[i];
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] grads = new Tensor[sizes.length];
            int at = 0;
            for (int i = 0; i < sizes.length; i++) {
                grads[i] = g.slice(axis, at, at + sizes[i]);
                at += sizes[i];
            }
            return grads;
        }
    }

    /** Rows {@code index[i]} along an axis (gather / embedding lookup); gradients scatter-add back. */
    static final class IndexSelect extends Function {
        private final int axis;
        private final int[] index;
        private int[] inputShape;

        IndexSelect(int axis, int[] index) {
            this.axis = axis;
            this.index = index;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            inputShape = in[0].shape();
            return backend().indexSelect(in[0], axis, index);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {backend().indexAdd(g, axis, index, inputShape)};
        }
    }
}

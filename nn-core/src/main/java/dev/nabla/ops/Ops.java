package dev.nabla.ops;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Backends;
import dev.nabla.backend.ConvSpec;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The functional API: one static entry point per op, in the style of PyTorch's
 * {@code torch.nn.functional} and Keras's {@code ops}. Every op checks its arguments (a wrong
 * shape fails here, naming the op and both shapes), records itself for autograd when an input
 * requires a gradient, and runs on {@link Backends#current()}.
 *
 * <p>Layouts: images NCHW, convolution weights OIHW, dense weights (in, out).
 */
public final class Ops {
    private Ops() {
    }

    // ================================================================== elementwise arithmetic

    public static Tensor add(Tensor a, Tensor b) {
        return binary(BinaryOp.ADD, "add", a, b);
    }

    public static Tensor add(Tensor a, float b) {
        return add(a, Tensor.scalar(b));
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return binary(BinaryOp.SUB, "sub", a, b);
    }

    public static Tensor sub(Tensor a, float b) {
        return sub(a, Tensor.scalar(b));
    }

    /** {@code a − b} with a scalar on the left. */
    public static Tensor sub(float a, Tensor b) {
        return sub(Tensor.scalar(a), b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return binary(BinaryOp.MUL, "mul", a, b);
    }

    public static Tensor mul(Tensor a, float b) {
        return mul(a, Tensor.scalar(b));
    }

    public static Tensor div(Tensor a, Tensor b) {
        return binary(BinaryOp.DIV, "div", a, b);
    }

    public static Tensor div(Tensor a, float b) {
        return div(a, Tensor.scalar(b));
    }

    /** {@code a^b} elementwise with broadcasting. */
    public static Tensor pow(Tensor a, Tensor b) {
        return binary(BinaryOp.POW, "pow", a, b);
    }

    /** {@code x^p} for a constant exponent. */
    public static Tensor pow(Tensor x, float p) {
        return unary(UnaryOp.POW, "pow", x, p);
    }

    /** Elementwise maximum of two broadcast tensors. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return binary(BinaryOp.MAX, "maximum", a, b);
    }

    /** Elementwise minimum of two broadcast tensors. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return binary(BinaryOp.MIN, "minimum", a, b);
    }

    private static Tensor binary(BinaryOp op, String name, Tensor a, Tensor b) {
        Check.notNull(name, "first operand", a);
        Check.notNull(name, "second operand", b);
        Shape.broadcast(name, a.shape(), b.shape());
        return new ElementwiseFunctions.Binary(op).apply(a, b);
    }

    // ================================================================== elementwise functions

    public static Tensor neg(Tensor x) {
        return unary(UnaryOp.NEG, "neg", x, 0f);
    }

    public static Tensor exp(Tensor x) {
        return unary(UnaryOp.EXP, "exp", x, 0f);
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        return unary(UnaryOp.LOG, "log", x, 0f);
    }

    public static Tensor sqrt(Tensor x) {
        return unary(UnaryOp.SQRT, "sqrt", x, 0f);
    }

    public static Tensor abs(Tensor x) {
        return unary(UnaryOp.ABS, "abs", x, 0f);
    }

    /** −1, 0 or 1 (no gradient). */
    public static Tensor sign(Tensor x) {
        Check.notNull("sign", "input", x);
        return Backends.current().unary(UnaryOp.SIGN, x, 0f);
    }

    public static Tensor tanh(Tensor x) {
        return unary(UnaryOp.TANH, "tanh", x, 0f);
    }

    /** {@code 1 / (1 + e^−x)}. */
    public static Tensor sigmoid(Tensor x) {
        return unary(UnaryOp.SIGMOID, "sigmoid", x, 0f);
    }

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        return unary(UnaryOp.RELU, "relu", x, 0f);
    }

    /** {@code x} for {@code x > 0}, else {@code alpha·x}. */
    public static Tensor leakyRelu(Tensor x, float alpha) {
        return unary(UnaryOp.LEAKY_RELU, "leakyRelu", x, alpha);
    }

    /** {@code x} for {@code x > 0}, else {@code alpha·(e^x − 1)}. */
    public static Tensor elu(Tensor x, float alpha) {
        return unary(UnaryOp.ELU, "elu", x, alpha);
    }

    /** {@code log(1 + e^x)}, stable for large |x|. */
    public static Tensor softplus(Tensor x) {
        return unary(UnaryOp.SOFTPLUS, "softplus", x, 0f);
    }

    /** Limits every element to {@code [lo, hi]}; the gradient is 0 where clipping happened. */
    public static Tensor clamp(Tensor x, float lo, float hi) {
        Check.notNull("clamp", "input", x);
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " is above upper bound " + hi);
        }
        return new ElementwiseFunctions.Clamp(lo, hi).apply(x);
    }

    private static Tensor unary(UnaryOp op, String name, Tensor x, float alpha) {
        Check.notNull(name, "input", x);
        return new ElementwiseFunctions.Unary(op, alpha).apply(x);
    }

    // ================================================================== comparisons and selection

    /** 1 where {@code a == b}, else 0 (broadcast; no gradient). */
    public static Tensor eq(Tensor a, Tensor b) {
        return compare(BinaryOp.EQ, "eq", a, b);
    }

    public static Tensor ne(Tensor a, Tensor b) {
        return compare(BinaryOp.NE, "ne", a, b);
    }

    public static Tensor lt(Tensor a, Tensor b) {
        return compare(BinaryOp.LT, "lt", a, b);
    }

    public static Tensor le(Tensor a, Tensor b) {
        return compare(BinaryOp.LE, "le", a, b);
    }

    public static Tensor gt(Tensor a, Tensor b) {
        return compare(BinaryOp.GT, "gt", a, b);
    }

    public static Tensor ge(Tensor a, Tensor b) {
        return compare(BinaryOp.GE, "ge", a, b);
    }

    private static Tensor compare(BinaryOp op, String name, Tensor a, Tensor b) {
        Check.notNull(name, "first operand", a);
        Check.notNull(name, "second operand", b);
        Shape.broadcast(name, a.shape(), b.shape());
        return Backends.current().binary(op, a, b);
    }

    /** {@code cond ≠ 0 ? a : b} elementwise, all three broadcast; gradients flow to a and b. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Check.notNull("where", "condition", cond);
        Check.notNull("where", "a", a);
        Check.notNull("where", "b", b);
        Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        return new ElementwiseFunctions.Where().apply(cond, a, b);
    }

    // ================================================================== reductions

    /** Sum of all elements, shape {@code []}. */
    public static Tensor sum(Tensor x) {
        return sum(x, new int[0], false);
    }

    /** Sum over {@code axes} (all if empty); keeps them as size 1 when {@code keepDims}. */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        Check.notNull("sum", "input", x);
        int[] ax = Shape.axes("sum", axes, x.rank());
        return new ReduceFunctions.Sum(ax, keepDims).apply(x);
    }

    /** Mean over {@code axes} (all if empty). */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        Check.notNull("mean", "input", x);
        int[] ax = Shape.axes("mean", axes, x.rank());
        int count = 1;
        for (int a : ax) {
            count *= x.size(a);
        }
        if (count <= 0) {
            throw new IllegalArgumentException("mean: cannot average over an empty axis of shape " + Shape.format(x.shape()));
        }
        return sum(x, ax, keepDims).div(count);
    }

    /** Mean of all elements. */
    public static Tensor mean(Tensor x) {
        return mean(x, new int[0], false);
    }

    /** Population variance {@code mean((x − mean x)²)} over {@code axes}, as NumPy with ddof = 0. */
    public static Tensor var(Tensor x, int[] axes, boolean keepDims) {
        Check.notNull("var", "input", x);
        Tensor centred = x.sub(mean(x, axes, true));
        return mean(centred.mul(centred), axes, keepDims);
    }

    /** Largest element over {@code axes} (all if empty). */
    public static Tensor max(Tensor x, int[] axes, boolean keepDims) {
        return extreme(ReduceOp.MAX, "max", x, axes, keepDims);
    }

    /** Smallest element over {@code axes} (all if empty). */
    public static Tensor min(Tensor x, int[] axes, boolean keepDims) {
        return extreme(ReduceOp.MIN, "min", x, axes, keepDims);
    }

    private static Tensor extreme(ReduceOp op, String name, Tensor x, int[] axes, boolean keepDims) {
        Check.notNull(name, "input", x);
        int[] ax = Shape.axes(name, axes, x.rank());
        for (int a : ax) {
            if (x.size(a) <= 0) {
                throw new IllegalArgumentException(name + ": axis " + a + " of shape " + Shape.format(x.shape())
                    + " is empty; the " + name + " of no elements is undefined");
            }
        }
        return new ReduceFunctions.Extreme(op, ax, keepDims).apply(x);
    }

    /** Index of the largest element along {@code axis} (first on ties), as a float tensor. No gradient. */
    public static Tensor argmax(Tensor x, int axis, boolean keepDims) {
        Check.notNull("argmax", "input", x);
        int a = Shape.axis("argmax", axis, x.rank());
        if (x.size(a) <= 0) {
            throw new IllegalArgumentException("argmax: axis " + a + " of shape " + Shape.format(x.shape()) + " is empty");
        }
        return Backends.current().argmax(x, a, keepDims);
    }

    /** Index of the largest element of the flattened tensor. */
    public static int argmax(Tensor x) {
        return (int) argmax(x.reshape(-1), 0, false).item();
    }

    /**
     * Sums {@code g} down to {@code shape}: the adjoint of broadcasting (sums the leading axes
     * broadcasting added and the axes where {@code shape} has size 1).
     */
    public static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumTo: cannot sum shape " + Shape.format(gs) + " to the larger rank of "
                + Shape.format(shape));
        }
        int[] axes = new int[gs.length]; // no boxed Integer list: this runs for every broadcast gradient
        int count = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                axes[count++] = i;
            }
        }
        Tensor s = count == 0 ? g : sum(g, Arrays.copyOf(axes, count), true);
        return s.reshape(shape);
    }

    // ================================================================== shape

    /** Same elements, new shape (one entry may be −1). A view when the input is contiguous. */
    public static Tensor reshape(Tensor x, int... shape) {
        Check.notNull("reshape", "input", x);
        int[] target = inferShape(x, shape);
        if (Arrays.equals(target, x.shape()) && x.isContiguous()) {
            return x;
        }
        return new ShapeFunctions.Reshape(target).apply(x);
    }

    private static int[] inferShape(Tensor x, int[] shape) {
        int[] out = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1, got " + Shape.format(shape));
                }
                unknown = i;
            } else {
                if (!(out[i] >= 0)) {
                    throw new IllegalArgumentException("reshape: invalid dimension " + out[i] + " in " + Shape.format(shape));
                }
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (!(known > 0 && x.numel() % known == 0)) {
                throw new IllegalArgumentException("reshape: cannot reshape "
                    + Shape.format(x.shape()) + " (" + x.numel() + " elements) to " + Shape.format(shape));
            }
            out[unknown] = (int) (x.numel() / known);
        }
        if (Shape.numel(out) != x.numel()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.format(x.shape()) + " ("
                + x.numel() + " elements) to " + Shape.format(shape) + " (" + Shape.numel(out) + " elements)");
        }
        return out;
    }

    /** Reorders axes: result axis {@code i} is input axis {@code order[i]}. A view. */
    public static Tensor permute(Tensor x, int... order) {
        Check.notNull("permute", "input", x);
        if (order.length != x.rank()) {
            throw new IllegalArgumentException("permute: expected an order of " + x.rank()
                + " axes for shape " + Shape.format(x.shape()) + ", got " + Arrays.toString(order));
        }
        int[] norm = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            norm[i] = Shape.axis("permute", order[i], x.rank());
            if (seen[norm[i]]) {
                throw new IllegalArgumentException("permute: axis " + norm[i] + " appears twice in " + Arrays.toString(order));
            }
            seen[norm[i]] = true;
        }
        return new ShapeFunctions.Permute(norm).apply(x);
    }

    /** Swaps two axes (negative axes count from the end). A view. */
    public static Tensor transpose(Tensor x, int axisA, int axisB) {
        Check.notNull("transpose", "input", x);
        int a = Shape.axis("transpose", axisA, x.rank());
        int b = Shape.axis("transpose", axisB, x.rank());
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return new ShapeFunctions.Permute(order).apply(x);
    }

    /** Elements {@code start..end-1} along {@code axis}. A view. */
    public static Tensor slice(Tensor x, int axis, int start, int end) {
        Check.notNull("slice", "input", x);
        int a = Shape.axis("slice", axis, x.rank());
        int n = x.size(a);
        if (!(0 <= start && start <= end && end <= n)) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end
                + ") is outside axis " + a + " of size " + n + " (shape " + Shape.format(x.shape()) + ")");
        }
        return new ShapeFunctions.Slice(a, start, end).apply(x);
    }

    /** Broadcasts size-1 axes (and adds leading axes) to {@code shape}; −1 keeps a size. A view. */
    public static Tensor expand(Tensor x, int... shape) {
        Check.notNull("expand", "input", x);
        int lead = shape.length - x.rank();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shape.format(x.shape()) + " to fewer axes "
                + Shape.format(shape));
        }
        int[] target = shape.clone();
        for (int i = 0; i < target.length; i++) {
            int have = i < lead ? 1 : x.size(i - lead);
            if (target[i] == -1 && i >= lead) {
                target[i] = have;
            }
            if (!(target[i] >= 0)) {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shape.format(x.shape()) + " to "
                    + Shape.format(shape) + " (axis " + i + ": size " + target[i]
                    + "; -1 keeps the size of an existing axis, other sizes must be ≥ 0)");
            }
            if (!(have == target[i] || have == 1)) {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shape.format(x.shape())
                    + " to " + Shape.format(shape) + " (axis " + i + ": " + have + " → " + target[i] + ")");
            }
        }
        if (Arrays.equals(target, x.shape())) {
            return x;
        }
        return new ShapeFunctions.Expand(target).apply(x);
    }

    /** Inserts a size-1 axis at {@code axis} ({@code 0..rank}, negative counts from the end). */
    public static Tensor unsqueeze(Tensor x, int axis) {
        Check.notNull("unsqueeze", "input", x);
        int a = Shape.axis("unsqueeze", axis, x.rank() + 1);
        int[] s = x.shape();
        int[] out = new int[s.length + 1];
        for (int i = 0, k = 0; i < out.length; i++) {
            out[i] = i == a ? 1 : s[k++];
        }
        return reshape(x, out);
    }

    /** Removes the size-1 axis {@code axis}. */
    public static Tensor squeeze(Tensor x, int axis) {
        Check.notNull("squeeze", "input", x);
        int a = Shape.axis("squeeze", axis, x.rank());
        if (x.size(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis " + a + " of shape " + Shape.format(x.shape())
                + " has size " + x.size(a) + ", expected 1");
        }
        int[] s = x.shape();
        int[] out = new int[s.length - 1];
        for (int i = 0, k = 0; i < s.length; i++) {
            if (i != a) {
                out[k++] = s[i];
            }
        }
        return reshape(x, out);
    }

    /** A contiguous copy that keeps the graph (gradient passes through). */
    public static Tensor contiguous(Tensor x) {
        Check.notNull("contiguous", "input", x);
        return new ShapeFunctions.Contiguous().apply(x);
    }

    /** Joins tensors along an existing axis; all other sizes must match. */
    public static Tensor concat(int axis, Tensor... xs) {
        Check.argument(xs != null && xs.length > 0, "concat: expected at least one tensor");
        Tensor first = xs[0];
        Check.notNull("concat", "tensor 0", first);
        int a = Shape.axis("concat", axis, first.rank());
        for (int i = 1; i < xs.length; i++) {
            Check.notNull("concat", "tensor " + i, xs[i]);
            int[] s0 = first.shape();
            int[] si = xs[i].shape();
            boolean ok = si.length == s0.length;
            for (int d = 0; ok && d < s0.length; d++) {
                ok = d == a || s0[d] == si[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + Shape.format(si) + ", expected "
                    + Shape.format(s0) + " except along axis " + a);
            }
        }
        return new ShapeFunctions.Concat(a).apply(xs);
    }

    /** Joins same-shape tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... xs) {
        Check.argument(xs != null && xs.length > 0, "stack: expected at least one tensor");
        Check.notNull("stack", "tensor 0", xs[0]);
        int a = Shape.axis("stack", axis, xs[0].rank() + 1);
        Tensor[] expanded = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            Check.notNull("stack", "tensor " + i, xs[i]);
            if (!(Arrays.equals(xs[i].shape(), xs[0].shape()))) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape "
                    + Shape.format(xs[i].shape()) + ", expected " + Shape.format(xs[0].shape()));
            }
            expanded[i] = unsqueeze(xs[i], a);
        }
        return concat(a, expanded);
    }

    /** Splits along {@code axis} into pieces of the given sizes (they must add up to the axis size). */
    public static List<Tensor> split(Tensor x, int axis, int... sizes) {
        Check.notNull("split", "input", x);
        int a = Shape.axis("split", axis, x.rank());
        int total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: sizes must be ≥ 0, got " + Arrays.toString(sizes));
            }
            total += s;
        }
        if (total != x.size(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + total
                + ", but axis " + a + " of shape " + Shape.format(x.shape()) + " has size " + x.size(a));
        }
        List<Tensor> parts = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            parts.add(slice(x, a, at, at + s));
            at += s;
        }
        return parts;
    }

    /** Entries {@code index[i]} along {@code axis} (a gather); gradients are scatter-added back. */
    public static Tensor indexSelect(Tensor x, int axis, int... index) {
        Check.notNull("indexSelect", "input", x);
        int a = Shape.axis("indexSelect", axis, x.rank());
        for (int i : index) {
            if (!(i >= 0 && i < x.size(a))) {
                throw new IllegalArgumentException("indexSelect: index " + i + " is outside axis " + a
                    + " of size " + x.size(a) + " (shape " + Shape.format(x.shape()) + ")");
            }
        }
        return new ShapeFunctions.IndexSelect(a, index.clone()).apply(x);
    }

    /**
     * Embedding lookup: {@code ids} holds integer row numbers (stored as floats) of {@code weight}
     * {@code (vocabulary, dim)}; the result has shape {@code ids.shape + [dim]}.
     */
    public static Tensor embedding(Tensor ids, Tensor weight) {
        Check.notNull("embedding", "ids", ids);
        Check.rank("embedding", "weight", weight, 2, "(vocabulary, dim)");
        float[] values = ids.toArray();
        int[] index = new int[values.length];
        int vocabulary = weight.size(0);
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v == Math.rint(v) && v >= 0 && v < vocabulary)) {
                throw new IllegalArgumentException("embedding: id " + v + " at position " + i
                    + " is not an integer in [0, " + vocabulary + ")");
            }
            index[i] = (int) v;
        }
        int[] shape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
        shape[ids.rank()] = weight.size(1);
        return indexSelect(weight, 0, index).reshape(shape);
    }

    // ================================================================== linear algebra

    /**
     * Matrix product {@code (…, M, K) × (…, K, N) → (…, M, N)}; leading (batch) axes broadcast.
     * Both operands need rank ≥ 2.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        Check.minRank("matmul", "left operand", a, 2);
        Check.minRank("matmul", "right operand", b, 2);
        int k = a.size(-1);
        if (k != b.size(-2)) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shape.format(a.shape()) + " × "
                + Shape.format(b.shape()) + " (" + k + " vs " + b.size(-2) + ")");
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        Shape.broadcast("matmul (batch axes)", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        return new LinalgFunctions.MatMul().apply(a, b);
    }

    /** {@code e^x / Σ e^x} along {@code axis}, computed stably. */
    public static Tensor softmax(Tensor x, int axis) {
        Check.minRank("softmax", "input", x, 1);
        return new LinalgFunctions.Softmax(Shape.axis("softmax", axis, x.rank()), false).apply(x);
    }

    /** {@code x − log Σ e^x} along {@code axis}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Check.minRank("logSoftmax", "input", x, 1);
        return new LinalgFunctions.Softmax(Shape.axis("logSoftmax", axis, x.rank()), true).apply(x);
    }

    /**
     * One step of the simple recurrent network, {@code h_t = tanh(x_t·W + h_{t−1}·R + b)} with
     * {@code x_t (batch, in)}, {@code h_{t−1} (batch, units)}, {@code W (in, units)},
     * {@code R (units, units)}, {@code b (units)} — the formula {@code h_t = tanh(W x_t + R h_{t−1} + b)}
     * written for row vectors (Keras layout).
     */
    public static Tensor rnnStep(Tensor x, Tensor h, Tensor w, Tensor r, Tensor b) {
        Check.rank("rnnStep", "x", x, 2, "(batch, in)");
        Check.rank("rnnStep", "h", h, 2, "(batch, units)");
        Check.rank("rnnStep", "W", w, 2, "(in, units)");
        Check.rank("rnnStep", "R", r, 2, "(units, units)");
        Check.rank("rnnStep", "b", b, 1, "(units)");
        int units = h.size(1);
        if (!(w.size(0) == x.size(1) && w.size(1) == units && r.size(0) == units && r.size(1) == units
                && b.size(0) == units && x.size(0) == h.size(0))) {
            throw new IllegalArgumentException("rnnStep: shapes do not fit: x " + Shape.format(x.shape()) + ", h " + Shape.format(h.shape())
                + ", W " + Shape.format(w.shape()) + ", R " + Shape.format(r.shape()) + ", b "
                + Shape.format(b.shape()) + " (expected W (in, units), R (units, units), b (units))");
        }
        return tanh(matmul(x, w).add(matmul(h, r)).add(b));
    }

    /**
     * An LSTM over a whole sequence as one op (Keras gate order i, f, c, o), time-major:
     * <pre>
     *   z_t = p_t + h_{t−1}·R      i, f, o = σ(z_i), σ(z_f), σ(z_o)    g = tanh(z_c)
     *   c_t = f∘c_{t−1} + i∘g      h_t = o∘tanh(c_t)                  (kept as h_{t−1}, c_{t−1} where mask = 0)
     * </pre>
     * with {@code p (T, B, 4u)} the input projection {@code x_t·W + b} of every step, {@code R (u, 4u)},
     * {@code h0, c0 (B, u)} and an optional {@code mask (T, B)} of 0/1. Returns {@code (T, B, 2u)}: {@code [h_t | c_t]}
     * for every step. Backpropagation through time is written out by hand (see {@code RecurrentFunctions}).
     */
    public static Tensor lstmSequence(Tensor p, Tensor r, Tensor h0, Tensor c0, Tensor mask) {
        return lstmSequence(p, r, h0, c0, mask, null);
    }

    /**
     * As {@link #lstmSequence(Tensor, Tensor, Tensor, Tensor, Tensor)} with recurrent dropout: {@code h_{t−1}·R}
     * becomes {@code (h_{t−1} ∘ d)·R} with a fixed {@code d (B, u)} (zeros and {@code 1/(1 − rate)}), the
     * same at every step, as Keras's {@code recurrent_dropout}; null for none.
     */
    public static Tensor lstmSequence(Tensor p, Tensor r, Tensor h0, Tensor c0, Tensor mask, Tensor recurrentDrop) {
        checkSequence("lstmSequence", p, r, 4, mask);
        checkState("lstmSequence", "h0", h0, p.size(1), r.size(0));
        checkState("lstmSequence", "c0", c0, p.size(1), r.size(0));
        if (recurrentDrop != null) {
            checkState("lstmSequence", "recurrent dropout mask", recurrentDrop, p.size(1), r.size(0));
        }
        return new RecurrentFunctions.LstmSequence().apply(p, r, h0, c0, mask, recurrentDrop);
    }

    /**
     * A GRU with {@code reset_after} over a whole sequence as one op (Keras gate order z, r, h), time-major:
     * <pre>
     *   q_t = h_{t−1}·R + b_rec     z = σ(p_z + q_z)    r = σ(p_r + q_r)    ĥ = tanh(p_h + r∘q_h)
     *   h_t = z∘h_{t−1} + (1 − z)∘ĥ                                      (kept as h_{t−1} where mask = 0)
     * </pre>
     * with {@code p (T, B, 3u)} = {@code x_t·W + b_in}, {@code R (u, 3u)}, {@code b_rec (3u)}, {@code h0 (B, u)}
     * and an optional {@code mask (T, B)}. Returns the states {@code (T, B, u)}.
     */
    public static Tensor gruSequence(Tensor p, Tensor r, Tensor recurrentBias, Tensor h0, Tensor mask) {
        return gruSequence(p, r, recurrentBias, h0, mask, null);
    }

    /** As {@link #gruSequence(Tensor, Tensor, Tensor, Tensor, Tensor)} with a recurrent dropout mask {@code (B, u)}. */
    public static Tensor gruSequence(Tensor p, Tensor r, Tensor recurrentBias, Tensor h0, Tensor mask,
                                     Tensor recurrentDrop) {
        checkSequence("gruSequence", p, r, 3, mask);
        if (recurrentDrop != null) {
            checkState("gruSequence", "recurrent dropout mask", recurrentDrop, p.size(1), r.size(0));
        }
        Check.rank("gruSequence", "b_rec", recurrentBias, 1, "(3·units)");
        if (recurrentBias.size(0) != r.size(1)) {
            throw new IllegalArgumentException("gruSequence: b_rec has shape "
                + Shape.format(recurrentBias.shape()) + ", expected (" + r.size(1) + ")");
        }
        checkState("gruSequence", "h0", h0, p.size(1), r.size(0));
        return new RecurrentFunctions.GruSequence().apply(p, r, recurrentBias, h0, mask, recurrentDrop);
    }

    private static void checkSequence(String fn, Tensor p, Tensor r, int gates, Tensor mask) {
        Check.rank(fn, "p", p, 3, "(time, batch, " + gates + "·units)");
        Check.rank(fn, "R", r, 2, "(units, " + gates + "·units)");
        if (!(r.size(1) == gates * r.size(0) && p.size(2) == r.size(1))) {
            throw new IllegalArgumentException(fn + ": shapes do not fit: p "
                + Shape.format(p.shape()) + ", R " + Shape.format(r.shape()) + " (expected p (time, batch, "
                + gates + "·units), R (units, " + gates + "·units))");
        }
        if (mask != null) {
            if (!(mask.rank() == 2 && mask.size(0) == p.size(0) && mask.size(1) == p.size(1))) {
                throw new IllegalArgumentException(fn
                    + ": mask has shape " + Shape.format(mask.shape()) + ", expected (" + p.size(0) + ", "
                    + p.size(1) + ") = (time, batch)");
            }
        }
    }

    private static void checkState(String fn, String what, Tensor s, int batch, int units) {
        Check.rank(fn, what, s, 2, "(batch, units)");
        if (!(s.size(0) == batch && s.size(1) == units)) {
            throw new IllegalArgumentException(fn + ": " + what + " has shape "
                + Shape.format(s.shape()) + ", expected (" + batch + ", " + units + ")");
        }
    }

    // ================================================================== convolution and pooling

    /** 2-D cross-correlation (the deep-learning "convolution") with equal strides and no dilation. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, Padding padding) {
        return conv2d(x, w, bias, stride, stride, padding, 1, 1);
    }

    /**
     * 2-D cross-correlation of images {@code x (N, C, H, W)} with weights {@code w (O, C, KH, KW)},
     * plus an optional {@code bias (O)}:
     * {@code y[n,o,i,j] = b[o] + Σ_c Σ_k Σ_l x[n, c, i·sh − pt + k·dh, j·sw − pl + l·dw] · w[o,c,k,l]}
     * (positions outside the image read 0). Result {@code (N, O, OH, OW)}.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int strideH, int strideW, Padding padding,
                                int dilationH, int dilationW) {
        Check.rank("conv2d", "input", x, 4, "(N, C, H, W)");
        Check.rank("conv2d", "weight", w, 4, "(O, C, KH, KW)");
        Check.notNull("conv2d", "padding", padding);
        if (w.size(1) != x.size(1)) {
            throw new IllegalArgumentException("conv2d: input has " + x.size(1) + " channels (shape "
                + Shape.format(x.shape()) + ") but weight expects " + w.size(1) + " (shape " + Shape.format(w.shape()) + ")");
        }
        ConvSpec spec = spec("conv2d", x, w.size(2), w.size(3), strideH, strideW, padding, dilationH, dilationW);
        Tensor y = new ConvFunctions.Conv2d(spec).apply(x, w);
        return withBias("conv2d", y, bias);
    }

    /**
     * Transposed convolution ("deconvolution"): the gradient of {@link #conv2d} with respect to its
     * input. {@code x (N, C_in, H, W)}, {@code w (C_in, C_out, KH, KW)} (the weight of the forward
     * convolution that maps {@code C_out → C_in}, as PyTorch stores it). Output size with Keras
     * semantics: {@code valid}: {@code H·s + max(k_eff − s, 0)}; {@code same}: {@code H·s};
     * explicit padding {@code p0, p1}: {@code (H−1)·s + k_eff − p0 − p1}.
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor w, Tensor bias, int stride, Padding padding) {
        Check.rank("conv2dTranspose", "input", x, 4, "(N, C_in, H, W)");
        Check.rank("conv2dTranspose", "weight", w, 4, "(C_in, C_out, KH, KW)");
        Check.notNull("conv2dTranspose", "padding", padding);
        Check.positive("conv2dTranspose", "stride", stride);
        if (w.size(0) != x.size(1)) {
            throw new IllegalArgumentException("conv2dTranspose: input has " + x.size(1) + " channels (shape "
                + Shape.format(x.shape()) + ") but weight expects " + w.size(0) + " (shape " + Shape.format(w.shape()) + ")");
        }
        int kh = w.size(2);
        int kw = w.size(3);
        int oh = transposedSize(x.size(2), kh, stride, padding, true);
        int ow = transposedSize(x.size(3), kw, stride, padding, false);
        if (!(oh > 0 && ow > 0)) {
            throw new IllegalArgumentException("conv2dTranspose: padding " + padding + " leaves no output for input "
                + Shape.format(x.shape()) + " and kernel " + kh + "×" + kw);
        }
        int[] outShape = {x.size(0), w.size(1), oh, ow};
        int[] ph = padding.resolve(oh, kh, stride, true);
        int[] pw = padding.resolve(ow, kw, stride, false);
        ConvSpec spec = new ConvSpec(stride, stride, 1, 1, ph[0], ph[1], pw[0], pw[1]);
        Tensor y = new ConvFunctions.Conv2dTranspose(spec, outShape).apply(x, w);
        return withBias("conv2dTranspose", y, bias);
    }

    private static int transposedSize(int n, int k, int s, Padding padding, boolean vertical) {
        if (padding == Padding.VALID) {
            return n * s + Math.max(k - s, 0);
        }
        if (padding == Padding.SAME) {
            return n * s;
        }
        int[] p = padding.resolve(n, k, s, vertical);
        return (n - 1) * s + k - p[0] - p[1];
    }

    private static Tensor withBias(String op, Tensor y, Tensor bias) {
        if (bias == null) {
            return y;
        }
        Check.rank(op, "bias", bias, 1, "(channels)");
        if (bias.size(0) != y.size(1)) {
            throw new IllegalArgumentException(op + ": bias has " + bias.size(0) + " entries, expected one per output channel ("
                + y.size(1) + ")");
        }
        return y.add(bias.reshape(1, bias.size(0), 1, 1));
    }

    /** Max pooling with a square window, stride = window, no padding (Keras {@code MaxPool2D(k)}). */
    public static Tensor maxPool2d(Tensor x, int pool) {
        return maxPool2d(x, pool, pool, pool, pool, Padding.VALID);
    }

    /**
     * Max pooling {@code p[n,c,i,j] = max_{k<KH, l<KW} x[n, c, i·sh − pt + k, j·sw − pl + l]};
     * padded positions never win.
     */
    public static Tensor maxPool2d(Tensor x, int kh, int kw, int strideH, int strideW, Padding padding) {
        Check.rank("maxPool2d", "input", x, 4, "(N, C, H, W)");
        Check.notNull("maxPool2d", "padding", padding);
        ConvSpec spec = spec("maxPool2d", x, kh, kw, strideH, strideW, padding, 1, 1);
        checkPoolPadding("maxPool2d", spec, kh, kw);
        return new ConvFunctions.MaxPool2d(kh, kw, spec).apply(x);
    }

    /** Average pooling with a square window, stride = window, no padding. */
    public static Tensor avgPool2d(Tensor x, int pool) {
        return avgPool2d(x, pool, pool, pool, pool, Padding.VALID);
    }

    /** Average pooling; padded positions are left out of the count (Keras/TensorFlow semantics). */
    public static Tensor avgPool2d(Tensor x, int kh, int kw, int strideH, int strideW, Padding padding) {
        Check.rank("avgPool2d", "input", x, 4, "(N, C, H, W)");
        Check.notNull("avgPool2d", "padding", padding);
        ConvSpec spec = spec("avgPool2d", x, kh, kw, strideH, strideW, padding, 1, 1);
        checkPoolPadding("avgPool2d", spec, kh, kw);
        return new ConvFunctions.AvgPool2d(kh, kw, spec).apply(x);
    }

    private static void checkPoolPadding(String op, ConvSpec s, int kh, int kw) {
        if (!(s.padTop() < kh && s.padBottom() < kh && s.padLeft() < kw && s.padRight() < kw)) {
            throw new IllegalArgumentException(op + ": padding must be smaller than the window " + kh + "×" + kw + ", got " + s);
        }
    }

    /** Nearest-neighbour upsampling: each pixel repeated {@code sh × sw} times. */
    public static Tensor upsample2d(Tensor x, int sh, int sw) {
        Check.rank("upsample2d", "input", x, 4, "(N, C, H, W)");
        Check.positive("upsample2d", "vertical scale", sh);
        Check.positive("upsample2d", "horizontal scale", sw);
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        return x.reshape(n, c, h, 1, w, 1).expand(n, c, h, sh, w, sw).reshape(n, c, h * sh, w * sw);
    }

    private static ConvSpec spec(String op, Tensor x, int kh, int kw, int strideH, int strideW, Padding padding,
                                 int dilationH, int dilationW) {
        Check.positive(op, "kernel height", kh);
        Check.positive(op, "kernel width", kw);
        Check.positive(op, "vertical stride", strideH);
        Check.positive(op, "horizontal stride", strideW);
        Check.positive(op, "vertical dilation", dilationH);
        Check.positive(op, "horizontal dilation", dilationW);
        int khEff = dilationH * (kh - 1) + 1;
        int kwEff = dilationW * (kw - 1) + 1;
        int[] ph = padding.resolve(x.size(2), khEff, strideH, true);
        int[] pw = padding.resolve(x.size(3), kwEff, strideW, false);
        ConvSpec spec = new ConvSpec(strideH, strideW, dilationH, dilationW, ph[0], ph[1], pw[0], pw[1]);
        int oh = spec.outHeight(x.size(2), kh);
        int ow = spec.outWidth(x.size(3), kw);
        if (!(oh > 0 && ow > 0)) {
            throw new IllegalArgumentException(op + ": a " + kh + "×" + kw + " window (dilation " + dilationH + "×"
                + dilationW + ", padding " + padding + ") does not fit input " + Shape.format(x.shape()));
        }
        return spec;
    }

    // ================================================================== regularisation

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code rate} and scales
     * the rest by {@code 1/(1−rate)}; at inference returns {@code x}. The mask comes from {@code rng}.
     */
    public static Tensor dropout(Tensor x, float rate, boolean training, RandomGenerator rng) {
        Check.notNull("dropout", "input", x);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        }
        if (!training || rate == 0f) {
            return x;
        }
        Check.notNull("dropout", "random generator", rng);
        float[] mask = new float[x.numel()];
        float keep = 1f / (1f - rate);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() >= rate ? keep : 0f;
        }
        return mul(x, Tensor.wrap(mask, x.shape()));
    }
}

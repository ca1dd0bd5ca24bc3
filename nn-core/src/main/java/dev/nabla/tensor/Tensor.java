package dev.nabla.tensor;

import dev.nabla.autograd.Backprop;
import dev.nabla.autograd.Function;
import dev.nabla.ops.Ops;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of {@code float}s that can take part in automatic differentiation.
 *
 * <p>A tensor is a view over a flat {@code float[]} storage: element {@code (i0, i1, …)} lives at
 * {@code storage[offset + i0·strides[0] + i1·strides[1] + …]}. Views ({@link #reshape},
 * {@link #permute}, {@link #transpose}, {@link #slice}, {@link #expand}) share storage with their
 * source; {@link #contiguous()} copies only when needed.
 *
 * <p>Autograd is define-by-run, as in PyTorch: a tensor created with {@link #requiresGrad(boolean)
 * requiresGrad(true)} is a leaf; every differentiable op applied to it records a {@link Function}
 * node; {@link #backward()} walks the recorded graph in reverse topological order and accumulates
 * {@code dL/dleaf} into each leaf's {@link #grad()}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(new Random(0), 3, 2).requiresGrad(true);
 * Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
 * Tensor loss = x.matmul(w).tanh().sum();
 * loss.backward();          // w.grad() now holds dloss/dw
 * }</pre>
 *
 * <p>A tensor made by an accelerated backend may live on a device instead: it then has a
 * {@link DeviceStorage} ({@link #device()}), and its host array is made (downloaded) the first time
 * host code reads it through {@link #storage()}, {@link #toArray()}, {@link #get}, {@link #item()}, …
 * Views share the device storage. Plain host tensors have none and behave exactly as before.
 *
 * <p>Tensors are not thread-safe for mutation; reading from several threads is fine.
 */
public final class Tensor {
    /** Above this many elements {@link #toString()} shows only the first and last few per axis. */
    private static final int PRINT_THRESHOLD = 1000;
    private static final int PRINT_EDGE = 3;

    private float[] storage; // null when the data lives on a device (then see device)
    private DeviceStorage device; // null for host tensors; set once by moveToDevice
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    private BufferPool.Lease lease; // non-null when the storage came from a step's BufferPool
    private int leaseGeneration;     // the lease's generation when this tensor was made

    private boolean requiresGrad;
    private Tensor grad;
    private Tensor gradHolder; // a leaf's own gradient buffer, reused across steps while a BufferPool step is open
    private Function gradFn;
    private boolean retainGrad;

    private Tensor(float[] storage, int[] shape, int[] strides, int offset) {
        this(storage, null, shape, strides, offset);
    }

    private Tensor(float[] storage, DeviceStorage device, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.device = device;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A tensor over the same (possibly pooled) storage as {@code source}, keeping its lease. */
    private Tensor(Tensor source, int[] shape, int[] strides, int offset) {
        this(source.storage, source.device, shape, strides, offset);
        this.lease = source.lease;
        this.leaseGeneration = source.leaseGeneration;
    }

    /** A contiguous tensor over a pooled buffer (for {@link BufferPool#zeros}); {@code shape} is validated. */
    static Tensor leased(BufferPool.Lease lease, int[] shape) {
        Tensor t = new Tensor(lease.floats, shape, Shape.contiguousStrides(shape), 0);
        t.lease = lease;
        t.leaseGeneration = lease.generation;
        return t;
    }

    /** Gives a pooled tensor a private copy of its data so it may outlive the step ({@link BufferPool.StepScope#keep}). */
    void unlease() {
        if (lease != null) {
            checkLease();
            storage = storage.clone();
            lease = null;
        }
    }

    /** Throws if this tensor's pooled buffer was given back (its step ended). Cheap: one compare. */
    private void checkLease() {
        if (lease != null && lease.generation != leaseGeneration) {
            throw new IllegalStateException("tensor of shape " + Shape.format(shape) + " was made inside a training "
                    + "step and its buffer went back to the BufferPool when that step ended; copy what must outlive "
                    + "the step inside it (copyData()), or switch pooling off with -Dnabla.pool=off");
        }
    }

    /** True when this tensor's storage came from a step's {@link BufferPool} (released or not). */
    public boolean isPooled() {
        return lease != null;
    }
    // ------------------------------------------------------------------ creation

    /**
     * Wraps {@code data} without copying it, as a contiguous tensor of the given shape. The caller
     * must not change {@code data} afterwards; prefer {@link #of} unless the array is freshly made.
     */
    public static Tensor wrap(float[] data, int... shape) {
        int[] s = Shape.validate(shape);
        if (data.length != Shape.numel(s)) {
            throw new IllegalArgumentException("Tensor.wrap: shape " + Shape.format(s) + " needs "
                    + Shape.numel(s) + " values, got " + data.length);
        }
        return new Tensor(data, s, Shape.contiguousStrides(s), 0);
    }

    /** A tensor holding a copy of {@code data} (row-major) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = Shape.validate(shape);
        if (data.length != Shape.numel(s)) {
            throw new IllegalArgumentException("Tensor.of: shape " + Shape.format(s) + " needs "
                    + Shape.numel(s) + " values, got " + data.length);
        }
        return wrap(data.clone(), s);
    }

    /** A 1-D tensor of the given values. */
    public static Tensor vector(float... values) {
        return of(values, values.length);
    }

    /** A 0-dimensional tensor (shape {@code []}) holding one value. */
    public static Tensor scalar(float value) {
        return wrap(new float[] {value});
    }

    /** A view of an existing storage with explicit strides; used by kernels and views. */
    public static Tensor view(float[] storage, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("Tensor.view: shape " + Shape.format(shape)
                    + " and strides " + Shape.format(strides) + " differ in rank");
        }
        return new Tensor(storage, shape.clone(), strides.clone(), offset);
    }

    /**
     * A view of {@code base}'s storage (on the host, or on a device: then the view stays there too)
     * with explicit shape, strides and offset; used by the view ops.
     */
    public static Tensor view(Tensor base, int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("Tensor.view: shape " + Shape.format(shape)
                    + " and strides " + Shape.format(strides) + " differ in rank");
        }
        base.checkLease();
        return new Tensor(base, shape.clone(), strides.clone(), offset);
    }

    /**
     * A tensor whose data lives on a device (for accelerated backends): nothing is copied to the host
     * until host code reads it. See {@link DeviceStorage}.
     */
    public static Tensor onDevice(DeviceStorage storage, int[] shape, int[] strides, int offset) {
        if (storage == null) {
            throw new IllegalArgumentException("Tensor.onDevice: storage must not be null");
        }
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("Tensor.onDevice: shape " + Shape.format(shape)
                    + " and strides " + Shape.format(strides) + " differ in rank");
        }
        return new Tensor(null, storage, Shape.validate(shape.clone()), strides.clone(), offset);
    }

    /**
     * Moves this host tensor's data to a device, in place: from now on it reads and writes
     * {@code storage} like a tensor made by {@link #onDevice}, and keeps its identity, so the layers
     * and optimizers that hold it (a parameter, an optimizer's state array) find it resident. Used by
     * accelerated backends in {@link dev.nabla.backend.Backend#optimizerUpdate}; {@code storage} must
     * already hold this tensor's current values. Views taken before the move keep the old host array.
     *
     * @throws IllegalStateException    if the tensor already lives on a device, or is not a contiguous
     *                                  tensor covering its whole array from index 0
     * @throws IllegalArgumentException if {@code storage} is null or of another length
     */
    public void moveToDevice(DeviceStorage storage) {
        if (storage == null) {
            throw new IllegalArgumentException("Tensor.moveToDevice: storage must not be null");
        }
        if (device != null) {
            throw new IllegalStateException("Tensor.moveToDevice: the tensor (shape " + Shape.format(shape)
                    + ") already lives on a device");
        }
        if (offset != 0 || !isContiguous() || this.storage.length != numel()) {
            throw new IllegalStateException("Tensor.moveToDevice: only a contiguous tensor that covers its whole "
                    + "array can move; this one has shape " + Shape.format(shape) + ", offset " + offset
                    + " and an array of " + this.storage.length);
        }
        if (storage.length() != numel()) {
            throw new IllegalArgumentException("Tensor.moveToDevice: the device storage holds " + storage.length()
                    + " floats, the tensor (shape " + Shape.format(shape) + ") has " + numel());
        }
        this.device = storage;
        this.storage = null;
    }

    public static Tensor zeros(int... shape) {
        return wrap(new float[Shape.numel(Shape.validate(shape))], shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.numel(Shape.validate(shape))];
        Arrays.fill(d, value);
        return wrap(d, shape);
    }

    /** {@code [start, start+step, …]} up to but excluding {@code end}, as NumPy's {@code arange}. */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || Float.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        float count = (end - start) / step;
        if (!(count <= Integer.MAX_VALUE - 8)) { // also rejects NaN and infinite bounds
            throw new IllegalArgumentException("arange: [" + start + ", " + end + ") with step " + step
                    + " does not give a finite number of elements that fits in an array");
        }
        int n = (int) Math.max(0, Math.ceil(count));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return wrap(d, n);
    }

    /** {@code [0, 1, …, n-1]}. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** Uniform samples in {@code [0, 1)} from the given (seedable) generator. */
    public static Tensor rand(RandomGenerator rng, int... shape) {
        float[] d = new float[Shape.numel(Shape.validate(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextFloat();
        }
        return wrap(d, shape);
    }

    /** Standard normal samples from the given (seedable) generator. */
    public static Tensor randn(RandomGenerator rng, int... shape) {
        float[] d = new float[Shape.numel(Shape.validate(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return wrap(d, shape);
    }

    // ------------------------------------------------------------------ geometry

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of one axis; negative axes count from the end. */
    public int size(int axis) {
        return shape[Shape.axis("size", axis, shape.length)];
    }

    /** Number of axes (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    public int numel() {
        return Shape.numel(shape);
    }

    /** A copy of the strides (in elements). */
    public int[] strides() {
        return strides.clone();
    }

    /** Index of element {@code (0, 0, …)} in {@link #storage()}. */
    public int offset() {
        return offset;
    }

    /**
     * The backing array, shared with every view of it. For kernels: read it through
     * {@link #offset()} and {@link #strides()}, or call {@link #contiguous()} first.
     *
     * <p>For a device tensor this downloads the data (if the host copy is not current) and, since the
     * caller may write into the array, marks the device copy stale; call it again after the next op
     * that writes this tensor on the device.
     */
    public float[] storage() {
        if (lease != null) {
            checkLease();
        }
        return device == null ? storage : device.host(true);
    }

    /** The device storage of a tensor that lives on an accelerator, or null for a host tensor. */
    public DeviceStorage device() {
        return device;
    }

    /** The current host data for reading only (a device copy stays valid). */
    private float[] data() {
        if (lease != null) {
            checkLease();
        }
        return device == null ? storage : device.host(false);
    }

    /** True when the elements lie in row-major order from {@link #offset()} with no gaps. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    // ------------------------------------------------------------------ element access

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item(): tensor of shape " + Shape.format(shape)
                    + " has " + numel() + " elements, expected exactly 1");
        }
        return data()[offset];
    }

    /** The element at a full index. */
    public float get(int... index) {
        return data()[flatIndex("get", index)];
    }

    /**
     * Writes one element in place. Meant for building inputs and for tests; writing into a tensor
     * that autograd saved for a backward pass makes that backward pass wrong.
     */
    public void set(float value, int... index) {
        storage()[flatIndex("set", index)] = value;
    }

    private int flatIndex(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": index " + Arrays.toString(index) + " has "
                    + index.length + " coordinates, tensor has rank " + shape.length);
        }
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + Arrays.toString(index)
                        + " is outside shape " + Shape.format(shape));
            }
            p += index[i] * strides[i];
        }
        return p;
    }

    /** The values in row-major order, as a fresh array. */
    public float[] toArray() {
        if (isContiguous()) {
            return Arrays.copyOfRange(data(), offset, offset + numel());
        }
        float[] out = new float[numel()];
        copyStrided(out);
        return out;
    }

    /** Writes the elements in row-major order into {@code out}. */
    private void copyStrided(float[] out) {
        int rank = shape.length;
        int n = out.length;
        if (n == 0) {
            return;
        }
        float[] storage = data();
        if (rank == 0) {
            out[0] = storage[offset];
            return;
        }
        // Row by row along the last axis, the other axes advancing as an odometer.
        int[] idx = new int[rank];
        int row = shape[rank - 1];
        int inner = strides[rank - 1];
        int p = offset;
        for (int o = 0; o < n; o += row) {
            if (inner == 1) {
                System.arraycopy(storage, p, out, o, row);
            } else {
                for (int j = 0; j < row; j++) {
                    out[o + j] = storage[p + j * inner];
                }
            }
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax]++;
                p += strides[ax];
                if (idx[ax] < shape[ax]) {
                    break;
                }
                p -= idx[ax] * strides[ax];
                idx[ax] = 0;
            }
        }
    }

    /** This tensor if contiguous, else a contiguous copy (gradients flow through the copy). */
    public Tensor contiguous() {
        return isContiguous() ? this : Ops.contiguous(this);
    }

    /**
     * A contiguous copy detached from storage sharing (not from autograd: use {@link #detach()}). A
     * device tensor is copied on its device by the current backend.
     */
    public Tensor copyData() {
        if (device != null) {
            return dev.nabla.backend.Backends.current().copy(detach());
        }
        return wrap(toArray(), shape);
    }

    // ------------------------------------------------------------------ autograd

    /** Marks a leaf tensor as needing {@code dL/dthis}; returns {@code this}. */
    public Tensor requiresGrad(boolean requires) {
        if (gradFn != null && !requires) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by "
                    + gradFn.name() + ": only leaves can be changed; use detach()");
        }
        this.requiresGrad = requires;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The accumulated gradient of a leaf (or a tensor with {@link #retainGrad()}), or null. */
    public Tensor grad() {
        return grad;
    }

    /**
     * Clears the accumulated gradient. (A leaf keeps its gradient buffer for reuse by the next
     * {@link #accumulateGrad} inside a {@link BufferPool} step.)
     */
    public void zeroGrad() {
        grad = null;
    }

    /** Keeps the gradient of this non-leaf tensor after {@link #backward()}, as PyTorch's retain_grad. */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    /** True for tensors created by the user rather than by a differentiable op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The op that computed this tensor, or null for a leaf. */
    public Function gradFn() {
        return gradFn;
    }

    /**
     * Records the op that produced this tensor. Called by {@link Function} only; marks the tensor
     * as requiring a gradient.
     */
    public void attachGradFn(Function fn) {
        if (this.gradFn != null) {
            throw new IllegalStateException("tensor already has a grad_fn (" + gradFn.name() + ")");
        }
        this.gradFn = fn;
        this.requiresGrad = true;
    }

    /**
     * Adds {@code g} to the stored gradient; used by {@link Backprop}. The gradient never shares storage
     * with {@code g}. Inside a {@link BufferPool} step (training), a host leaf writes its gradient into a
     * buffer of its own that it keeps across steps — zero-filled by the copy of the first contribution,
     * added to in place by the next ones — so a parameter's gradient is allocated once, not every step;
     * the {@link #grad()} tensor of one step is then overwritten by the next step's. The arithmetic is
     * the same either way ({@code grad + g} in {@code float}).
     */
    public void accumulateGrad(Tensor g) {
        boolean keep = gradFn == null ? requiresGrad : retainGrad;
        if (!keep) {
            return;
        }
        if (gradFn == null && device == null && g.device == null && BufferPool.inStep()) {
            if (grad == null) {
                if (gradHolder == null || !Arrays.equals(gradHolder.shape, g.shape)) {
                    gradHolder = zeros(g.shape);
                }
                g.writeRowMajor(gradHolder.storage);
                grad = gradHolder;
                return;
            }
            if (grad == gradHolder && Arrays.equals(grad.shape, g.shape)) {
                float[] acc = gradHolder.storage;
                if (g.isContiguous()) {
                    float[] gd = g.data();
                    int go = g.offset;
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] = acc[i] + gd[go + i];
                    }
                } else {
                    float[] gd = g.toArray();
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] = acc[i] + gd[i];
                    }
                }
                return;
            }
        }
        grad = grad == null ? g.copyData() : grad.add(g).copyData();
    }

    /** Writes the elements in row-major order into {@code out} (of length {@link #numel()}). */
    private void writeRowMajor(float[] out) {
        if (isContiguous()) {
            System.arraycopy(data(), offset, out, 0, out.length);
        } else {
            copyStrided(out);
        }
    }

    /** A tensor sharing this one's storage but cut from the graph (no grad, no grad_fn). */
    public Tensor detach() {
        return new Tensor(this, shape, strides, offset);
    }

    /** Backpropagates from a scalar: {@code dthis/dthis = 1}. Releases the graph afterwards. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward(): needs a one-element tensor (a loss), got shape "
                    + Shape.format(shape) + "; pass the upstream gradient with backward(gradient)");
        }
        backward(Tensor.full(1f, shape), false);
    }

    /** Backpropagates a given upstream gradient of the same shape as this tensor. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph can be walked again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not require grad; "
                    + "did you forget requiresGrad(true) on an input, or compute it under Grad.off()?");
        }
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward(gradient): gradient shape " + Shape.format(gradient.shape)
                    + " must equal the tensor's shape " + Shape.format(shape));
        }
        Backprop.run(this, gradient, retainGraph);
    }

    // ------------------------------------------------------------------ views (differentiable)

    /** Same data, new shape; one dimension may be {@code -1} (inferred). Copies only if needed. */
    public Tensor reshape(int... newShape) {
        return Ops.reshape(this, newShape);
    }

    /** Reorders axes: result axis {@code i} is this tensor's axis {@code order[i]}. */
    public Tensor permute(int... order) {
        return Ops.permute(this, order);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axisA, int axisB) {
        return Ops.transpose(this, axisA, axisB);
    }

    /** Elements {@code start..end-1} along an axis (a view). */
    public Tensor slice(int axis, int start, int end) {
        return Ops.slice(this, axis, start, end);
    }

    /** Broadcasts size-1 axes to a larger shape without copying (stride 0). */
    public Tensor expand(int... newShape) {
        return Ops.expand(this, newShape);
    }

    /** Inserts a size-1 axis. */
    public Tensor unsqueeze(int axis) {
        return Ops.unsqueeze(this, axis);
    }

    /** Removes a size-1 axis. */
    public Tensor squeeze(int axis) {
        return Ops.squeeze(this, axis);
    }

    // ------------------------------------------------------------------ arithmetic shortcuts

    public Tensor add(Tensor other) {
        return Ops.add(this, other);
    }

    public Tensor add(float value) {
        return Ops.add(this, value);
    }

    public Tensor sub(Tensor other) {
        return Ops.sub(this, other);
    }

    public Tensor sub(float value) {
        return Ops.sub(this, value);
    }

    /** {@code value - this}. */
    public Tensor rsub(float value) {
        return Ops.sub(value, this);
    }

    public Tensor mul(Tensor other) {
        return Ops.mul(this, other);
    }

    public Tensor mul(float value) {
        return Ops.mul(this, value);
    }

    public Tensor div(Tensor other) {
        return Ops.div(this, other);
    }

    public Tensor div(float value) {
        return Ops.div(this, value);
    }

    public Tensor neg() {
        return Ops.neg(this);
    }

    public Tensor pow(float exponent) {
        return Ops.pow(this, exponent);
    }

    public Tensor square() {
        return Ops.mul(this, this);
    }

    public Tensor exp() {
        return Ops.exp(this);
    }

    public Tensor log() {
        return Ops.log(this);
    }

    public Tensor sqrt() {
        return Ops.sqrt(this);
    }

    public Tensor abs() {
        return Ops.abs(this);
    }

    public Tensor tanh() {
        return Ops.tanh(this);
    }

    public Tensor sigmoid() {
        return Ops.sigmoid(this);
    }

    public Tensor relu() {
        return Ops.relu(this);
    }

    public Tensor matmul(Tensor other) {
        return Ops.matmul(this, other);
    }

    /** Sum of all elements (shape {@code []}), or over the given axes. */
    public Tensor sum(int... axes) {
        return Ops.sum(this, axes, false);
    }

    /** Mean of all elements, or over the given axes. */
    public Tensor mean(int... axes) {
        return Ops.mean(this, axes, false);
    }

    /** Maximum of all elements, or over the given axes. */
    public Tensor max(int... axes) {
        return Ops.max(this, axes, false);
    }

    // ------------------------------------------------------------------ printing

    /**
     * {@code tensor([[1.0000, 2.0000], [3.0000, 4.0000]], shape=[2, 2])}; large tensors show the
     * first and last three entries per axis with {@code …} between.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        float[] values = toArray();
        boolean elide = values.length > PRINT_THRESHOLD;
        appendAxis(sb, values, 0, 0, elide);
        sb.append(", shape=").append(Shape.format(shape));
        if (gradFn != null) {
            sb.append(", grad_fn=").append(gradFn.name());
        } else if (requiresGrad) {
            sb.append(", requires_grad=true");
        }
        return sb.append(')').toString();
    }

    private void appendAxis(StringBuilder sb, float[] values, int axis, int base, boolean elide) {
        if (axis == shape.length) {
            sb.append(String.format(java.util.Locale.ROOT, "%.4f", values[base]));
            return;
        }
        int n = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (elide && n > 2 * PRINT_EDGE && i == PRINT_EDGE) {
                sb.append("…, ");
                i = n - PRINT_EDGE - 1;
                continue;
            }
            appendAxis(sb, values, axis + 1, base + i * inner, elide);
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }
}

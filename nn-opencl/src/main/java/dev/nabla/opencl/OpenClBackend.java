package dev.nabla.opencl;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ConvSpec;
import dev.nabla.backend.CpuBackend;
import dev.nabla.backend.OptimizerUpdate;
import dev.nabla.backend.PoolResult;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.DeviceStorage;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The {@link Backend} that runs on an OpenCL device. Matmul, convolution (forward, backward-data,
 * backward-weights), max pooling (forward, backward), elementwise ops with broadcasting, reductions,
 * softmax and copies run as kernels from the {@code kernels/*.cl} resources; the other methods
 * ({@code argmax}, average pooling, index select/add, and tensors of rank above 8) run on the
 * {@link CpuBackend}, with device inputs read (not invalidated) on the host.
 *
 * <p>Results are device-resident tensors ({@link Tensor#onDevice}): nothing crosses the bus until host
 * code reads one ({@code toArray}, {@code item}, {@code storage}, …). Host inputs are uploaded into
 * pooled temporary buffers for each op. Max pooling keeps its argmax indices on the device (a
 * {@link PoolResult} handle; downloaded only if {@link PoolResult#argmax()} is called), and the optimizer
 * update ({@link #optimizerUpdate}) moves parameters and optimizer state to the device for good.
 *
 * <p>Close the backend to free its device memory; tensors made by it must not be used afterwards.
 */
public final class OpenClBackend implements Backend, AutoCloseable {
    /** The name used with {@code -Dnabla.backend=opencl}. */
    public static final String NAME = "opencl";
    /** Largest rank the kernels index (shapes and strides travel as {@code int8}). */
    static final int MAX_RANK = 8;
    /** Upper bound, in floats, of the im2col buffer of one convolution chunk. */
    private static final long COL_LIMIT = 16L << 20;

    private final ClContext ctx;
    private final CpuBackend cpu = new CpuBackend();
    /** Storages of host tensors moved here by {@link #optimizerUpdate}; downloaded on {@link #close()}. */
    private final Set<ClStorage> moved = Collections.newSetFromMap(new WeakHashMap<>());

    private OpenClBackend(ClContext ctx) {
        this.ctx = ctx;
    }

    /** A backend on the device chosen by {@code -Dnabla.opencl.device} (default: the first GPU, else any). */
    public static OpenClBackend create() {
        return create(DeviceSelector.fromSystemProperty());
    }

    /** A backend on the device {@code selector} picks. */
    public static OpenClBackend create(DeviceSelector selector) {
        return new OpenClBackend(new ClContext(selector.select(OpenCl.devices())));
    }

    /** A backend on {@code device}. */
    public static OpenClBackend create(ClDevice device) {
        return new OpenClBackend(new ClContext(device));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The context (device, transfer counters, memory in use). */
    public ClContext context() {
        return ctx;
    }

    /** True when {@code t} lives on this backend's device. */
    public boolean isResident(Tensor t) {
        return t.device() instanceof ClStorage cs && cs.context() == ctx;
    }

    @Override
    public String toString() {
        return "OpenClBackend[" + ctx.device().describe() + "]";
    }

    /**
     * Frees the device memory, programs and queue. Parameters and optimizer state that
     * {@link #optimizerUpdate} moved to the device are downloaded first, so a model trained here can
     * still be read, saved or used on the CPU afterwards.
     */
    @Override
    public void close() {
        synchronized (ctx) {
            if (!ctx.isClosed()) {
                for (ClStorage cs : List.copyOf(moved)) {
                    cs.host(false);
                }
                moved.clear();
            }
            ctx.close();
        }
    }

    // ------------------------------------------------------------------ operands

    /** A tensor as a kernel sees it: buffer, offset and strides; {@code temp} is released after the op. */
    private record Operand(cl_mem mem, int offset, int[] strides, ClBuffer temp) {
    }

    /** {@code t} readable on the device: its own buffer if resident, else an upload of the span it views. */
    private Operand in(Tensor t, List<ClBuffer> temps) {
        DeviceStorage ds = t.device();
        if (ds instanceof ClStorage cs && cs.context() == ctx) {
            return new Operand(cs.forReading(), t.offset(), t.strides(), null);
        }
        float[] data = ds == null ? t.storage() : ds.host(false);
        int[] shape = t.shape();
        int[] strides = t.strides();
        int n = t.numel();
        int lo = t.offset();
        int hi = t.offset();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > 1) {
                if (strides[i] < 0) {
                    lo += (shape[i] - 1) * strides[i];
                } else {
                    hi += (shape[i] - 1) * strides[i];
                }
            }
        }
        int span = n == 0 ? 0 : hi - lo + 1;
        if (span > 2L * n + 1024) { // a small view of a large array: upload only its elements
            float[] dense = ds == null ? t.toArray() : Tensor.view(data, shape, strides, t.offset()).toArray();
            ClBuffer b = temp(n, temps);
            ctx.upload(b.mem, dense, 0, n);
            return new Operand(b.mem, 0, Shape.contiguousStrides(shape), b);
        }
        ClBuffer b = temp(span, temps);
        ctx.upload(b.mem, data, lo, span);
        return new Operand(b.mem, t.offset() - lo, strides, b);
    }

    /** {@code t} as a contiguous row-major operand (copied on the device if it is a strided view). */
    private Operand dense(Tensor t, List<ClBuffer> temps) {
        Operand o = in(t, temps);
        if (t.isContiguous()) {
            return o;
        }
        int n = t.numel();
        ClBuffer b = temp(n, temps);
        copyKernel(b.mem, 0, Shape.contiguousStrides(t.shape()), true, o.mem, o.offset, o.strides, false, t.shape());
        return new Operand(b.mem, 0, Shape.contiguousStrides(t.shape()), b);
    }

    private ClBuffer temp(long floats, List<ClBuffer> temps) {
        ClBuffer b = ctx.pool().acquire(Math.max(1, floats) * 4);
        temps.add(b);
        return b;
    }

    /** Gives the temporaries back; safe right away because the queue runs commands in order. */
    private void release(List<ClBuffer> temps) {
        for (ClBuffer b : temps) {
            ctx.pool().release(b);
        }
    }

    private ClStorage output(long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("OpenCL: a result of " + n + " elements does not fit in one tensor");
        }
        return new ClStorage(ctx, (int) n);
    }

    private static Tensor wrap(ClStorage s, int[] shape) {
        return Tensor.onDevice(s, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A host view of {@code t} for the CPU fallback: reads device data without invalidating it. */
    private static Tensor host(Tensor t) {
        if (t == null || t.device() == null) {
            return t;
        }
        return Tensor.view(t.device().host(false), t.shape(), t.strides(), t.offset());
    }

    private static boolean fits(Tensor... ts) {
        for (Tensor t : ts) {
            if (t.rank() > MAX_RANK) {
                return false;
            }
        }
        return true;
    }

    /** Strides of {@code t} broadcast to {@code shape} (0 on broadcast and missing leading axes). */
    private static int[] broadcastStrides(int[] tShape, int[] tStrides, int[] shape) {
        int lead = shape.length - tShape.length;
        int[] st = new int[shape.length];
        for (int i = lead; i < shape.length; i++) {
            st[i] = tShape[i - lead] == 1 && shape[i] != 1 ? 0 : tStrides[i - lead];
        }
        return st;
    }

    /**
     * Shape and operand strides with size-1 axes dropped and neighbouring axes merged wherever every
     * operand steps through them as one (e.g. a bias add over [N, C, H, W] becomes [N, C, H·W]), so the
     * kernels do fewer divisions per element. Returns {@code {shape, strides0, strides1, …}}.
     */
    static int[][] collapse(int[] shape, int[]... strides) {
        int r = shape.length;
        int[] sh = new int[r];
        int[][] st = new int[strides.length][r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1) {
                continue;
            }
            boolean merge = k > 0;
            for (int[] s : strides) {
                merge &= k > 0 && st[indexOf(strides, s)][k - 1] == s[i] * shape[i];
            }
            if (merge) {
                sh[k - 1] *= shape[i];
                for (int j = 0; j < strides.length; j++) {
                    st[j][k - 1] = strides[j][i];
                }
            } else {
                sh[k] = shape[i];
                for (int j = 0; j < strides.length; j++) {
                    st[j][k] = strides[j][i];
                }
                k++;
            }
        }
        int[][] out = new int[strides.length + 1][];
        out[0] = Arrays.copyOf(sh, k);
        for (int j = 0; j < strides.length; j++) {
            out[j + 1] = Arrays.copyOf(st[j], k);
        }
        return out;
    }

    private static int indexOf(int[][] all, int[] one) {
        for (int i = 0; i < all.length; i++) {
            if (all[i] == one) {
                return i;
            }
        }
        throw new AssertionError();
    }

    private static boolean flat(Tensor t, int[] shape) {
        return t.isContiguous() && Arrays.equals(t.shape(), shape);
    }

    private void copyKernel(cl_mem dst, int dOff, int[] dStr, boolean dFlat, cl_mem src, int sOff, int[] sStr,
                            boolean sFlat, int[] shape) {
        int n = Shape.numel(shape);
        int[][] cs = collapse(shape, dStr, sStr);
        ctx.kernel("elementwise", "copy_strided").arg(dst).arg(dOff).arg8(cs[1]).arg(dFlat ? 1 : 0)
                .arg(src).arg(sOff).arg8(cs[2]).arg(sFlat ? 1 : 0).arg8(cs[0]).arg(cs[0].length).arg(n).run(n);
    }

    // ------------------------------------------------------------------ elementwise

    @Override
    public Tensor unary(UnaryOp op, Tensor x, float alpha) {
        if (!fits(x)) {
            return cpu.unary(op, host(x), alpha);
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            int[] shape = x.shape();
            Operand a = in(x, temps);
            ClStorage out = output(x.numel());
            int[][] cs = collapse(shape, a.strides);
            ctx.kernel("elementwise", "unary").arg(a.mem).arg(a.offset).arg8(cs[1]).arg(x.isContiguous() ? 1 : 0)
                    .arg8(cs[0]).arg(cs[0].length).arg(out.forWriting()).arg(x.numel()).arg(op.ordinal()).arg(alpha)
                    .run(x.numel());
            release(temps);
            return wrap(out, shape);
        }
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(op.name().toLowerCase(java.util.Locale.ROOT), a.shape(), b.shape());
        if (!fits(a, b) || shape.length > MAX_RANK) {
            return cpu.binary(op, host(a), host(b));
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand oa = in(a, temps);
            Operand ob = in(b, temps);
            int n = Shape.numel(shape);
            ClStorage out = output(n);
            int[][] cs = collapse(shape, broadcastStrides(a.shape(), oa.strides, shape),
                    broadcastStrides(b.shape(), ob.strides, shape));
            ctx.kernel("elementwise", "binary")
                    .arg(oa.mem).arg(oa.offset).arg8(cs[1]).arg(flat(a, shape) ? 1 : 0)
                    .arg(ob.mem).arg(ob.offset).arg8(cs[2]).arg(flat(b, shape) ? 1 : 0)
                    .arg8(cs[0]).arg(cs[0].length).arg(out.forWriting()).arg(n).arg(op.ordinal()).run(n);
            release(temps);
            return wrap(out, shape);
        }
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        if (!fits(cond, a, b) || shape.length > MAX_RANK) {
            return cpu.where(host(cond), host(a), host(b));
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand oc = in(cond, temps);
            Operand oa = in(a, temps);
            Operand ob = in(b, temps);
            int n = Shape.numel(shape);
            ClStorage out = output(n);
            int[][] cs = collapse(shape, broadcastStrides(cond.shape(), oc.strides, shape),
                    broadcastStrides(a.shape(), oa.strides, shape), broadcastStrides(b.shape(), ob.strides, shape));
            ctx.kernel("elementwise", "where3")
                    .arg(oc.mem).arg(oc.offset).arg8(cs[1])
                    .arg(oa.mem).arg(oa.offset).arg8(cs[2])
                    .arg(ob.mem).arg(ob.offset).arg8(cs[3])
                    .arg8(cs[0]).arg(cs[0].length).arg(out.forWriting()).arg(n).run(n);
            release(temps);
            return wrap(out, shape);
        }
    }

    @Override
    public Tensor copy(Tensor x) {
        if (!fits(x)) {
            return cpu.copy(host(x));
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            int[] shape = x.shape();
            Operand a = in(x, temps);
            ClStorage out = output(x.numel());
            copyKernel(out.forWriting(), 0, Shape.contiguousStrides(shape), true, a.mem, a.offset, a.strides,
                    x.isContiguous(), shape);
            release(temps);
            return wrap(out, shape);
        }
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        if (!isResident(dst) || !fits(dst, src)) {
            cpu.copyInto(dst, host(src));
            return;
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            int[] shape = dst.shape();
            Operand s = in(src, temps);
            cl_mem d = ((ClStorage) dst.device()).forWriting();
            copyKernel(d, dst.offset(), dst.strides(), false, s.mem, s.offset,
                    broadcastStrides(src.shape(), s.strides, shape), flat(src, shape), shape);
            release(temps);
        }
    }

    // ------------------------------------------------------------------ reductions, softmax

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        int rank = x.rank();
        int[] shape = x.shape();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        int cols = 1;
        for (int a : axes) {
            cols *= shape[a];
        }
        if (!fits(x) || cols == 0 || x.numel() == 0) {
            return cpu.reduce(op, host(x), axes, keepDims);
        }
        int rows = x.numel() / cols;
        int[] order = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                order[k++] = i;
            }
        }
        boolean trailing = true;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                order[k++] = i;
            }
            if (i > 0 && reduced[i - 1] && !reduced[i]) {
                trailing = false;
            }
        }
        int[] outShape = new int[keepDims ? rank : rank - axes.length];
        for (int i = 0, j = 0; i < rank; i++) {
            if (!reduced[i]) {
                outShape[j++] = shape[i];
            } else if (keepDims) {
                outShape[j++] = 1;
            }
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand o = in(x, temps);
            cl_mem src = o.mem;
            int off = o.offset;
            if (!(trailing && x.isContiguous())) {
                int[] pShape = new int[rank];
                int[] pStr = new int[rank];
                for (int i = 0; i < rank; i++) {
                    pShape[i] = shape[order[i]];
                    pStr[i] = o.strides[order[i]];
                }
                ClBuffer t = temp(x.numel(), temps);
                copyKernel(t.mem, 0, Shape.contiguousStrides(pShape), true, o.mem, o.offset, pStr, false, pShape);
                src = t.mem;
                off = 0;
            }
            ClStorage out = output(rows);
            int ls = 1;
            while (ls < cols && ls < 256) {
                ls <<= 1;
            }
            ctx.kernel("reduce", "reduce_rows").arg(src).arg(off).arg(rows).arg(cols).arg(out.forWriting())
                    .arg(op.ordinal()).local(4L * ls).run(new long[] {(long) rows * ls}, new long[] {ls});
            release(temps);
            return wrap(out, outShape);
        }
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return cpu.argmax(host(x), axis, keepDims);
    }

    @Override
    public Tensor softmax(Tensor x, int axis, boolean log) {
        int[] shape = x.shape();
        if (!fits(x) || x.numel() == 0) {
            return cpu.softmax(host(x), axis, log);
        }
        int n = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int lines = x.numel() / n;
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand o = dense(x, temps);
            ClStorage out = output(x.numel());
            ctx.kernel("reduce", "softmax").arg(o.mem).arg(o.offset).arg(n).arg(inner).arg(out.forWriting())
                    .arg(lines).arg(log ? 1 : 0).run(lines);
            release(temps);
            return wrap(out, shape);
        }
    }

    // ------------------------------------------------------------------ matmul

    /** A matrix operand of a batched product: element (b, i, j) at offset + b·batch + i·row + j·col. */
    private record Matrix(cl_mem mem, int offset, int batch, int row, int col) {
    }

    /** {@code t} (…, r, c) as a {@link Matrix} over the broadcast batch shape, copied only if its batch axes do not collapse. */
    private Matrix matrix(Tensor t, int[] batch, List<ClBuffer> temps) {
        int[] s = t.shape();
        int r = s.length;
        Operand o = in(t, temps);
        int[] st = o.strides;
        int tb = 1;
        for (int i = 0; i < r - 2; i++) {
            tb *= s[i];
        }
        if (tb == 1) {
            return new Matrix(o.mem, o.offset, 0, st[r - 2], st[r - 1]);
        }
        boolean same = r - 2 == batch.length && Arrays.equals(Arrays.copyOf(s, r - 2), batch);
        if (same) {
            int last = -1;
            boolean collapses = true;
            for (int i = 0; i < r - 2; i++) {
                if (s[i] == 1) {
                    continue;
                }
                if (last >= 0 && st[last] != st[i] * s[i]) {
                    collapses = false;
                }
                last = i;
            }
            if (collapses) {
                return new Matrix(o.mem, o.offset, st[last], st[r - 2], st[r - 1]);
            }
        }
        int[] target = Arrays.copyOf(batch, batch.length + 2);
        target[batch.length] = s[r - 2];
        target[batch.length + 1] = s[r - 1];
        ClBuffer b = temp(Shape.numel(target), temps);
        copyKernel(b.mem, 0, Shape.contiguousStrides(target), true, o.mem, o.offset,
                broadcastStrides(s, st, target), false, target);
        return new Matrix(b.mem, 0, s[r - 2] * s[r - 1], s[r - 1], 1);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int[] batch = Shape.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        if (!fits(a, b) || batch.length + 2 > MAX_RANK) {
            return cpu.matmul(host(a), host(b));
        }
        int batches = Shape.numel(batch);
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Matrix ma = matrix(a, batch, temps);
            Matrix mb = matrix(b, batch, temps);
            ClStorage out = output((long) batches * m * n);
            cl_mem c = out.forWriting();
            gemm(m, n, k, ma, mb, c, 0, m * n, batches, false, null, 0);
            release(temps);
            return wrap(out, shape);
        }
    }

    /**
     * Enqueues a tiled matmul kernel: {@code matmul_wpt} (32×32 tiles, 8 outputs per work item) when the
     * device allows work-groups of 128 and the product is not tiny, else {@code matmul} (one output per item).
     */
    private void gemm(int m, int n, int k, Matrix a, Matrix b, cl_mem c, int cOff, int cBatch, int batches,
                      boolean accumulate, cl_mem bias, int act) {
        boolean wide = ctx.device().maxWorkGroup() >= 128 && ctx.device().localMemBytes() >= 16 * 1024
                && (long) m * n >= 1024 && m >= 16 && n >= 16;
        int ts = ctx.tile();
        ctx.kernel("matmul", wide ? "matmul_wpt" : "matmul").arg(m).arg(n).arg(k)
                .arg(a.mem).arg(a.offset).arg(a.batch).arg(a.row).arg(a.col)
                .arg(b.mem).arg(b.offset).arg(b.batch).arg(b.row).arg(b.col)
                .arg(c).arg(cOff).arg(cBatch).arg(accumulate ? 1 : 0)
                .arg(bias == null ? c : bias).arg(bias == null ? 0 : 1).arg(act)
                .run(wide ? new long[] {n, (m + 31) / 32 * 4L, batches} : new long[] {n, m, batches},
                        wide ? new long[] {32, 4, 1} : new long[] {ts, ts, 1});
    }

    /**
     * {@code C (+)= A·B} for a long, thin product (few output tiles, large K, as the weight gradient of
     * a convolution): K is split into S slices computed as a batch of S products, then summed, so the
     * device has S times more work-groups to run in parallel.
     */
    private void gemmSplitK(int m, int n, int k, Matrix a, Matrix b, cl_mem c, boolean accumulate, List<ClBuffer> temps) {
        long tiles = (long) ((m + 15) / 16) * ((n + 15) / 16);
        int want = (int) Math.min(64, Math.max(1, 4L * ctx.device().computeUnits() * 4 / Math.max(1, tiles)));
        int splits = 1;
        if (k >= 4096) {
            for (int sp = want; sp > 1; sp--) {
                if (k % sp == 0 && k / sp >= 256) {
                    splits = sp;
                    break;
                }
            }
        }
        if (splits == 1) {
            gemm(m, n, k, a, b, c, 0, 0, 1, accumulate, null, 0);
            return;
        }
        int ks = k / splits;
        ClBuffer part = temp((long) splits * m * n, temps);
        gemm(m, n, ks, new Matrix(a.mem, a.offset, ks * a.col, a.row, a.col),
                new Matrix(b.mem, b.offset, ks * b.row, b.row, b.col), part.mem, 0, m * n, splits, false, null, 0);
        ctx.kernel("reduce", "sum_splits").arg(part.mem).arg(splits).arg(m * n).arg(c).arg(accumulate ? 1 : 0)
                .run((long) m * n);
    }

    /**
     * {@code activation(x·w + bias)} in one kernel (the matmul epilogue): {@code x} is {@code (M, K)},
     * {@code w} {@code (K, N)}, {@code bias} {@code (N)} or null; {@code activation} is null,
     * {@link UnaryOp#RELU}, {@link UnaryOp#SIGMOID} or {@link UnaryOp#TANH}. Not differentiable: an
     * inference fast path (the autograd ops use {@link #matmul} then {@link #binary}).
     */
    public Tensor linear(Tensor x, Tensor w, Tensor bias, UnaryOp activation) {
        if (x.rank() != 2 || w.rank() != 2 || x.size(1) != w.size(0)
                || (bias != null && (bias.rank() != 1 || bias.size(0) != w.size(1)))) {
            throw new IllegalArgumentException("linear: expected x (M, K), w (K, N) and bias (N) or null, got x "
                    + Shape.format(x.shape()) + ", w " + Shape.format(w.shape())
                    + (bias == null ? "" : ", bias " + Shape.format(bias.shape())));
        }
        int act;
        if (activation == null) {
            act = 0;
        } else if (activation == UnaryOp.RELU) {
            act = 1;
        } else if (activation == UnaryOp.SIGMOID) {
            act = 2;
        } else if (activation == UnaryOp.TANH) {
            act = 3;
        } else {
            throw new IllegalArgumentException("linear: activation must be null, RELU, SIGMOID or TANH, got " + activation);
        }
        int m = x.size(0);
        int k = x.size(1);
        int n = w.size(1);
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Matrix ma = matrix(x, new int[0], temps);
            Matrix mb = matrix(w, new int[0], temps);
            cl_mem bm = null;
            if (bias != null) {
                bm = bias.isContiguous() && bias.offset() == 0 && isResident(bias) ? dense(bias, temps).mem
                        : in(bias.contiguous().copyData(), temps).mem;
            }
            ClStorage out = output((long) m * n);
            gemm(m, n, k, ma, mb, out.forWriting(), 0, m * n, 1, false, bm, act);
            release(temps);
            return wrap(out, new int[] {m, n});
        }
    }

    // ------------------------------------------------------------------ convolution

    /** Samples per im2col chunk so the column buffer stays under {@link #COL_LIMIT} floats. */
    private static int chunk(int n, long perSample) {
        return (int) Math.max(1, Math.min(n, COL_LIMIT / Math.max(1, perSample)));
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, ConvSpec spec) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = ws[0], kh = ws[2], kw = ws[3];
        int oh = spec.outHeight(h, kh), ow = spec.outWidth(wd, kw);
        int p = oh * ow;
        int ckk = c * kh * kw;
        if ((long) n * o * p == 0 || ckk == 0) {
            return cpu.conv2d(host(x), host(w), spec);
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand ox = dense(x, temps);
            Operand ow8 = dense(w, temps);
            ClStorage out = output((long) n * o * p);
            cl_mem y = out.forWriting();
            int nb = chunk(n, (long) ckk * p);
            ClBuffer col = temp((long) nb * ckk * p, temps);
            ClBuffer tmp = nb > 1 ? temp((long) nb * o * p, temps) : null;
            Matrix wm = new Matrix(ow8.mem, ow8.offset, 0, ckk, 1);
            for (int n0 = 0; n0 < n; n0 += nb) {
                int cnt = Math.min(nb, n - n0);
                // columns of the whole chunk side by side ([CKK][cnt·P]): one product with N = cnt·P
                im2col(ox, n0 * c * h * wd, c, h, wd, kh, kw, oh, ow, spec, col.mem, p, cnt * p, cnt);
                Matrix cols = new Matrix(col.mem, 0, 0, cnt * p, 1);
                if (cnt == 1) {
                    gemm(o, p, ckk, wm, cols, y, n0 * o * p, 0, 1, false, null, 0);
                } else { // [O][cnt][P] → y[n0 + i][O][P]
                    gemm(o, cnt * p, ckk, wm, cols, tmp.mem, 0, 0, 1, false, null, 0);
                    int[] shape = {o, cnt, p};
                    copyKernel(y, n0 * o * p, new int[] {p, o * p, 1}, false, tmp.mem, 0, Shape.contiguousStrides(shape),
                            true, shape);
                }
            }
            release(temps);
            return wrap(out, new int[] {n, o, oh, ow});
        }
    }

    private void im2col(Operand x, int sampleOff, int c, int h, int w, int kh, int kw, int oh, int ow, ConvSpec s,
                        cl_mem col, int colBatch, int colRow, int nb) {
        ctx.kernel("conv", "im2col").arg(x.mem).arg(x.offset + sampleOff).arg(c).arg(h).arg(w).arg(kh).arg(kw)
                .arg(oh).arg(ow).arg(s.strideH()).arg(s.strideW()).arg(s.dilationH()).arg(s.dilationW())
                .arg(s.padTop()).arg(s.padLeft()).arg(col).arg(colBatch).arg(colRow).arg(nb)
                .run(new long[] {(long) oh * ow, (long) c * kh * kw, nb}, new long[] {64, 1, 1});
    }

    @Override
    public Tensor conv2dBackwardInput(Tensor gy, Tensor w, int[] inputShape, ConvSpec spec) {
        int n = inputShape[0], c = inputShape[1], h = inputShape[2], wd = inputShape[3];
        int[] ws = w.shape();
        int o = ws[0], kh = ws[2], kw = ws[3];
        int oh = gy.size(2), ow = gy.size(3);
        int p = oh * ow;
        int ckk = c * kh * kw;
        if ((long) n * c * h * wd == 0 || p == 0 || o == 0) {
            return cpu.conv2dBackwardInput(host(gy), host(w), inputShape, spec);
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand og = dense(gy, temps);
            Operand owt = dense(w, temps);
            ClStorage out = output((long) n * c * h * wd);
            cl_mem gx = out.forWriting();
            int nb = chunk(n, (long) ckk * p);
            ClBuffer col = temp((long) nb * ckk * p, temps);
            ClBuffer gyt = temp((long) nb * o * p, temps);
            Matrix wt = new Matrix(owt.mem, owt.offset, 0, 1, ckk);
            for (int n0 = 0; n0 < n; n0 += nb) {
                int cnt = Math.min(nb, n - n0);
                // gy of the chunk as [O][cnt·P], then one product W^T · gy = columns [CKK][cnt·P]
                int[] shape = {o, cnt, p};
                copyKernel(gyt.mem, 0, Shape.contiguousStrides(shape), true, og.mem, og.offset + n0 * o * p,
                        new int[] {p, o * p, 1}, false, shape);
                gemm(ckk, cnt * p, o, wt, new Matrix(gyt.mem, 0, 0, cnt * p, 1), col.mem, 0, 0, 1, false, null, 0);
                ctx.kernel("conv", "col2im").arg(col.mem).arg(p).arg(cnt * p).arg(c).arg(h).arg(wd).arg(kh).arg(kw)
                        .arg(oh).arg(ow).arg(spec.strideH()).arg(spec.strideW()).arg(spec.dilationH())
                        .arg(spec.dilationW()).arg(spec.padTop()).arg(spec.padLeft()).arg(gx).arg(n0 * c * h * wd).arg(cnt)
                        .run(new long[] {(long) h * wd, c, cnt}, new long[] {64, 1, 1});
            }
            release(temps);
            return wrap(out, inputShape.clone());
        }
    }

    @Override
    public Tensor conv2dBackwardWeight(Tensor x, Tensor gy, int[] weightShape, ConvSpec spec) {
        int[] xs = x.shape();
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
        int o = weightShape[0], kh = weightShape[2], kw = weightShape[3];
        int oh = gy.size(2), ow = gy.size(3);
        int p = oh * ow;
        int ckk = c * kh * kw;
        if ((long) n * p == 0 || (long) o * ckk == 0) {
            return cpu.conv2dBackwardWeight(host(x), host(gy), weightShape, spec);
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand ox = dense(x, temps);
            Operand og = dense(gy, temps);
            ClStorage out = output((long) o * ckk);
            cl_mem gw = out.forWriting();
            int nb = chunk(n, (long) ckk * p);
            ClBuffer col = temp((long) nb * ckk * p, temps);
            ClBuffer gyt = temp((long) nb * o * p, temps);
            for (int n0 = 0; n0 < n; n0 += nb) {
                int cnt = Math.min(nb, n - n0);
                // column layout [CKK][cnt·P] so that the whole chunk is one product with K = cnt·P
                im2col(ox, n0 * c * h * wd, c, h, wd, kh, kw, oh, ow, spec, col.mem, p, cnt * p, cnt);
                int[] shape = {o, cnt, p};
                copyKernel(gyt.mem, 0, Shape.contiguousStrides(shape), true, og.mem, og.offset + n0 * o * p,
                        new int[] {p, o * p, 1}, false, shape);
                gemmSplitK(o, ckk, cnt * p, new Matrix(gyt.mem, 0, 0, cnt * p, 1), new Matrix(col.mem, 0, 0, 1, cnt * p),
                        gw, n0 > 0, temps);
            }
            release(temps);
            return wrap(out, weightShape.clone());
        }
    }

    // ------------------------------------------------------------------ pooling

    @Override
    public PoolResult maxPool2d(Tensor x, int kh, int kw, ConvSpec s) {
        int[] xs = x.shape();
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        int oh = s.outHeight(h, kh), ow = s.outWidth(w, kw);
        int total = n * c * oh * ow;
        if (total == 0) {
            PoolResult r = cpu.maxPool2d(host(x), kh, kw, s);
            return r;
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand ox = dense(x, temps);
            ClStorage out = output(total);
            ClBuffer arg = ctx.pool().acquire(4L * total);
            ctx.kernel("conv", "maxpool").arg(ox.mem).arg(ox.offset).arg(h).arg(w).arg(kh).arg(kw).arg(oh).arg(ow)
                    .arg(s.strideH()).arg(s.strideW()).arg(s.dilationH()).arg(s.dilationW()).arg(s.padTop())
                    .arg(s.padLeft()).arg(out.forWriting()).arg(arg.mem).arg(total).run(total);
            release(temps);
            PoolResult r = new PoolResult(wrap(out, new int[] {n, c, oh, ow}), new PoolIndices(ctx, arg, total),
                    () -> downloadIndices(arg, total));
            ctx.pool().track(r, arg); // the indices' buffer returns to the pool when the result is collected
            return r;
        }
    }

    /** The device buffer of a {@link PoolResult}'s indices ({@code count} ints) in context {@code ctx}. */
    private record PoolIndices(ClContext ctx, ClBuffer buffer, int count) {
    }

    private int[] downloadIndices(ClBuffer arg, int count) {
        synchronized (ctx) {
            int[] argmax = new int[count];
            ctx.download(arg.mem, argmax);
            return argmax;
        }
    }

    /** Reads the indices on the device when {@code pooled} came from this backend; nothing is downloaded. */
    @Override
    public Tensor maxPool2dBackward(Tensor gy, PoolResult pooled, int[] inputShape) {
        int[] gs = gy.shape();
        if (!(pooled.deviceIndices() instanceof PoolIndices pi) || pi.ctx() != ctx || gs.length != 4
                || pi.count() != gy.numel()
                || (long) inputShape[0] * inputShape[1] * inputShape[2] * inputShape[3] == 0) {
            return maxPool2dBackward(gy, pooled.argmax(), inputShape);
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Tensor r = maxPoolBackwardKernel(gy, pi.buffer().mem, inputShape, temps);
            release(temps);
            return r;
        }
    }

    @Override
    public Tensor maxPool2dBackward(Tensor gy, int[] argmax, int[] inputShape) {
        int planes = inputShape[0] * inputShape[1];
        int in = inputShape[2] * inputShape[3];
        int[] gs = gy.shape();
        if (gs.length != 4 || (long) planes * in == 0 || argmax.length != gy.numel()) {
            return cpu.maxPool2dBackward(host(gy), argmax, inputShape);
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            ClBuffer arg = temp(argmax.length, temps); // host indices: uploaded
            ctx.upload(arg.mem, argmax);
            Tensor r = maxPoolBackwardKernel(gy, arg.mem, inputShape, temps);
            release(temps);
            return r;
        }
    }

    private Tensor maxPoolBackwardKernel(Tensor gy, cl_mem arg, int[] inputShape, List<ClBuffer> temps) {
        int planes = inputShape[0] * inputShape[1];
        int in = inputShape[2] * inputShape[3];
        int[] gs = gy.shape();
        int outPer = gs[2] * gs[3];
        Operand og = dense(gy, temps);
        ClStorage out = output((long) planes * in);
        ctx.kernel("conv", "maxpool_backward").arg(og.mem).arg(og.offset).arg(arg).arg(outPer)
                .arg(out.forWriting()).arg(in).arg(planes).run(planes);
        return wrap(out, inputShape.clone());
    }

    @Override
    public Tensor avgPool2d(Tensor x, int kh, int kw, ConvSpec spec) {
        return cpu.avgPool2d(host(x), kh, kw, spec);
    }

    @Override
    public Tensor avgPool2dBackward(Tensor gy, int[] inputShape, int kh, int kw, ConvSpec spec) {
        return cpu.avgPool2dBackward(host(gy), inputShape, kh, kw, spec);
    }

    @Override
    public Tensor indexSelect(Tensor x, int axis, int[] index) {
        return cpu.indexSelect(host(x), axis, index);
    }

    @Override
    public Tensor indexAdd(Tensor g, int axis, int[] index, int[] shape) {
        return cpu.indexAdd(host(g), axis, index, shape);
    }

    // ------------------------------------------------------------------ optimizer updates

    /**
     * Runs the SGD/Adam(W) update with the {@code sgd}/{@code adam} kernels of {@code optim.cl}. The
     * parameter and its state arrays move to the device for good ({@link Tensor#moveToDevice}, one
     * upload each, the first time; every op of this backend would upload them anyway) and are updated
     * there in place; nothing is downloaded. A host gradient (e.g. one clipped on the host) is uploaded.
     * Tensors that cannot move (views into a larger array, another device's storage) take the host path.
     */
    @Override
    public void optimizerUpdate(OptimizerUpdate u, Tensor w, Tensor g, Tensor... slots) {
        boolean movable = isResident(w) || canMove(w);
        for (Tensor s : slots) {
            movable &= isResident(s) || canMove(s);
        }
        if (!movable || !g.isContiguous() || g.numel() != w.numel()) {
            Backend.super.optimizerUpdate(u, w, g, slots);
            return;
        }
        int n = w.numel();
        if (n == 0) {
            return;
        }
        synchronized (ctx) {
            List<ClBuffer> temps = new ArrayList<>();
            Operand og = in(g, temps);
            cl_mem wm = resident(w).forWriting();
            cl_mem[] sm = new cl_mem[3];
            for (int i = 0; i < 3; i++) {
                sm[i] = i < slots.length ? resident(slots[i]).forWriting() : wm; // unused slots: any buffer
            }
            if (u.kind() == OptimizerUpdate.Kind.SGD) {
                ctx.kernel("optim", "sgd").arg(wm).arg(w.offset()).arg(og.mem).arg(og.offset).arg(sm[0]).arg(n)
                        .arg(u.lr()).arg(u.momentum()).arg(u.nesterov() ? 1 : 0).arg(u.l2()).run(n);
            } else {
                ctx.kernel("optim", "adam").arg(wm).arg(w.offset()).arg(og.mem).arg(og.offset).arg(sm[0]).arg(sm[1])
                        .arg(sm[2]).arg(u.amsgrad() ? 1 : 0).arg(n).arg(u.stepSize()).arg(u.invSqrtBc2())
                        .arg(u.beta1()).arg(u.beta2()).arg(u.oneMinusBeta1()).arg(u.oneMinusBeta2()).arg(u.epsilon())
                        .arg(u.l2()).arg(u.shrink()).run(n);
            }
            release(temps);
        }
    }

    /** True when {@code t} is a host tensor that can move to the device in place. */
    private static boolean canMove(Tensor t) {
        return t.device() == null && t.offset() == 0 && t.isContiguous() && t.storage().length == t.numel();
    }

    /** The storage of {@code t} on this device, moving a host tensor there first (one upload). */
    private ClStorage resident(Tensor t) {
        if (isResident(t)) {
            return (ClStorage) t.device();
        }
        ClStorage cs = new ClStorage(ctx, t.storage());
        t.moveToDevice(cs);
        moved.add(cs);
        return cs;
    }
}

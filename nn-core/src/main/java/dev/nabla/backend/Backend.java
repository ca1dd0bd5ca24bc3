package dev.nabla.backend;

import dev.nabla.tensor.Tensor;

/**
 * The kernels behind the ops: everything that touches tensor elements goes through one of these
 * methods, so an accelerated backend (found with {@link java.util.ServiceLoader}, see
 * {@link BackendProvider}) can replace them without changing callers. Autograd lives above this
 * interface: a backend computes values only.
 *
 * <p>Arguments have been validated by {@link dev.nabla.ops.Ops} (shapes, axes, ranks). Inputs may
 * be non-contiguous views; results are new contiguous tensors unless a method says otherwise.
 * Layouts: activations NCHW, convolution weights OIHW.
 */
public interface Backend {
    /** A short name, e.g. {@code cpu} or {@code opencl}. */
    String name();

    /** {@code op(x)} element by element. */
    Tensor unary(UnaryOp op, Tensor x, float alpha);

    /**
     * The gradient of {@code relu} at {@code x} for the upstream gradient {@code g}: {@code g · [x > 0]}
     * element by element ({@code x} NaN or ≤ 0 gives {@code g · 0}). The default is those two ops.
     */
    default Tensor reluGrad(Tensor g, Tensor x) {
        return binary(BinaryOp.MUL, g, binary(BinaryOp.GT, x, Tensor.scalar(0f)));
    }

    /** {@code op(a, b)} with NumPy broadcasting. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /** {@code cond ≠ 0 ? a : b} with broadcasting of all three. */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    /** Reduces over the (sorted, distinct, non-empty) axes; keeps them as size 1 if {@code keepDims}. */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims);

    /** Index of the largest element along {@code axis} (first one on ties), as floats. */
    Tensor argmax(Tensor x, int axis, boolean keepDims);

    /** {@code (…, M, K) × (…, K, N) → (…, M, N)}, batch axes broadcast. Both ranks ≥ 2. */
    Tensor matmul(Tensor a, Tensor b);

    /** Softmax (or log-softmax) along an axis, computed stably (max subtracted first). */
    Tensor softmax(Tensor x, int axis, boolean log);

    /** A contiguous copy. */
    Tensor copy(Tensor x);

    /** Copies {@code src} (same shape) into the view {@code dst}, in place. */
    void copyInto(Tensor dst, Tensor src);

    /** Cross-correlation {@code (N,C,H,W) ⋆ (O,C,KH,KW) → (N,O,OH,OW)}, no bias. */
    Tensor conv2d(Tensor x, Tensor w, ConvSpec spec);

    /** {@code dL/dx} of {@link #conv2d} given {@code dL/dy}; also the transposed convolution. */
    Tensor conv2dBackwardInput(Tensor gy, Tensor w, int[] inputShape, ConvSpec spec);

    /** {@code dL/dw} of {@link #conv2d} given the input and {@code dL/dy}. */
    Tensor conv2dBackwardWeight(Tensor x, Tensor gy, int[] weightShape, ConvSpec spec);

    /** Max over {@code kh×kw} windows (padding never wins), with the argmax of each output. */
    PoolResult maxPool2d(Tensor x, int kh, int kw, ConvSpec spec);

    /** As {@link #maxPool2d} but only the maxima, for a pass that will not be differentiated (inference). */
    default Tensor maxPool2dValues(Tensor x, int kh, int kw, ConvSpec spec) {
        return maxPool2d(x, kh, kw, spec).output();
    }

    /** Routes {@code gy} to the argmax positions of an input of {@code inputShape}. */
    Tensor maxPool2dBackward(Tensor gy, int[] argmax, int[] inputShape);

    /**
     * Routes {@code gy} to the argmax positions of {@code pooled}, a result of this backend's
     * {@link #maxPool2d}; a backend that keeps the indices on its device reads them there. The
     * default uses {@link PoolResult#argmax()}.
     */
    default Tensor maxPool2dBackward(Tensor gy, PoolResult pooled, int[] inputShape) {
        return maxPool2dBackward(gy, pooled.argmax(), inputShape);
    }

    /** Mean over {@code kh×kw} windows, counting only positions inside the input (Keras semantics). */
    Tensor avgPool2d(Tensor x, int kh, int kw, ConvSpec spec);

    /** {@code dL/dx} of {@link #avgPool2d}. */
    Tensor avgPool2dBackward(Tensor gy, int[] inputShape, int kh, int kw, ConvSpec spec);

    /** Rows {@code index[i]} of {@code x} along {@code axis} (entries already range-checked). */
    Tensor indexSelect(Tensor x, int axis, int[] index);

    /** Zeros of {@code shape} with {@code g}'s slices added at {@code index} along {@code axis}. */
    Tensor indexAdd(Tensor g, int axis, int[] index, int[] shape);

    /**
     * Applies one optimizer step in place: {@code w} (a contiguous leaf parameter) and the
     * {@code slots} (its state arrays, {@link OptimizerUpdate#slotCount()} of them, contiguous, as
     * many elements as {@code w}) are overwritten; {@code g} is a contiguous gradient of the same
     * size. An accelerated backend runs this on its device and may move {@code w} and the slots
     * there ({@link Tensor#moveToDevice}), so that the next forward pass finds them resident.
     *
     * <p>The default is the reference arithmetic on the host ({@link OptimizerUpdate#applyOnHost}),
     * exactly what the optimizers of {@code dev.nabla.optim} have always computed.
     */
    default void optimizerUpdate(OptimizerUpdate update, Tensor w, Tensor g, Tensor... slots) {
        float[][] s = new float[slots.length][];
        for (int i = 0; i < slots.length; i++) {
            s[i] = slots[i].storage();
        }
        float[] gd = g.device() == null ? g.storage() : g.toArray();
        int go = g.device() == null ? g.offset() : 0;
        update.applyOnHost(w.storage(), w.offset(), gd, go, w.numel(), s);
    }
}

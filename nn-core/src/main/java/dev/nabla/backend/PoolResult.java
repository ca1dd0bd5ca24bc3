package dev.nabla.backend;

import dev.nabla.tensor.Tensor;

import java.util.function.Supplier;

/**
 * The output of max pooling and, for each output element, the flat index (into the input) of the
 * element that was the maximum — what the backward pass routes the gradient to.
 *
 * <p>A CPU backend gives the indices as an {@code int[]}. An accelerated backend may keep them on
 * its device instead, behind an opaque {@link #deviceIndices() handle} that its
 * {@link Backend#maxPool2dBackward(Tensor, PoolResult, int[])} reads there; then {@link #argmax()}
 * downloads them only when called (once; later calls return the same array).
 */
public final class PoolResult {
    private final Tensor output;
    private final Object deviceIndices;
    private final Supplier<int[]> download;
    private int[] argmax;

    /** A result whose indices are on the host. */
    public PoolResult(Tensor output, int[] argmax) {
        if (output == null || argmax == null) {
            throw new IllegalArgumentException("PoolResult: output and argmax must not be null");
        }
        this.output = output;
        this.argmax = argmax;
        this.deviceIndices = null;
        this.download = null;
    }

    /**
     * A result whose indices stay on a device: {@code deviceIndices} is the backend's own handle,
     * {@code download} copies them to the host when {@link #argmax()} is first called.
     */
    public PoolResult(Tensor output, Object deviceIndices, Supplier<int[]> download) {
        if (output == null || deviceIndices == null || download == null) {
            throw new IllegalArgumentException("PoolResult: output, deviceIndices and download must not be null");
        }
        this.output = output;
        this.deviceIndices = deviceIndices;
        this.download = download;
    }

    /** The pooled tensor. */
    public Tensor output() {
        return output;
    }

    /** The flat input index of each output's maximum, on the host (downloaded on the first call if needed). */
    public synchronized int[] argmax() {
        if (argmax == null) {
            argmax = download.get();
        }
        return argmax;
    }

    /** The backend's handle to indices kept on its device, or null when they are on the host only. */
    public Object deviceIndices() {
        return deviceIndices;
    }
}

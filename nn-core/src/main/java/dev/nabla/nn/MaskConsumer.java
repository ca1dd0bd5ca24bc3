package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * A layer over sequences {@code (batch, time, …)} that accepts a mask {@code (batch, time)} of real
 * steps (1) and padding (0), as Keras layers with {@code supports_masking}. A {@link Sequential}
 * hands it the mask of a {@link Masking} layer earlier in the stack.
 */
public interface MaskConsumer {
    /** Applies the layer; {@code mask} may be null (no padding). */
    Tensor call(Tensor x, Tensor mask);

    /** Whether the output still has the time axis, so the mask applies to the next layer too. */
    boolean keepsTimeAxis();
}

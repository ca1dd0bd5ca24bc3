package dev.nabla.backend;

import dev.nabla.tensor.Tensor;

/**
 * The output of max pooling and, for each output element, the flat index (into the input) of the
 * element that was the maximum — what the backward pass routes the gradient to.
 */
public record PoolResult(Tensor output, int[] argmax) {
}

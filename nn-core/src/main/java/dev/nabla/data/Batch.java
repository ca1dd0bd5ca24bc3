package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * One mini-batch: inputs, targets and (optionally) a weight per sample.
 *
 * @param x             inputs, batch axis first
 * @param y             targets, batch axis first
 * @param sampleWeights weight of each sample, shape {@code (batch)}, or null
 */
public record Batch(Tensor x, Tensor y, Tensor sampleWeights) {
    /** Number of samples. */
    public int size() {
        return x.size(0);
    }
}

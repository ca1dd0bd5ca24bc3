package dev.nabla.gan;

import dev.nabla.tensor.Tensor;

import java.util.List;

/**
 * The values of some weights at one moment, to put back later: the trainer restores a network's
 * non-trainable weights (batch-norm moving statistics) after the phase that must not change it.
 */
final class StateSnapshot {
    private final List<Tensor> weights;
    private final float[][] values;

    private StateSnapshot(List<Tensor> weights) {
        this.weights = weights;
        this.values = new float[weights.size()][];
        for (int i = 0; i < weights.size(); i++) {
            values[i] = weights.get(i).toArray();
        }
    }

    /** Copies the current values of {@code weights}. */
    static StateSnapshot of(List<Tensor> weights) {
        return new StateSnapshot(weights);
    }

    /** Writes the copied values back into the same tensors. */
    void restore() {
        for (int i = 0; i < weights.size(); i++) {
            Tensor w = weights.get(i);
            if (!w.isContiguous()) {
                throw new IllegalStateException("GanTrainer: cannot restore a non-contiguous weight");
            }
            System.arraycopy(values[i], 0, w.storage(), w.offset(), values[i].length);
        }
    }
}

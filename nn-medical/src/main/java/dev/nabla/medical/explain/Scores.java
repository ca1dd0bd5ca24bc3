package dev.nabla.medical.explain;

import dev.nabla.tensor.Tensor;

/** Picking the explained score, {@code output[:, index]}, from a model output of shape (batch, classes). */
final class Scores {
    private Scores() {
    }

    static Tensor column(Tensor output, int index, String who) {
        if (output.rank() != 2) {
            throw new IllegalArgumentException(who + ": expected model output (batch, classes), got rank "
                    + output.rank());
        }
        if (index < 0 || index >= output.size(1)) {
            throw new IllegalArgumentException(who + ": class index " + index + " outside 0.." + (output.size(1) - 1));
        }
        return output.slice(1, index, index + 1).sum();
    }
}

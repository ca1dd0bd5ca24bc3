package dev.nabla.data.augment;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.random.RandomGenerator;

/** Argument checks shared by the augmentations. */
final class Images {
    private Images() {
    }

    /** The shape {@code (N, C, H, W)} of {@code batch}, after checking it is a rank-4 tensor. */
    static int[] nchw(String op, Tensor batch) {
        if (batch == null) {
            throw new IllegalArgumentException(op + ": the batch must not be null");
        }
        if (batch.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected a batch of images of shape (N, C, H, W), got shape "
                    + Shape.format(batch.shape()) + " (rank " + batch.rank() + ")");
        }
        return batch.shape();
    }

    static void rng(String op, RandomGenerator rng) {
        if (rng == null) {
            throw new IllegalArgumentException(op + ": the random generator must not be null");
        }
    }
}

package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;

import java.util.random.RandomGenerator;

/**
 * A random transformation of a batch of images. Given a batch of shape {@code (N, C, H, W)} it
 * returns a <em>new</em> tensor of the same shape in which each of the {@code N} samples has been
 * transformed with its own random draw from {@code rng} (all channels of a sample share the draw);
 * the input is left unchanged. The same generator state gives the same output.
 *
 * <p>Implementations: {@link RandomShift}, {@link RandomFlip}, {@link RandomRotation}, and
 * {@link Compose} to apply several in order. Set one on training with
 * {@code Fit.epochs(10).augmentation(new Compose(new RandomShift(2, 2), new RandomFlip(true, false)))};
 * {@code fit} applies it to each training batch only, never to validation or {@code evaluate}.
 */
@FunctionalInterface
public interface Augmentation {
    /**
     * The augmented batch.
     *
     * @param batch images, shape {@code (N, C, H, W)}
     * @param rng   the source of every random draw
     * @return a new tensor of the same shape (not part of any autograd graph)
     * @throws IllegalArgumentException if {@code batch} is not of rank 4, or either argument is null
     */
    Tensor apply(Tensor batch, RandomGenerator rng);
}

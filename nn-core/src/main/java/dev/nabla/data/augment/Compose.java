package dev.nabla.data.augment;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Several augmentations applied one after the other, in the order given, all drawing from the
 * same generator: {@code new Compose(a, b).apply(x, rng) = b.apply(a.apply(x, rng), rng)}.
 * With no steps it returns a copy of the batch.
 */
public final class Compose implements Augmentation {
    private final List<Augmentation> steps;

    /**
     * @param steps the augmentations, applied first to last
     * @throws IllegalArgumentException if the array or one of its elements is null
     */
    public Compose(Augmentation... steps) {
        if (steps == null) {
            throw new IllegalArgumentException("Compose: the list of augmentations must not be null");
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == null) {
                throw new IllegalArgumentException("Compose: augmentation " + i + " of " + steps.length + " is null");
            }
        }
        this.steps = List.of(steps);
    }

    /** The augmentations, in the order they are applied. */
    public List<Augmentation> steps() {
        return steps;
    }

    @Override
    public Tensor apply(Tensor batch, RandomGenerator rng) {
        int[] shape = Images.nchw("Compose", batch);
        Images.rng("Compose", rng);
        Tensor x = batch.copyData();
        for (Augmentation step : steps) {
            x = step.apply(x, rng);
            if (x == null || !Arrays.equals(x.shape(), shape)) {
                throw new IllegalStateException("Compose: " + step + " returned "
                        + (x == null ? "null" : "shape " + Shape.format(x.shape()))
                        + " for a batch of shape " + Shape.format(shape));
            }
        }
        return x;
    }

    @Override
    public String toString() {
        return steps.stream().map(String::valueOf).collect(Collectors.joining(", ", "Compose(", ")"));
    }
}

package dev.nabla.train;

import dev.nabla.data.Dataset;
import dev.nabla.data.augment.Augmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one {@code fit} call, fluent as Keras's keyword arguments:
 * {@code Fit.epochs(5).batchSize(64).validation(test).callbacks(new EarlyStopping("val_loss", 2))}.
 * Defaults: batch size 32, shuffled each epoch with seed 0, last short batch kept, progress shown.
 */
public final class Fit {
    private final int epochs;
    private int batchSize = 32;
    private Dataset validation;
    private boolean shuffle = true;
    private long seed;
    private boolean dropLast;
    private boolean verbose = true;
    private Augmentation augmentation;
    private BatchSampler batchSampler;
    private BatchGradients batchGradients;
    private final List<Callback> callbacks = new ArrayList<>();

    private Fit(int epochs) {
        this.epochs = epochs;
    }

    /** Train for this many passes over the data. */
    public static Fit epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("Fit: epochs must be ≥ 1, got " + epochs);
        }
        return new Fit(epochs);
    }

    /** Samples per gradient step (≥ 1); default 32, as Keras. */
    public Fit batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Fit: batch size must be ≥ 1, got " + size);
        }
        batchSize = size;
        return this;
    }

    /** Data evaluated after each epoch ({@code val_loss}, {@code val_accuracy}, …). */
    public Fit validation(Dataset data) {
        validation = data;
        return this;
    }

    /** Whether to reshuffle the training samples each epoch; default true. */
    public Fit shuffle(boolean on) {
        shuffle = on;
        return this;
    }

    /** Seed of the shuffling order and of the {@linkplain #augmentation augmentation} draws. */
    public Fit seed(long value) {
        seed = value;
        return this;
    }

    /** Leave out a final batch smaller than the batch size. */
    public Fit dropLast(boolean on) {
        dropLast = on;
        return this;
    }

    /** Print a progress line per epoch (and a live bar on a terminal). */
    public Fit verbose(boolean on) {
        verbose = on;
        return this;
    }

    /**
     * Transforms the inputs of every training batch (never validation or {@code evaluate} data)
     * with random draws from a generator seeded from {@link #seed}, separate from the shuffling
     * generator so the shuffling order is the same with or without augmentation; null turns it off.
     */
    public Fit augmentation(Augmentation value) {
        augmentation = value;
        return this;
    }

    /**
     * Draws each epoch's batches with {@code sampler} instead of consecutive shuffled batches (then
     * {@link #shuffle} and {@link #dropLast} are not used); null restores the default.
     */
    public Fit batchSampler(BatchSampler sampler) {
        batchSampler = sampler;
        return this;
    }

    /**
     * Computes each batch's gradients with {@code gradients} instead of the backward pass of the batch-mean
     * loss; the compiled optimizer still takes the step. Null restores the default.
     */
    public Fit batchGradients(BatchGradients gradients) {
        batchGradients = gradients;
        return this;
    }

    /** Adds callbacks, called in the order given (the progress bar of {@link #verbose} comes last). */
    public Fit callbacks(Callback... list) {
        callbacks.addAll(List.of(list));
        return this;
    }

    /** The number of epochs to train. */
    public int epochs() {
        return epochs;
    }

    /** Samples per gradient step. */
    public int batchSize() {
        return batchSize;
    }

    /** The validation data, or null. */
    public Dataset validation() {
        return validation;
    }

    /** Whether the training samples are reshuffled each epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The seed of the shuffling order and augmentation draws (default 0). */
    public long seed() {
        return seed;
    }

    /** Whether a final batch smaller than the batch size is left out (default false). */
    public boolean dropLast() {
        return dropLast;
    }

    /** Whether progress is printed (default true). */
    public boolean verbose() {
        return verbose;
    }

    /** The augmentation of training inputs, or null. */
    public Augmentation augmentation() {
        return augmentation;
    }

    /** The batch sampler, or null for consecutive (shuffled) batches. */
    public BatchSampler batchSampler() {
        return batchSampler;
    }

    /** The per-batch gradient computation, or null for the backward pass of the batch-mean loss. */
    public BatchGradients batchGradients() {
        return batchGradients;
    }

    /** The callbacks given so far, in order (an unmodifiable copy). */
    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}

package dev.nabla.train;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses which training examples form each batch of one {@code fit} epoch, in place of {@code fit}'s
 * default (the data in consecutive batches of {@link Fit#batchSize}, reshuffled each epoch). Set with
 * {@link Fit#batchSampler}; with one set, {@link Fit#shuffle} and {@link Fit#dropLast} are not used.
 *
 * <p>Use it when the training algorithm prescribes the sampling, e.g. Poisson sampling for differentially
 * private SGD (each example joins each batch independently), where batch sizes vary and a batch may be
 * empty.
 */
public interface BatchSampler {
    /** The number of batches {@link #epoch} returns for {@code n} examples (the progress bar's total). */
    int batchCount(int n, int batchSize);

    /**
     * The example indices of each batch of one epoch, in order. {@code rng} is {@code fit}'s generator for
     * this epoch, derived from {@link Fit#seed} and the epoch number, so runs are reproducible and a
     * resumed fit continues the same sequence. A batch may be empty.
     */
    List<int[]> epoch(int n, int batchSize, RandomGenerator rng);
}

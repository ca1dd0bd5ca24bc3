package dev.nabla.medical.privacy;

import dev.nabla.train.BatchSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How DP-SGD draws its batches from {@code n} examples with rate {@code q = batchSize / n}:
 * <ul>
 *   <li>{@link #POISSON}: every example joins each batch independently with probability {@code q} (batch
 *       sizes vary around {@code q·n}); this is the sampling the RDP analysis of the sampled Gaussian
 *       mechanism assumes.</li>
 *   <li>{@link #FIXED_SIZE}: every batch is an independent, uniformly random subset of exactly {@code batchSize}
 *       examples (sampling without replacement within a batch; an example may appear in several batches of an
 *       epoch, or in none). This is what the sampling-without-replacement analysis of
 *       {@link RdpAccountant#computeRdpWithoutReplacement} (replace-one neighbours) assumes; a shuffle cut into
 *       disjoint batches would not be covered by it.</li>
 * </ul>
 * Both give {@code ⌊n / batchSize⌋} batches per epoch. As a {@link BatchSampler} it draws the batches of
 * {@code Model.fit} (see {@link DpFit}).
 */
public enum Sampling implements BatchSampler {
    POISSON,
    FIXED_SIZE;

    /** {@code ⌊n / batchSize⌋}, the number of batches {@link #epoch} draws. */
    @Override
    public int batchCount(int n, int batchSize) {
        return batchSize < 1 ? 0 : n / batchSize;
    }

    /**
     * The sampling named {@code poisson} or {@code fixed} (also {@code fixed_size}, {@code fixed-size}, {@code wor};
     * any case), as command lines spell it.
     */
    public static Sampling parse(String name) {
        String k = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (k) {
            case "poisson":
                return POISSON;
            case "fixed":
            case "fixed_size":
            case "fixed-size":
            case "wor":
                return FIXED_SIZE;
            default:
                throw new IllegalArgumentException("Sampling: expected 'poisson' or 'fixed', got '" + name + "'");
        }
    }

    /** The index lists of one epoch's batches ({@code ⌊n / batchSize⌋} batches for both kinds), each sorted. */
    @Override
    public List<int[]> epoch(int n, int batchSize, RandomGenerator rng) {
        if (n < 1 || batchSize < 1 || batchSize > n) {
            throw new IllegalArgumentException("Sampling: need 1 ≤ batch size ≤ n, got batch " + batchSize + " of "
                    + n + " examples");
        }
        int steps = n / batchSize;
        List<int[]> batches = new ArrayList<>(steps);
        if (this == POISSON) {
            double q = (double) batchSize / n;
            int[] buf = new int[n];
            for (int s = 0; s < steps; s++) {
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (rng.nextDouble() < q) {
                        buf[k++] = i;
                    }
                }
                batches.add(java.util.Arrays.copyOf(buf, k));
            }
        } else {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int s = 0; s < steps; s++) {
                // Partial Fisher–Yates: the first batchSize entries become a uniform random subset, whatever
                // order perm was left in by the previous batch.
                for (int k = 0; k < batchSize; k++) {
                    int j = k + rng.nextInt(n - k);
                    int t = perm[k];
                    perm[k] = perm[j];
                    perm[j] = t;
                }
                int[] batch = java.util.Arrays.copyOf(perm, batchSize);
                java.util.Arrays.sort(batch);
                batches.add(batch);
            }
        }
        return batches;
    }
}

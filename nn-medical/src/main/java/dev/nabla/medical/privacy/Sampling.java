package dev.nabla.medical.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How DP-SGD draws its batches from {@code n} examples with rate {@code q = batchSize / n}:
 * <ul>
 *   <li>{@link #POISSON}: every example joins each batch independently with probability {@code q} (batch
 *       sizes vary around {@code q·n}); this is the sampling the RDP analysis of the sampled Gaussian
 *       mechanism assumes.</li>
 *   <li>{@link #FIXED_SIZE}: a fresh shuffle per epoch cut into batches of exactly {@code batchSize} (the last
 *       partial batch is dropped). Accounting it with the Poisson analysis is the common approximation of
 *       TF Privacy's tutorials and Abadi et al.; it is not a formal guarantee for shuffling.</li>
 * </ul>
 */
public enum Sampling {
    POISSON,
    FIXED_SIZE;

    /** The index lists of one epoch's batches ({@code ⌊n / batchSize⌋} batches for both kinds). */
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
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int s = 0; s < steps; s++) {
                batches.add(java.util.Arrays.copyOfRange(perm, s * batchSize, (s + 1) * batchSize));
            }
        }
        return batches;
    }
}

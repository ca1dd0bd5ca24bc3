package dev.nabla.medical.privacy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingTest {
    @Test
    void fixedSizeBatchesAreIndependentUniformSubsetsOfExactSize() {
        List<int[]> batches = Sampling.FIXED_SIZE.epoch(103, 10, new SplittableRandom(1));
        assertEquals(10, batches.size());
        for (int[] b : batches) {
            assertEquals(10, b.length);
            for (int k = 1; k < b.length; k++) {
                assertTrue(b[k - 1] < b[k], "batch not a set of distinct sorted indices");
            }
        }
        // Independent draws (not a shuffle cut into disjoint batches): over 200 epochs of 10 batches each example
        // is drawn Binomial(2000, 10/103) times, mean 194.2, sd 13.2; and some epoch repeats an example.
        int[] counts = new int[103];
        int epochsWithRepeat = 0;
        for (int e = 0; e < 200; e++) {
            int[] inEpoch = new int[103];
            boolean repeat = false;
            for (int[] b : Sampling.FIXED_SIZE.epoch(103, 10, new SplittableRandom(1000 + e))) {
                for (int i : b) {
                    counts[i]++;
                    repeat |= ++inEpoch[i] > 1;
                }
            }
            epochsWithRepeat += repeat ? 1 : 0;
        }
        for (int c : counts) {
            assertTrue(c > 194 - 70 && c < 194 + 70, "count " + c);
        }
        // P(no repeat in an epoch) = P(10 disjoint draws) is tiny, so nearly every epoch repeats an example.
        assertTrue(epochsWithRepeat > 190, "epochs with a repeated example: " + epochsWithRepeat);
    }

    @Test
    void poissonBatchesHaveTheExpectedSizeAndIndependentMembership() {
        int n = 1000;
        int batch = 50; // q = 0.05
        List<int[]> batches = Sampling.POISSON.epoch(n, batch, new SplittableRandom(2));
        assertEquals(20, batches.size());
        long total = 0;
        int[] counts = new int[n];
        for (int r = 0; r < 50; r++) {
            for (int[] b : Sampling.POISSON.epoch(n, batch, new SplittableRandom(100 + r))) {
                total += b.length;
                for (int i : b) {
                    counts[i]++;
                }
            }
        }
        // 1000 batches: mean size q·n = 50 with standard error sqrt(n·q·(1−q)/1000) ≈ 0.22.
        assertEquals(50.0, total / 1000.0, 1.0);
        // Each example joins Binomial(1000, 0.05) batches: mean 50, sd ≈ 6.9; none should be far off.
        for (int c : counts) {
            assertTrue(c > 15 && c < 90, "count " + c);
        }
        assertThrows(IllegalArgumentException.class, () -> Sampling.POISSON.epoch(10, 11, new SplittableRandom(0)));
    }
}

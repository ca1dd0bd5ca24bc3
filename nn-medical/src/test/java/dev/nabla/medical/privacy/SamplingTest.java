package dev.nabla.medical.privacy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingTest {
    @Test
    void fixedSizeBatchesCoverEachExampleAtMostOncePerEpoch() {
        List<int[]> batches = Sampling.FIXED_SIZE.epoch(103, 10, new SplittableRandom(1));
        assertEquals(10, batches.size());
        boolean[] seen = new boolean[103];
        for (int[] b : batches) {
            assertEquals(10, b.length);
            for (int i : b) {
                assertTrue(!seen[i], "example " + i + " drawn twice");
                seen[i] = true;
            }
        }
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

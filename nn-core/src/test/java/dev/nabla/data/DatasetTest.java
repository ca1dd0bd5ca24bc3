package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {
    /**
     * {@code n} samples where every value identifies its sample: x row i = (i, i + 0.5),
     * y row i = 10·i, weight i = 100·i + 1.
     */
    private static Dataset numbered(int n, boolean weights) {
        float[] x = new float[2 * n];
        float[] y = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i + 0.5f;
            y[i] = 10 * i;
            w[i] = 100 * i + 1;
        }
        return weights ? Dataset.of(Tensor.wrap(x, n, 2), Tensor.wrap(y, n, 1), Tensor.wrap(w, n))
                : Dataset.of(Tensor.wrap(x, n, 2), Tensor.wrap(y, n, 1));
    }

    /** The sample ids (x[:, 0]) of each batch, in iteration order. */
    private static List<int[]> ids(Iterable<Batch> batches) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : batches) {
            float[] x = b.x().toArray();
            int[] ids = new int[b.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (int) x[2 * i];
            }
            out.add(ids);
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void ofRejectsMismatchedCountsNamingBothCountsAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(5, 3), Tensor.zeros(4, 2)));
        String m = e.getMessage();
        assertTrue(m.contains("5 input samples") && m.contains("4 targets"), m);
        assertTrue(m.contains("[5, 3]") && m.contains("[4, 2]"), m);
    }

    @Test
    void ofRejectsScalarsNullsAndBadSampleWeights() {
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.scalar(1), Tensor.zeros(1)));
        assertTrue(scalar.getMessage().contains("[]") && scalar.getMessage().contains("[1]"), scalar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(null, Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(Tensor.zeros(1), null));

        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(4, 2), Tensor.zeros(4), Tensor.ones(3)));
        assertTrue(count.getMessage().contains("[4]") && count.getMessage().contains("[3]"), count.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(4, 2), Tensor.zeros(4), Tensor.ones(4, 1)));
        assertTrue(rank.getMessage().contains("[4, 1]"), rank.getMessage());
    }

    @Test
    void accessorsExposeTheDataAndDetachedCopiesOfGradTensors() {
        Tensor x = Tensor.ones(3, 2).requiresGrad(true);
        Dataset d = Dataset.of(x, Tensor.zeros(3));
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {3, 2}, d.x().shape());
        assertFalse(d.x().requiresGrad(), "the dataset must not keep inputs in the autograd graph");
        assertNull(d.sampleWeights());
    }

    @Test
    void batchesKeepTheLastShortBatchUnlessDropLast() {
        Dataset d = numbered(10, false);
        List<int[]> kept = ids(d.batches(4, null, false));
        assertEquals(3, kept.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, kept.get(0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, kept.get(1));
        assertArrayEquals(new int[] {8, 9}, kept.get(2));
        assertEquals(3, d.batchCount(4, false));

        List<int[]> dropped = ids(d.batches(4, null, true));
        assertEquals(2, dropped.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, flat(dropped));
        assertEquals(2, d.batchCount(4, true));

        // Exact multiple: dropLast changes nothing.
        assertEquals(2, ids(numbered(8, false).batches(4, null, true)).size());
        assertEquals(2, ids(numbered(8, false).batches(4, null, false)).size());
        // Batch larger than the data: one short batch, or none with dropLast.
        assertEquals(1, ids(d.batches(32, null, false)).size());
        assertEquals(0, ids(d.batches(32, null, true)).size());
        assertEquals(0, d.batchCount(32, true));
    }

    @Test
    void batchShapesFollowTheData() {
        Dataset d = Dataset.of(Tensor.zeros(7, 1, 3, 3), Tensor.zeros(7, 4));
        List<int[]> shapes = new ArrayList<>();
        for (Batch b : d.batches(3, new SplittableRandom(1), false)) {
            shapes.add(b.x().shape());
            assertArrayEquals(new int[] {b.size(), 4}, b.y().shape());
            assertNull(b.sampleWeights());
        }
        assertEquals(3, shapes.size());
        assertArrayEquals(new int[] {3, 1, 3, 3}, shapes.get(0));
        assertArrayEquals(new int[] {1, 1, 3, 3}, shapes.get(2));
    }

    @Test
    void rejectsBatchSizeBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> numbered(3, false).batches(0, null, false));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void theIteratorEndsWithNoSuchElement() {
        var it = numbered(2, false).batches(2, null, false).iterator();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void shufflingIsReproducibleBySeedAndDiffersBetweenSeeds() {
        Dataset d = numbered(50, false);
        int[] a = flat(ids(d.batches(8, new SplittableRandom(42), false)));
        int[] b = flat(ids(d.batches(8, new SplittableRandom(42), false)));
        int[] c = flat(ids(d.batches(8, new SplittableRandom(43), false)));
        int[] plain = flat(ids(d.batches(8, null, false)));
        assertArrayEquals(a, b, "the same seed must give the same order");
        assertFalse(Arrays.equals(a, c), "another seed should give another order");
        assertFalse(Arrays.equals(a, plain), "a shuffled order should differ from the identity");
        int[] identity = new int[50];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, plain);
    }

    @Test
    void successiveEpochsFromOneGeneratorGetNewOrders() {
        Dataset d = numbered(30, false);
        SplittableRandom rng = new SplittableRandom(7);
        int[] first = flat(ids(d.batches(30, rng, false)));
        int[] second = flat(ids(d.batches(30, rng, false)));
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void everySampleAppearsExactlyOncePerEpoch() {
        Dataset d = numbered(37, false);
        for (long seed = 0; seed < 5; seed++) {
            int[] order = flat(ids(d.batches(5, new SplittableRandom(seed), false)));
            assertEquals(37, order.length);
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 37; i++) {
                assertEquals(i, sorted[i], "seed " + seed + ": " + Arrays.toString(order));
            }
            // With dropLast: 35 distinct samples, none twice.
            int[] dropped = flat(ids(d.batches(5, new SplittableRandom(seed), true)));
            assertEquals(35, dropped.length);
            assertEquals(35, Arrays.stream(dropped).distinct().count());
        }
    }

    @Test
    void targetsAndSampleWeightsTravelWithTheirSamples() {
        Dataset d = numbered(23, true);
        int seen = 0;
        for (Batch b : d.batches(4, new SplittableRandom(3), false)) {
            float[] x = b.x().toArray();
            float[] y = b.y().toArray();
            float[] w = b.sampleWeights().toArray();
            assertArrayEquals(new int[] {b.size()}, b.sampleWeights().shape());
            for (int i = 0; i < b.size(); i++) {
                float id = x[2 * i];
                assertEquals(id + 0.5f, x[2 * i + 1]);
                assertEquals(10 * id, y[i]);
                assertEquals(100 * id + 1, w[i]);
            }
            seen += b.size();
        }
        assertEquals(23, seen);
        // And unshuffled.
        Batch first = d.batches(23, null, false).iterator().next();
        assertEquals(100 * 22 + 1, first.sampleWeights().toArray()[22]);
    }

    @Test
    void sliceIsAViewOfTheRangeWithItsWeights() {
        Dataset d = numbered(10, true);
        Dataset s = d.slice(3, 7);
        assertEquals(4, s.size());
        assertArrayEquals(new float[] {3, 3.5f, 4, 4.5f, 5, 5.5f, 6, 6.5f}, s.x().toArray());
        assertArrayEquals(new float[] {30, 40, 50, 60}, s.y().toArray());
        assertArrayEquals(new float[] {301, 401, 501, 601}, s.sampleWeights().toArray());
        // A slice of a slice, batched with and without shuffling, still reads the right rows.
        Dataset ss = s.slice(1, 3);
        assertArrayEquals(new float[] {40, 50}, ss.y().toArray());
        int[] order = flat(ids(s.batches(3, new SplittableRandom(5), false)));
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {3, 4, 5, 6}, sorted);
        for (Batch b : s.batches(3, new SplittableRandom(5), false)) {
            float[] x = b.x().toArray();
            float[] w = b.sampleWeights().toArray();
            for (int i = 0; i < b.size(); i++) {
                assertEquals(100 * x[2 * i] + 1, w[i]);
            }
        }
        assertArrayEquals(new int[] {3, 4, 5}, ids(s.batches(3, null, false)).get(0));
        assertThrows(IllegalArgumentException.class, () -> d.slice(5, 11));
        assertNotEquals(d.size(), s.size());
    }
}

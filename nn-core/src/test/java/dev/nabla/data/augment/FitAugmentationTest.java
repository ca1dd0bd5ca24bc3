package dev.nabla.data.augment;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Fit.augmentation}: applied by {@code fit} to training batches only, seeded from {@code Fit.seed}. */
class FitAugmentationTest {
    /** Returns a copy of its input and records the call: the input's shape and values, and one draw. */
    private static final class Recorder implements Augmentation {
        final List<int[]> shapes = new ArrayList<>();
        final List<float[]> inputs = new ArrayList<>();
        final List<Long> draws = new ArrayList<>();

        @Override
        public Tensor apply(Tensor batch, RandomGenerator rng) {
            shapes.add(batch.shape());
            inputs.add(batch.toArray());
            draws.add(rng.nextLong());
            return batch.copyData();
        }
    }

    /** {@code n} images of shape (1, 2, 2) whose values all equal {@code sign·(i + 1)} for sample i; y = i. */
    private static Dataset images(int n, float sign) {
        float[] x = new float[n * 4];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(x, 4 * i, 4 * i + 4, sign * (i + 1));
            y[i] = 0.1f * i;
        }
        return Dataset.of(Tensor.wrap(x, n, 1, 2, 2), Tensor.wrap(y, n, 1));
    }

    private static Sequential model() {
        Sequential model = new Sequential(new Flatten(), new Dense(1));
        model.seed(1);   // every instance starts from the same weights
        model.compile(new SGD(0.01), Losses.meanSquaredError());
        model.build(1, 2, 2);
        return model;
    }

    private static Map<String, float[]> weights(Sequential model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.namedWeights().forEach((k, v) -> out.put(k, v.toArray()));
        return out;
    }

    /** Same weight values in the same order (layer names differ between model instances). */
    private static void assertSameWeights(Map<String, float[]> a, Map<String, float[]> b) {
        List<float[]> x = new ArrayList<>(a.values());
        List<float[]> y = new ArrayList<>(b.values());
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            assertArrayEquals(x.get(i), y.get(i), "weight " + i + " (" + List.copyOf(a.keySet()).get(i) + ")");
        }
    }

    @Test
    void offByDefault() {
        assertNull(Fit.epochs(1).augmentation());
        Augmentation a = new RandomFlip(true, false);
        assertEquals(a, Fit.epochs(1).augmentation(a).augmentation());
    }

    @Test
    void appliedToEachTrainingBatchOnlyNeverToValidationOrEvaluate() {
        Sequential model = model();
        Dataset train = images(10, 1);      // positive values
        Dataset validation = images(5, -1); // negative values
        Recorder recorder = new Recorder();
        model.fit(train, Fit.epochs(2).batchSize(4).validation(validation).verbose(false).augmentation(recorder));
        assertEquals(6, recorder.shapes.size(), "2 epochs × 3 batches");
        int[] sizes = recorder.shapes.stream().mapToInt(s -> s[0]).toArray();
        assertArrayEquals(new int[] {4, 4, 2, 4, 4, 2}, sizes);
        for (int[] s : recorder.shapes) {
            assertArrayEquals(new int[] {1, 2, 2}, Arrays.copyOfRange(s, 1, 4));
        }
        for (float[] in : recorder.inputs) {
            for (float v : in) {
                assertTrue(v > 0, "only training samples (positive) reach the augmentation, got " + v);
            }
        }
        model.evaluate(train);
        model.evaluate(validation, 2);
        model.predict(train.x());
        assertEquals(6, recorder.shapes.size(), "evaluate and predict never augment");
    }

    @Test
    void theAugmentedInputsAreWhatTheModelTrainsOn() {
        // Zeroed inputs give the kernel no gradient: only the bias learns.
        Sequential augmented = model();
        Map<String, float[]> before = weights(augmented);
        augmented.fit(images(8, 1), Fit.epochs(2).batchSize(4).verbose(false)
                .augmentation((x, rng) -> Tensor.zeros(x.shape())));
        Map<String, float[]> after = weights(augmented);
        Sequential plain = model();
        plain.fit(images(8, 1), Fit.epochs(2).batchSize(4).verbose(false));
        List<float[]> trained = new ArrayList<>(weights(plain).values());
        int i = 0;
        for (String name : before.keySet()) {
            if (name.endsWith("kernel")) {
                assertArrayEquals(before.get(name), after.get(name), "zero inputs leave " + name + " unchanged");
                assertFalse(Arrays.equals(before.get(name), trained.get(i)), "real inputs change " + name);
            } else {
                assertFalse(Arrays.equals(before.get(name), after.get(name)), name + " still learns");
            }
            i++;
        }
        assertTrue(before.keySet().stream().anyMatch(n -> n.endsWith("kernel")), "names: " + before.keySet());
    }

    @Test
    void shufflingOrderIsTheSameWithAndWithoutAugmentation() {
        Dataset train = images(10, 1);
        Recorder recorder = new Recorder();
        Sequential withAug = model();
        withAug.fit(train, Fit.epochs(3).batchSize(4).seed(17).verbose(false).augmentation(recorder));
        Sequential without = model();
        without.fit(train, Fit.epochs(3).batchSize(4).seed(17).verbose(false));
        // An identity augmentation that consumes random draws changes nothing about training.
        assertSameWeights(weights(without), weights(withAug));
        // And the batches it saw are those of the plain shuffling generator: one per epoch, seeded
        // with seed + epoch · 0x9E3779B97F4A7C15 (the Trainer's rule).
        List<float[]> expected = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            SplittableRandom shuffle = new SplittableRandom(17 + epoch * 0x9E3779B97F4A7C15L);
            train.batches(4, shuffle, false).forEach(b -> expected.add(b.x().toArray()));
        }
        assertEquals(expected.size(), recorder.inputs.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), recorder.inputs.get(i), "batch " + i);
        }
    }

    @Test
    void theGeneratorIsSeededFromFitSeedAndSeparateFromShuffling() {
        List<List<Long>> runs = new ArrayList<>();
        for (long seed : new long[] {5, 5, 6}) {
            Recorder recorder = new Recorder();
            model().fit(images(8, 1), Fit.epochs(2).batchSize(4).seed(seed).verbose(false).augmentation(recorder));
            runs.add(recorder.draws);
        }
        assertEquals(runs.get(0), runs.get(1), "same seed, same draws");
        assertNotEquals(runs.get(0), runs.get(2), "another seed, other draws");
        assertEquals(4, runs.get(0).size());
        // Not the shuffling stream itself.
        SplittableRandom shuffleStream = new SplittableRandom(5);
        assertNotEquals(shuffleStream.nextLong(), runs.get(0).get(0));
        // Also used, and still seeded, when shuffling is off.
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        model().fit(images(8, 1), Fit.epochs(1).batchSize(4).shuffle(false).seed(5).verbose(false).augmentation(a));
        model().fit(images(8, 1), Fit.epochs(1).batchSize(4).shuffle(false).seed(5).verbose(false).augmentation(b));
        assertEquals(a.draws, b.draws);
        assertEquals(2, a.draws.size());
    }

    @Test
    void aRealAugmentationTrainsReproduciblyForAFixedSeed() {
        SplittableRandom rng = new SplittableRandom(0);
        Dataset train = Dataset.of(Tensor.randn(rng, 12, 1, 4, 4), Tensor.randn(rng, 12, 1));
        Augmentation aug = new Compose(new RandomShift(1, 1), new RandomFlip(true, true), new RandomRotation(10));
        List<Map<String, float[]>> results = new ArrayList<>();
        for (long seed : new long[] {3, 3, 4}) {
            Sequential m = new Sequential(new Flatten(), new Dense(1));
            m.seed(1);
            m.compile(new SGD(0.01), Losses.meanSquaredError());
            m.build(1, 4, 4);
            m.fit(train, Fit.epochs(2).batchSize(5).seed(seed).verbose(false).augmentation(aug));
            results.add(weights(m));
        }
        assertSameWeights(results.get(0), results.get(1));
        List<float[]> first = new ArrayList<>(results.get(0).values());
        List<float[]> other = new ArrayList<>(results.get(2).values());
        boolean differs = false;
        for (int i = 0; i < first.size(); i++) {
            differs |= !Arrays.equals(first.get(i), other.get(i));
        }
        assertTrue(differs, "another seed gives another run");
    }

    @Test
    void anAugmentationThatChangesTheShapeStopsFitWithAClearError() {
        Augmentation crop = (x, rng) -> x.slice(3, 0, 1).copyData();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model().fit(images(4, 1), Fit.epochs(1).batchSize(4).verbose(false).augmentation(crop)));
        assertTrue(e.getMessage().contains("augmentation") && e.getMessage().contains("[4, 1, 2, 2]")
                && e.getMessage().contains("[4, 1, 2, 1]"), e.getMessage());
    }
}

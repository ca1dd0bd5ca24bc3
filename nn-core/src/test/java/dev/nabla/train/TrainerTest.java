package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.data.Dataset;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static Sequential compiledClassifier() {
        Sequential model = Fixtures.classifier();
        model.compile(new SGD(0.1), Losses.categoricalCrossentropy(), Metrics.accuracy());
        model.build(2);
        Fixtures.fill(model, 0f);
        // Distinct weights so predictions vary by sample.
        Tensor kernel = model.namedWeights().values().iterator().next();
        float[] k = {0.9f, -0.4f, 0.3f, 0.2f, 0.7f, -0.8f};
        System.arraycopy(k, 0, kernel.storage(), kernel.offset(), 6);
        return model;
    }

    // ------------------------------------------------------------------ evaluate

    @Test
    void evaluateIsTheBatchSizeWeightedMeanOfBatchLosses() {
        Sequential model = compiledClassifier();
        Dataset data = Fixtures.classification(10, 8);
        Loss loss = model.loss();
        // By hand: batches of 3, 3, 3, 1, each batch's mean loss weighted by its size.
        double sum = 0;
        for (int from = 0; from < 10; from += 3) {
            int to = Math.min(from + 3, 10);
            Tensor p = model.predict(data.x().slice(0, from, to));
            sum += (double) loss.compute(p, data.y().slice(0, from, to).contiguous()).item() * (to - from);
        }
        Map<String, Double> logs = model.evaluate(data, 3);
        assertEquals(List.of("loss", "accuracy"), List.copyOf(logs.keySet()));
        assertEquals(sum / 10, logs.get("loss"), 1e-6);
        // And whatever the batch size, it is the mean loss over all samples.
        double whole = loss.compute(model.predict(data.x()), data.y()).item();
        for (int batch : new int[] {1, 2, 3, 4, 7, 10, 256}) {
            assertEquals(whole, model.evaluate(data, batch).get("loss"), 1e-6, "batch size " + batch);
        }
        // Accuracy by hand.
        float[] p = model.predict(data.x()).toArray();
        float[] y = data.y().toArray();
        int correct = 0;
        for (int i = 0; i < 10; i++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (p[3 * i + c] > p[3 * i + best]) {
                    best = c;
                }
            }
            correct += y[3 * i + best] == 1 ? 1 : 0;
        }
        assertTrue(correct > 0 && correct < 10, "a non-trivial accuracy: " + correct);
        for (int batch : new int[] {1, 3, 10}) {
            assertEquals(correct / 10.0, model.evaluate(data, batch).get("accuracy"), 1e-9);
        }
    }

    @Test
    void evaluateWithSampleWeightsIsTheWeightedSumOverTheSampleCount() {
        Sequential model = compiledClassifier();
        Dataset plain = Fixtures.classification(9, 9);
        float[] w = {0, 1, 2, 0.5f, 1, 3, 0, 1, 1};
        Dataset weighted = Dataset.of(plain.x(), plain.y(), Tensor.of(w, 9));
        Tensor p = model.predict(plain.x());
        // Σ w_i l_i / n, with the per-sample losses l_i taken one sample at a time.
        double expected = 0;
        for (int i = 0; i < 9; i++) {
            expected += w[i] * model.loss().compute(p.slice(0, i, i + 1), plain.y().slice(0, i, i + 1)).item();
        }
        expected /= 9;
        for (int batch : new int[] {1, 2, 4, 9}) {
            assertEquals(expected, model.evaluate(weighted, batch).get("loss"), 1e-6, "batch size " + batch);
        }
        assertTrue(Math.abs(expected - model.evaluate(plain, 4).get("loss")) > 1e-3, "weights must matter");
    }

    @Test
    void evaluateChangesNoWeightsAndKeepsTheTrainingFlag() {
        Sequential model = compiledClassifier();
        float[] before = Fixtures.flat(model);
        model.setTraining(true);
        model.evaluate(Fixtures.classification(5, 1), 2);
        assertTrue(model.isTraining());
        assertArrayEquals(before, Fixtures.flat(model));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.evaluate(Dataset.of(Tensor.zeros(0, 2), Tensor.zeros(0, 3)), 4));
        assertTrue(e.getMessage().contains("no data"), e.getMessage());
    }

    // ------------------------------------------------------------------ fit

    @Test
    void withLearningRateZeroTheTrainingLossEqualsEvaluate() {
        Sequential model = compiledClassifier();
        model.compile(new SGD(0.0), Losses.categoricalCrossentropy(), Metrics.accuracy());
        Dataset data = Fixtures.classification(11, 2);
        History h = model.fit(data, Fit.epochs(2).batchSize(4).verbose(false));
        Map<String, Double> eval = model.evaluate(data, 5);
        assertEquals(eval.get("loss"), h.get("loss").get(0), 1e-6);
        assertEquals(eval.get("loss"), h.get("loss").get(1), 1e-6);
        assertEquals(eval.get("accuracy"), h.get("accuracy").get(1), 1e-9);
    }

    @Test
    void validationMetricsArePrefixedAndMatchEvaluate() {
        Sequential model = compiledClassifier();
        Dataset val = Fixtures.classification(7, 3);
        History h = model.fit(Fixtures.classification(12, 4), Fit.epochs(3).batchSize(5).validation(val).verbose(false));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.names());
        assertEquals(3, h.epochs());
        Map<String, Double> eval = model.evaluate(val, 5);
        assertEquals(eval.get("loss"), h.last("val_loss"), 0.0);
        assertEquals(eval.get("accuracy"), h.last("val_accuracy"), 0.0);
        assertTrue(h.last("loss") < h.get("loss").get(0), "training should lower the loss: " + h);
    }

    @Test
    void callbacksAreCalledInKerasOrderWithRunningBatchLogs() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.05), Losses.meanSquaredError());
        List<String> events = new ArrayList<>();
        List<Double> running = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onTrainBegin(Model m) {
                events.add("train_begin");
            }

            @Override
            public void onEpochBegin(Model m, int epoch) {
                events.add("epoch_begin " + epoch);
            }

            @Override
            public void onBatchEnd(Model m, int batch, Map<String, Double> logs) {
                events.add("batch " + batch);
                running.add(logs.get("loss"));
            }

            @Override
            public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) {
                events.add("epoch_end " + epoch);
            }

            @Override
            public void onTrainEnd(Model m) {
                events.add("train_end");
            }
        };
        History h = model.fit(Fixtures.regression(10, 5), Fit.epochs(2).batchSize(4).verbose(false).callbacks(recorder));
        assertEquals(List.of("train_begin", "epoch_begin 0", "batch 0", "batch 1", "batch 2", "epoch_end 0",
                "epoch_begin 1", "batch 0", "batch 1", "batch 2", "epoch_end 1", "train_end"), events);
        // The running loss after the last batch is the epoch's loss.
        assertEquals(h.get("loss").get(0), running.get(2), 0.0);
        assertEquals(h.get("loss").get(1), running.get(5), 0.0);
    }

    @Test
    void anUnbuiltModelTrainsFromTheFirstBatch() {
        Dataset data = Fixtures.regression(6, 7);
        Sequential lazy = Fixtures.linear();
        Sequential eager = Fixtures.linear();
        eager.build(2);
        float[] initial = Fixtures.flat(eager);
        lazy.compile(new SGD(0.1), Losses.meanSquaredError());
        eager.compile(new SGD(0.1), Losses.meanSquaredError());
        Fit fit = Fit.epochs(1).batchSize(2).shuffle(false).verbose(false);
        lazy.fit(data, fit);
        eager.fit(data, fit);
        assertFalse(Arrays.equals(initial, Fixtures.flat(eager)));
        assertArrayEquals(Fixtures.flat(eager), Fixtures.flat(lazy),
                "a model built by its first batch must be updated in epoch 1 like a pre-built one");
        // And the gradients do not pile up: a second epoch still matches.
        lazy.fit(data, fit);
        eager.fit(data, fit);
        assertArrayEquals(Fixtures.flat(eager), Fixtures.flat(lazy));
    }

    @Test
    void aSeedMakesShuffledTrainingReproducible() {
        Dataset data = Fixtures.regression(20, 3);
        float[][] results = new float[3][];
        long[] seeds = {5, 5, 6};
        for (int i = 0; i < 3; i++) {
            Sequential model = Fixtures.linear();
            model.compile(new SGD(0.1), Losses.meanSquaredError());
            model.fit(data, Fit.epochs(2).batchSize(3).seed(seeds[i]).verbose(false));
            results[i] = Fixtures.flat(model);
        }
        assertArrayEquals(results[0], results[1]);
        assertFalse(Arrays.equals(results[0], results[2]), "another seed, another order, other weights");
    }

    @Test
    void dropLastLeavesOutTheShortBatchAndAnEmptyRunIsRefused() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.1), Losses.meanSquaredError());
        List<Integer> sizes = new ArrayList<>();
        Dataset data = Fixtures.regression(10, 1);
        model.fit(data, Fit.epochs(1).batchSize(4).dropLast(true).verbose(false).callbacks(new Callback() {
            @Override
            public void onBatchEnd(Model m, int batch, Map<String, Double> logs) {
                sizes.add(batch);
            }
        }));
        assertEquals(List.of(0, 1), sizes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(data, Fit.epochs(1).batchSize(16).dropLast(true).verbose(false)));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.fit(null, Fit.epochs(1)));
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(0));
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).batchSize(0));
    }

    // ------------------------------------------------------------------ sample weights

    private static Dataset weighted(Dataset data, float[] weights) {
        return Dataset.of(data.x(), data.y(), Tensor.of(weights, weights.length));
    }

    /** The data without sample {@code k}. */
    private static Dataset without(Dataset data, int k) {
        int n = data.size();
        int[] keep = new int[n - 1];
        for (int i = 0, j = 0; i < n; i++) {
            if (i != k) {
                keep[j++] = i;
            }
        }
        return Dataset.of(dev.nabla.ops.Ops.indexSelect(data.x(), 0, keep),
                dev.nabla.ops.Ops.indexSelect(data.y(), 0, keep));
    }

    private static float[] train(Dataset data, double lr, int batchSize, int epochs) {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(lr), Losses.meanSquaredError());
        model.fit(data, Fit.epochs(epochs).batchSize(batchSize).shuffle(false).verbose(false));
        return Fixtures.flat(model);
    }

    @Test
    void aZeroWeightSampleHasNoInfluenceBatchByBatch() {
        Dataset data = Fixtures.regression(6, 11);
        float[] w = {1, 1, 0, 1, 1, 1};
        // Batches of one: the zero-weight batch contributes a zero gradient, the others are unchanged.
        float[] withWeights = train(weighted(data, w), 0.1, 1, 3);
        float[] withoutSample = train(without(data, 2), 0.1, 1, 3);
        assertArrayEquals(withoutSample, withWeights);
        float[] unweighted = train(data, 0.1, 1, 3);
        assertFalse(Arrays.equals(unweighted, withWeights), "the weight must change something");
    }

    @Test
    void aZeroWeightSampleHasNoInfluenceInAFullBatch() {
        Dataset data = Fixtures.regression(6, 12);
        float[] w = {1, 1, 1, 1, 0, 1};
        // Keras's reduction divides by the batch size (6), not by Σw (5): with the learning rate
        // scaled by 5/6 the sample-free run makes the same steps.
        float[] withWeights = train(weighted(data, w), 0.1, 6, 4);
        float[] withoutSample = train(without(data, 4), 0.1 * 5 / 6, 5, 4);
        assertArrayEquals(withoutSample, withWeights, 1e-6f);
        assertFalse(Arrays.equals(train(data, 0.1, 6, 4), withWeights));
    }

    @Test
    void sampleWeightsScaleEachSamplesPull() {
        // A weight of 2 on sample 0 pulls as hard as that sample twice (in a batch of the same size).
        SplittableRandomData d = new SplittableRandomData(13);
        Dataset doubled = weighted(d.data, new float[] {2, 0, 1, 1});
        Dataset duplicated = Dataset.of(
                dev.nabla.ops.Ops.indexSelect(d.data.x(), 0, 0, 0, 2, 3),
                dev.nabla.ops.Ops.indexSelect(d.data.y(), 0, 0, 0, 2, 3));
        assertArrayEquals(train(duplicated, 0.1, 4, 3), train(doubled, 0.1, 4, 3), 1e-6f);
    }

    private static final class SplittableRandomData {
        final Dataset data;

        SplittableRandomData(long seed) {
            data = Fixtures.regression(4, seed);
        }
    }

    @Test
    void batchesCarryTheirWeightsIntoTheLoss() {
        // Sanity check of the path fit uses: Batch.sampleWeights reaches Loss.compute.
        Dataset data = weighted(Fixtures.regression(4, 1), new float[] {0, 0, 0, 0});
        Batch b = data.batches(4, null, false).iterator().next();
        Tensor loss = Losses.meanSquaredError().compute(Tensor.zeros(4, 1), b.y(), b.sampleWeights());
        assertEquals(0f, loss.item());
        float[] before = train(Fixtures.regression(4, 1), 0.1, 4, 1);
        float[] after = train(data, 0.1, 4, 1);
        Sequential untouched = Fixtures.linear();
        untouched.build(2);
        assertArrayEquals(Fixtures.flat(untouched), after, "all-zero weights: nothing to learn");
        assertFalse(Arrays.equals(before, after));
    }
}

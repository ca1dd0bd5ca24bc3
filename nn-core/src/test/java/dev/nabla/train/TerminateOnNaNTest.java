package dev.nabla.train;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminateOnNaNTest {
    /** 6 samples in batches of 2 (no shuffling); from epoch {@code badEpoch} (0-based) sample 2 is NaN. */
    private static Fit fit(Tensor x, int badEpoch, Callback... more) {
        Callback poison = new Callback() {
            @Override
            public void onEpochBegin(Model model, int epoch) {
                if (epoch == badEpoch) {
                    x.set(Float.NaN, 2, 0); // the dataset shares this storage
                }
            }
        };
        List<Callback> all = new ArrayList<>(List.of(poison));
        all.addAll(List.of(more));
        return Fit.epochs(5).batchSize(2).shuffle(false).verbose(false).callbacks(all.toArray(new Callback[0]));
    }

    private static Sequential model() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.01), Losses.meanSquaredError());
        return model;
    }

    @Test
    void withoutItTheRunFailsNamingEpochAndBatch() {
        Tensor x = Tensor.randn(new java.util.SplittableRandom(1), 6, 2);
        Dataset data = Dataset.of(x, Tensor.ones(6, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model().fit(data, fit(x, 1)));
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("batch 2")
                && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void withItTheRunStopsQuietlyAfterThatEpochWithFiniteWeights() {
        Tensor x = Tensor.randn(new java.util.SplittableRandom(1), 6, 2);
        Dataset data = Dataset.of(x, Tensor.ones(6, 1));
        TerminateOnNaN terminate = new TerminateOnNaN();
        Sequential model = model();
        List<Integer> batchesSeen = new ArrayList<>();
        Callback counter = new Callback() {
            @Override
            public void onBatchEnd(Model m, int batch, java.util.Map<String, Double> logs) {
                batchesSeen.add(batch);
            }
        };
        History h = model.fit(data, fit(x, 1, terminate, counter));
        assertTrue(terminate.terminated());
        assertEquals(2, h.epochs(), "epoch 0 complete, epoch 1 cut short, no epoch 2");
        assertTrue(Double.isFinite(h.get("loss").get(0)));
        assertTrue(Double.isNaN(h.get("loss").get(1)));
        // Epoch 0: batches 0, 1, 2; epoch 1: batch 0, then batch 1 with the NaN and nothing after it.
        assertEquals(List.of(0, 1, 2, 0, 1), batchesSeen);
        for (float w : Fixtures.flat(model)) {
            assertTrue(Float.isFinite(w), "the NaN batch must not reach the weights");
        }
        assertFalse(model.isTraining());
    }

    @Test
    void aFiniteRunIsNotTerminated() {
        Tensor x = Tensor.randn(new java.util.SplittableRandom(1), 6, 2);
        TerminateOnNaN terminate = new TerminateOnNaN();
        History h = model().fit(Dataset.of(x, Tensor.ones(6, 1)), Fit.epochs(3).verbose(false).callbacks(terminate));
        assertFalse(terminate.terminated());
        assertEquals(3, h.epochs());
    }

    @Test
    void aDivergingRunEndsWithoutException() {
        // A huge learning rate makes the loss overflow to infinity (then NaN) within a few epochs.
        Sequential model = Fixtures.linear();
        model.compile(new SGD(1e3), Losses.meanSquaredError());
        TerminateOnNaN terminate = new TerminateOnNaN();
        History h = model.fit(Dataset.of(Tensor.full(100f, 8, 2), Tensor.ones(8, 1)), Fit.epochs(50).batchSize(8).verbose(false).callbacks(terminate));
        assertTrue(terminate.terminated());
        assertTrue(h.epochs() < 50, "stopped after " + h.epochs());
        assertFalse(Double.isFinite(h.last("loss")));
    }
}

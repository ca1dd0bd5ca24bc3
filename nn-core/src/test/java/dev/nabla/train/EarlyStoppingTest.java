package dev.nabla.train;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
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

/**
 * Keras semantics (keras/src/callbacks/early_stopping.py): each epoch without improvement adds one
 * to {@code wait}; an improvement resets it; training stops as soon as {@code wait >= patience}
 * (checked from the second epoch on). So with patience p, the run stops at the p-th consecutive
 * epoch without improvement, e.g. Keras's own example: patience 3 on a loss that never improves
 * after the first epoch runs 4 epochs.
 */
class EarlyStoppingTest {
    private static Sequential built() {
        Sequential model = Fixtures.linear();
        model.build(2);
        return model;
    }

    /** Feeds the values epoch by epoch; returns the epoch after which a stop was requested, or −1. */
    private static int drive(EarlyStopping stop, Model model, String key, double... values) {
        model.resetStopRequest();
        stop.onTrainBegin(model);
        for (int epoch = 0; epoch < values.length; epoch++) {
            stop.onEpochEnd(model, epoch, Fixtures.logs(key, values[epoch]));
            if (model.isStopRequested()) {
                return epoch;
            }
        }
        return -1;
    }

    @Test
    void stopsAtThePatienceThEpochWithoutImprovement() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 2);
        // Best at epoch 1; epochs 2 and 3 do not improve → stop after epoch 3.
        assertEquals(3, drive(stop, model, "val_loss", 1.0, 0.9, 0.95, 0.92, 0.1));
        assertEquals(3, stop.stoppedEpoch());
    }

    @Test
    void kerasDocExamplePatienceThreeRunsFourEpochs() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("loss", 3);
        assertEquals(3, drive(stop, model, "loss", 5.0, 5.0, 6.0, 7.0, 8.0, 9.0));
    }

    @Test
    void anImprovementResetsTheWait() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 2);
        assertEquals(4, drive(stop, model, "val_loss", 1.0, 1.1, 0.9, 1.0, 1.0, 1.0));
        assertEquals(-1, drive(stop, model, "val_loss", 1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.7));
        assertEquals(-1, stop.stoppedEpoch());
    }

    @Test
    void patienceZeroStopsAtTheFirstEpochWithoutImprovement() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 0);
        assertEquals(3, drive(stop, model, "val_loss", 3.0, 2.0, 1.0, 1.0));
    }

    @Test
    void minDeltaDecidesWhatCountsAsImprovement() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 1).minDelta(0.1);
        // 0.95 is better than 1.0 but not by more than 0.1.
        assertEquals(1, drive(stop, model, "val_loss", 1.0, 0.95));
        // 0.85 improves by 0.15; 0.8 then is only 0.05 better than 0.85.
        assertEquals(2, drive(stop, model, "val_loss", 1.0, 0.85, 0.8));
        // A negative delta means the same as its absolute value (Keras takes abs()).
        EarlyStopping negative = new EarlyStopping("val_loss", 1).minDelta(-0.1);
        assertEquals(1, drive(negative, model, "val_loss", 1.0, 0.95));
    }

    @Test
    void metricsOtherThanLossesAreMaximised() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_accuracy", 1);
        // Equal is no improvement.
        assertEquals(2, drive(stop, model, "val_accuracy", 0.5, 0.6, 0.6));
        assertEquals(-1, drive(stop, model, "val_accuracy", 0.5, 0.6, 0.7, 0.8));
        assertEquals(1, drive(stop, model, "val_accuracy", 0.5, 0.4));
    }

    @Test
    void anInstanceCanBeReusedForAnotherRun() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 1);
        assertEquals(1, drive(stop, model, "val_loss", 0.1, 0.2));
        // A fresh run must not remember the old best (0.1).
        assertEquals(-1, drive(stop, model, "val_loss", 5.0, 4.0, 3.0));
        assertEquals(-1, stop.stoppedEpoch());
    }

    @Test
    void aMissingMonitorIsAClearError() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 1);
        stop.onTrainBegin(model);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> stop.onEpochEnd(model, 0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("loss")
                && e.getMessage().contains("validation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", -1));
    }

    @Test
    void restoreBestWeightsPutsBackTheBestEpochsValues() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 2).restoreBestWeights();
        double[] values = {1.0, 0.5, 0.7, 0.6};
        model.resetStopRequest();
        stop.onTrainBegin(model);
        for (int epoch = 0; epoch < values.length; epoch++) {
            Fixtures.fill(model, (epoch + 1) / 10f);
            stop.onEpochEnd(model, epoch, Fixtures.logs("val_loss", values[epoch]));
        }
        assertTrue(model.isStopRequested());
        assertEquals(0.4f, Fixtures.flat(model)[0]);
        stop.onTrainEnd(model);
        for (float v : Fixtures.flat(model)) {
            assertEquals(0.2f, v, "weights of epoch 1 (the best)");
        }
    }

    @Test
    void withoutRestoreTheLastWeightsStay() {
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 1);
        stop.onTrainBegin(model);
        Fixtures.fill(model, 0.1f);
        stop.onEpochEnd(model, 0, Fixtures.logs("val_loss", 1));
        Fixtures.fill(model, 0.2f);
        stop.onEpochEnd(model, 1, Fixtures.logs("val_loss", 2));
        stop.onTrainEnd(model);
        for (float v : Fixtures.flat(model)) {
            assertEquals(0.2f, v);
        }
    }

    @Test
    void restoreBestWeightsAlsoWhenTrainingRanToTheEnd() {
        // Keras 3 restores the best weights at the end of training whether or not it stopped early.
        Sequential model = built();
        EarlyStopping stop = new EarlyStopping("val_loss", 5).restoreBestWeights();
        stop.onTrainBegin(model);
        double[] values = {1.0, 0.3, 0.7};
        for (int epoch = 0; epoch < values.length; epoch++) {
            Fixtures.fill(model, epoch + 1);
            stop.onEpochEnd(model, epoch, Fixtures.logs("val_loss", values[epoch]));
        }
        assertFalse(model.isStopRequested());
        stop.onTrainEnd(model);
        assertEquals(2f, Fixtures.flat(model)[0]);
    }

    @Test
    void inFitItStopsTheRunAndRestoresTheBestTrainedWeights() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.05), Losses.meanSquaredError());
        Dataset data = Fixtures.regression(16, 1);
        List<float[]> snapshots = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) {
                snapshots.add(Fixtures.flat(m));
            }
        };
        EarlyStopping stop = new EarlyStopping("val_loss", 2).restoreBestWeights();
        // Scripted val_loss: best at epoch 1, no improvement at 2 and 3 → 4 epochs of the 20.
        History h = model.fit(data, Fit.epochs(20).batchSize(4).verbose(false)
                .callbacks(Fixtures.script("val_loss", 1.0, 0.5, 0.6, 0.7, 0.1, 0.1), stop, recorder));
        assertEquals(4, h.epochs());
        assertEquals(3, stop.stoppedEpoch());
        assertEquals(4, snapshots.size());
        assertFalse(Arrays.equals(snapshots.get(1), snapshots.get(3)), "training should have moved the weights");
        assertArrayEquals(snapshots.get(1), Fixtures.flat(model));
    }
}

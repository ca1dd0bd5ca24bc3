package dev.nabla.train;

import dev.nabla.loss.Losses;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected sequences worked out from Keras's ReduceLROnPlateau.on_epoch_end. */
class ReduceLROnPlateauTest {
    private static Sequential compiled(double lr) {
        Sequential model = Fixtures.linear();
        model.build(2);
        model.compile(new SGD(lr), Losses.meanSquaredError());
        return model;
    }

    /** The learning rate after each epoch's values. */
    private static double[] drive(ReduceLROnPlateau cb, Sequential model, String key, double... values) {
        cb.onTrainBegin(model);
        double[] rates = new double[values.length];
        for (int epoch = 0; epoch < values.length; epoch++) {
            cb.onEpochEnd(model, epoch, Fixtures.logs(key, values[epoch]));
            rates[epoch] = model.optimizer().currentLearningRate();
        }
        return rates;
    }

    @Test
    void reducesAfterPatienceEpochsWithoutImprovement() {
        Sequential model = compiled(0.1);
        double[] rates = drive(new ReduceLROnPlateau("val_loss", 0.5, 2), model, "val_loss",
                1.0, 1.0, 1.0, 1.0, 0.5, 0.6, 0.6);
        // e0 best; e1 wait 1; e2 wait 2 → 0.05; e3 wait 1; e4 improves; e5 wait 1; e6 wait 2 → 0.025.
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025}, rates, 1e-12);
    }

    @Test
    void cooldownPausesCountingAndTheMinimumIsAFloor() {
        Sequential model = compiled(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_loss", 0.5, 1).cooldown(2).minLearningRate(0.01);
        double[] rates = drive(cb, model, "val_loss", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        // Reduce at e1, cool down e2, reduce e3, cool e4, reduce e5, cool e6, reduce to the floor e7.
        assertArrayEquals(new double[] {0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125, 0.01, 0.01, 0.01},
                rates, 1e-12);
    }

    @Test
    void cooldownOfOneEpochIsAsInKeras() {
        // Keras decrements the cooldown counter before checking it, so cooldown 1 delays nothing.
        Sequential model = compiled(0.1);
        double[] rates = drive(new ReduceLROnPlateau("val_loss", 0.5, 1).cooldown(1), model, "val_loss", 1, 1, 1, 1);
        assertArrayEquals(new double[] {0.1, 0.05, 0.025, 0.0125}, rates, 1e-12);
    }

    @Test
    void minDeltaDecidesWhatCountsAsImprovement() {
        Sequential model = compiled(1.0);
        // Default min delta 1e-4: an improvement of 5e-5 does not count.
        assertArrayEquals(new double[] {1.0, 0.5},
                drive(new ReduceLROnPlateau("val_loss", 0.5, 1), model, "val_loss", 1.0, 0.99995), 1e-12);
        model = compiled(1.0);
        assertArrayEquals(new double[] {1.0, 1.0},
                drive(new ReduceLROnPlateau("val_loss", 0.5, 1), model, "val_loss", 1.0, 0.9998), 1e-12);
        model = compiled(1.0);
        assertArrayEquals(new double[] {1.0, 0.5, 0.5},
                drive(new ReduceLROnPlateau("val_loss", 0.5, 1).minDelta(0.1), model, "val_loss", 1.0, 0.95, 0.8),
                1e-12);
    }

    @Test
    void patienceZeroReducesOnEveryEpochWithoutImprovement() {
        Sequential model = compiled(0.8);
        assertArrayEquals(new double[] {0.8, 0.4, 0.2, 0.2},
                drive(new ReduceLROnPlateau("val_loss", 0.5, 0), model, "val_loss", 2, 3, 3, 1), 1e-12);
    }

    @Test
    void accuracyIsMaximised() {
        Sequential model = compiled(0.1);
        assertArrayEquals(new double[] {0.1, 0.1, 0.05},
                drive(new ReduceLROnPlateau("val_accuracy", 0.5, 1), model, "val_accuracy", 0.5, 0.7, 0.6), 1e-12);
    }

    @Test
    void aNewRunForgetsTheOldBest() {
        Sequential model = compiled(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_loss", 0.5, 1);
        drive(cb, model, "val_loss", 0.1);
        model.optimizer().setLearningRate(0.1);
        assertArrayEquals(new double[] {0.1, 0.1}, drive(cb, model, "val_loss", 5.0, 4.0), 1e-12);
    }

    @Test
    void badArgumentsAndAMissingMonitorAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 0.5, -1));
        Sequential model = compiled(0.1);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_loss", 0.5, 1);
        cb.onTrainBegin(model);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cb.onEpochEnd(model, 0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("val_loss"), e.getMessage());
    }

    @Test
    void inFitTheOptimizerRunsWithTheReducedRate() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.2), Losses.meanSquaredError());
        model.fit(Fixtures.regression(8, 3), Fit.epochs(4).batchSize(8).verbose(false)
                .callbacks(Fixtures.script("val_loss", 1, 1, 1, 1), new ReduceLROnPlateau("val_loss", 0.5, 1)));
        assertEquals(0.2 / 8, model.optimizer().currentLearningRate(), 1e-12);
    }
}

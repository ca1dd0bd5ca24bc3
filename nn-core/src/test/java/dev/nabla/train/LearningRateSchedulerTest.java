package dev.nabla.train;

import dev.nabla.loss.Losses;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.optim.schedule.ExponentialDecay;
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

class LearningRateSchedulerTest {
    @Test
    void setsTheRateAtTheStartOfEachEpoch() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.5), Losses.meanSquaredError());
        List<Double> seen = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochBegin(Model m, int epoch) {
                seen.add(m.optimizer().currentLearningRate());
            }
        };
        model.fit(Fixtures.regression(6, 1), Fit.epochs(4).verbose(false)
                .callbacks(new LearningRateScheduler(epoch -> 0.1 / (epoch + 1)), recorder));
        assertEquals(4, seen.size());
        for (int e = 0; e < 4; e++) {
            assertEquals(0.1 / (e + 1), seen.get(e), 1e-15);
        }
    }

    @Test
    void theRateReallyDrivesTheUpdates() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.5), Losses.meanSquaredError());
        List<float[]> after = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(Model m, int epoch, Map<String, Double> logs) {
                after.add(Fixtures.flat(m));
            }
        };
        // Rate 0 from the second epoch on: the weights must freeze.
        model.fit(Fixtures.regression(6, 1), Fit.epochs(3).batchSize(2).verbose(false)
                .callbacks(new LearningRateScheduler(epoch -> epoch == 0 ? 0.1 : 0.0), recorder));
        Sequential untouched = Fixtures.linear();
        untouched.build(2);
        assertFalse(Arrays.equals(Fixtures.flat(untouched), after.get(0)), "epoch 0 trains");
        assertArrayEquals(after.get(0), after.get(1));
        assertArrayEquals(after.get(0), after.get(2));
    }

    @Test
    void aBadRateNamesTheEpoch() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.5), Losses.meanSquaredError());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model.fit(Fixtures.regression(4, 1), Fit.epochs(3).verbose(false)
                        .callbacks(new LearningRateScheduler(epoch -> epoch == 2 ? Double.NaN : 0.1))));
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> model.fit(Fixtures.regression(4, 1),
                Fit.epochs(1).verbose(false).callbacks(new LearningRateScheduler(epoch -> -1))));
    }

    @Test
    void anOptimizerOnAStepScheduleRefuses() {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(new ExponentialDecay(0.1, 10, 0.5, false)), Losses.meanSquaredError());
        assertThrows(IllegalStateException.class, () -> model.fit(Fixtures.regression(4, 1),
                Fit.epochs(1).verbose(false).callbacks(new LearningRateScheduler(epoch -> 0.1))));
    }
}

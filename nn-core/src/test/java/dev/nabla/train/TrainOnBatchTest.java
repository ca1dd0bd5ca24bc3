package dev.nabla.train;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code trainOnBatch}: one step, the same as one unshuffled full-batch epoch of {@code fit}. */
class TrainOnBatchTest {
    private static Sequential compiled() {
        Sequential model = Fixtures.classifier();
        model.compile(new Adam(0.01), Losses.categoricalCrossentropy(), Metrics.accuracy());
        return model;
    }

    @Test
    void oneStepEqualsOneFullBatchEpochOfFit() {
        Dataset data = Fixtures.classification(10, 3);
        Sequential a = compiled();
        Sequential b = compiled();
        Map<String, Double> logs = a.trainOnBatch(data.x(), data.y());
        History h = b.fit(data, Fit.epochs(1).batchSize(10).shuffle(false).verbose(false));
        assertArrayEquals(Fixtures.flat(b), Fixtures.flat(a));
        assertEquals(h.get("loss").get(0), logs.get("loss"), 1e-6);
        assertEquals(h.get("accuracy").get(0), logs.get("accuracy"), 1e-6);
        Map<String, Double> next = a.trainOnBatch(data.x(), data.y());
        assertTrue(next.get("loss") < logs.get("loss"), logs + " then " + next);
    }

    @Test
    void aNanLossOrMismatchedBatchFailsWithoutChangingWeights() {
        Dataset data = Fixtures.classification(6, 4);
        Sequential model = compiled();
        model.trainOnBatch(data.x(), data.y());
        float[] before = Fixtures.flat(model);
        Tensor bad = data.x().mul(Float.NaN);
        var nan = assertThrows(IllegalStateException.class, () -> model.trainOnBatch(bad, data.y()));
        assertTrue(nan.getMessage().contains("the weights were not changed"), nan.getMessage());
        assertArrayEquals(before, Fixtures.flat(model));
        var shape = assertThrows(IllegalArgumentException.class,
                () -> model.trainOnBatch(data.x(), data.y().slice(0, 0, 5)));
        assertTrue(shape.getMessage().contains("same batch size"), shape.getMessage());
        assertThrows(IllegalStateException.class, () -> Fixtures.classifier().trainOnBatch(data.x(), data.y()));
    }
}

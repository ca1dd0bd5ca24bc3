package dev.nabla.train;

import dev.nabla.io.ModelFile;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    private static Sequential built() {
        Sequential model = Fixtures.linear();
        model.build(2);
        return model;
    }

    private static int savedEpoch(Path file) throws IOException {
        return ((Number) ModelFile.metadata(file).get("epoch")).intValue();
    }

    @Test
    void bestOnlyWritesOnlyWhenTheMonitorImproves() throws IOException {
        Sequential model = built();
        Path file = dir.resolve("best.nabla");
        ModelCheckpoint cp = new ModelCheckpoint(file, "val_loss").bestOnly();
        cp.onTrainBegin(model);
        double[] values = {1.0, 0.5, 0.7, 0.5, 0.4, 0.9};
        int[] expectedEpoch = {1, 2, 2, 2, 5, 5}; // 1-based epoch of the last improvement
        float[][] weightsAtEpoch = new float[values.length][];
        for (int epoch = 0; epoch < values.length; epoch++) {
            Fixtures.fill(model, epoch + 1);
            weightsAtEpoch[epoch] = Fixtures.flat(model);
            cp.onEpochEnd(model, epoch, Fixtures.logs("val_loss", values[epoch]));
            assertTrue(Files.exists(file));
            assertEquals(expectedEpoch[epoch], savedEpoch(file), "after epoch " + epoch);
            Model loaded = Model.load(file);
            assertArrayEquals(weightsAtEpoch[expectedEpoch[epoch] - 1], Fixtures.flat(loaded), "after epoch " + epoch);
        }
        Map<String, Object> meta = ModelFile.metadata(file);
        assertEquals(0.4, ((Number) meta.get("val_loss")).doubleValue(), 0.0);
        assertTrue(meta.containsKey("library_version"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left");
        }
    }

    @Test
    void nothingIsWrittenBeforeAnImprovementWithBestOnlyOnAMaximisedMetric() throws IOException {
        Sequential model = built();
        Path file = dir.resolve("acc.nabla");
        ModelCheckpoint cp = new ModelCheckpoint(file, "val_accuracy").bestOnly();
        cp.onTrainBegin(model);
        cp.onEpochEnd(model, 0, Fixtures.logs("val_accuracy", 0.6));
        assertEquals(1, savedEpoch(file));
        cp.onEpochEnd(model, 1, Fixtures.logs("val_accuracy", 0.5));
        assertEquals(1, savedEpoch(file));
        cp.onEpochEnd(model, 2, Fixtures.logs("val_accuracy", 0.8));
        assertEquals(3, savedEpoch(file));
        // A new run starts from scratch: its first epoch is an improvement even below the old best.
        Files.delete(file);
        cp.onTrainBegin(model);
        cp.onEpochEnd(model, 0, Fixtures.logs("val_accuracy", 0.1));
        assertEquals(1, savedEpoch(file));
    }

    @Test
    void errorsAreMinimisedLikeLosses() throws IOException {
        // The same rule as EarlyStopping and ReduceLROnPlateau: "…error…" quantities go down.
        Sequential model = built();
        Path file = dir.resolve("mae.nabla");
        ModelCheckpoint cp = new ModelCheckpoint(file, "val_mean_absolute_error").bestOnly();
        cp.onTrainBegin(model);
        cp.onEpochEnd(model, 0, Fixtures.logs("val_mean_absolute_error", 0.5));
        cp.onEpochEnd(model, 1, Fixtures.logs("val_mean_absolute_error", 0.9));
        assertEquals(1, savedEpoch(file));
        cp.onEpochEnd(model, 2, Fixtures.logs("val_mean_absolute_error", 0.2));
        assertEquals(3, savedEpoch(file));
    }

    @Test
    void withoutBestOnlyEveryEpochIsWritten() throws IOException {
        Sequential model = built();
        Path file = dir.resolve("every.nabla");
        ModelCheckpoint cp = new ModelCheckpoint(file, "val_loss");
        cp.onTrainBegin(model);
        double[] values = {1.0, 2.0, 3.0};
        for (int epoch = 0; epoch < values.length; epoch++) {
            Fixtures.fill(model, epoch);
            cp.onEpochEnd(model, epoch, Fixtures.logs("val_loss", values[epoch]));
            assertEquals(epoch + 1, savedEpoch(file));
            assertEquals((float) epoch, Fixtures.flat(Model.load(file))[0]);
        }
    }

    @Test
    void aMissingMonitorIsAClearError() {
        Sequential model = built();
        ModelCheckpoint cp = new ModelCheckpoint(dir.resolve("x.nabla"), "val_auc");
        cp.onTrainBegin(model);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cp.onEpochEnd(model, 0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().contains("val_auc"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.nabla")));
    }

    @Test
    void inFitTheCheckpointHoldsTheBestEpochAndLoads() throws IOException {
        Sequential model = Fixtures.classifier();
        model.compile(new SGD(0.1), Losses.categoricalCrossentropy(), Metrics.accuracy());
        Path file = dir.resolve("fit.nabla");
        History h = model.fit(Fixtures.classification(12, 2), Fit.epochs(3).batchSize(4).verbose(false)
                .validation(Fixtures.classification(6, 3))
                .callbacks(new ModelCheckpoint(file, "val_loss").bestOnly()));
        List<Double> val = h.get("val_loss");
        int best = 0;
        for (int i = 1; i < val.size(); i++) {
            if (val.get(i) < val.get(best)) {
                best = i;
            }
        }
        assertEquals(best + 1, savedEpoch(file));
        Model loaded = Model.load(file);
        assertEquals(model.namedWeights().keySet(), loaded.namedWeights().keySet());
    }
}

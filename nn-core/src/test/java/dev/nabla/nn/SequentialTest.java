package dev.nabla.nn;

import dev.nabla.data.Dataset;
import dev.nabla.io.ModelFile;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequentialTest {
    @TempDir
    Path dir;

    /** 64 points in 4 Gaussian blobs, one-hot labels. */
    private static Dataset blobs(long seed) {
        return blobs(seed, 0);
    }

    /** As {@link #blobs(long)} with every label moved {@code shift} classes on (wrong labels for shift ≠ 0). */
    private static Dataset blobs(long seed, int shift) {
        Random rng = new Random(seed);
        int n = 64;
        float[] x = new float[n * 2];
        float[] y = new float[n * 4];
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            x[2 * i] = (float) ((c % 2 == 0 ? -2 : 2) + 0.3 * rng.nextGaussian());
            x[2 * i + 1] = (float) ((c / 2 == 0 ? -2 : 2) + 0.3 * rng.nextGaussian());
            y[4 * i + (c + shift) % 4] = 1;
        }
        return Dataset.of(Tensor.wrap(x, n, 2), Tensor.wrap(y, n, 4));
    }

    private static Sequential mlp() {
        return new Sequential(
                new Dense(16).activation(Activation.RELU),
                new Dense(4).activation(Activation.SOFTMAX));
    }

    @Test
    void fitDrivesATinyDatasetToNearZeroLoss() {
        Sequential model = mlp();
        model.compile(new Adam(0.05), Losses.categoricalCrossentropy(), Metrics.accuracy());
        History h = model.fit(blobs(1), Fit.epochs(60).batchSize(16).verbose(false));
        assertEquals(60, h.epochs());
        assertTrue(h.last("loss") < 0.02, "final loss " + h.last("loss"));
        assertEquals(1.0, h.last("accuracy"));
        assertTrue(h.get("loss").get(0) > 10 * h.last("loss"));
    }

    @Test
    void trainingIsReproducibleWithTheSameSeeds() {
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            Sequential model = mlp();
            model.seed(7);
            model.compile(new Adam(0.01), Losses.categoricalCrossentropy());
            model.fit(blobs(2), Fit.epochs(3).batchSize(8).verbose(false));
            results[run] = model.predict(blobs(3).x()).toArray();
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void unseededModelsStartFromDifferentWeights() {
        Sequential a = mlp();
        Sequential b = mlp();
        a.build(2);
        b.build(2);
        assertTrue(!java.util.Arrays.equals(a.trainableWeights().get(0).toArray(), b.trainableWeights().get(0).toArray()));
    }

    @Test
    void aLayerUsedTwiceOwnsItsWeightsOnce() {
        Dense shared = new Dense(3);
        Sequential model = new Sequential(shared, shared);
        model.build(3);
        assertEquals(12, model.countParams());
        assertEquals(2, model.trainableWeights().size());
    }

    @Test
    void siblingsWithTheSameNameAreRejected() {
        Dense a = new Dense(4);
        a.name("x");
        Dense b = new Dense(3);
        b.name("x");
        Sequential model = new Sequential(a, b);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.build(2));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void saveAndLoadRoundTripIsBitExact() throws IOException {
        Sequential model = new Sequential(
                new Conv2D(4, 3).activation(Activation.RELU).padding("same"),
                new BatchNormalization(),
                new MaxPool2D(2),
                new Flatten(),
                new Dropout(0.25),
                new Dense(3).activation(Activation.SOFTMAX));
        model.build(1, 6, 6);
        Tensor x = Tensor.randn(new Random(4), 5, 1, 6, 6);
        Tensor before = model.predict(x);
        Path file = dir.resolve("model.nabla");
        model.save(file, Map.of("seed", 42, "note", "unit test"));
        Model loaded = Model.load(file);
        assertArrayEquals(before.toArray(), loaded.predict(x).toArray());
        assertEquals(model.getConfig(), loaded.getConfig());
        assertEquals(42, ModelFile.metadata(file).get("seed"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void loadingACorruptOrTruncatedFileFailsWithItsName() throws IOException {
        Sequential model = mlp();
        model.build(2);
        Path file = dir.resolve("m.nabla");
        model.save(file);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.nabla");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.load(truncated));
        assertTrue(e.getMessage().contains("truncated.nabla"), e.getMessage());
        Path garbage = dir.resolve("garbage.nabla");
        Files.writeString(garbage, "not a model");
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> Model.load(garbage));
        assertTrue(g.getMessage().contains("garbage.nabla"), g.getMessage());
    }

    @Test
    void summaryListsShapesAndParameterCountsLikeKeras() {
        // The seed CNN on 28×28×1 inputs: each Conv2D has 3·3·C_in·C_out + C_out parameters, each Dense in·out + out
        // (the counts Keras's summary() gives for the same layers).
        Sequential model = new Sequential(
                new Conv2D(32, 3).activation(Activation.RELU), new MaxPool2D(2),
                new Conv2D(64, 3).activation(Activation.RELU), new MaxPool2D(2),
                new Conv2D(128, 3).activation(Activation.RELU), new MaxPool2D(2),
                new Flatten(),
                new Dense(128).activation(Activation.RELU),
                new Dense(10).activation(Activation.SOFTMAX));
        model.build(1, 28, 28);
        String text = model.summary();
        assertTrue(text.contains("(None, 32, 26, 26)"), text);
        assertTrue(text.contains("(None, 128)"), text);
        assertEquals(320 + 18_496 + 73_856 + 16_512 + 1_290, model.countParams());
        assertTrue(text.contains("Total params: 110,474"), text);
    }

    @Test
    void badInputsToFitAndPredictGiveClearErrors() {
        Sequential model = mlp();
        model.compile(new Adam(0.01), Losses.categoricalCrossentropy());
        model.build(2);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Tensor.zeros(3, 5)));
        assertTrue(shape.getMessage().contains("dense"), shape.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Tensor.zeros(4, 2), Tensor.zeros(3, 4)));
        assertTrue(count.getMessage().contains("4 input samples") && count.getMessage().contains("3 targets"),
                count.getMessage());
        Tensor nanX = Tensor.full(Float.NaN, 4, 2);
        IllegalStateException nan = assertThrows(IllegalStateException.class,
                () -> model.fit(Dataset.of(nanX, Tensor.ones(4, 4)), Fit.epochs(1).verbose(false)));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        assertThrows(IllegalStateException.class, () -> mlp().fit(blobs(1), Fit.epochs(1)));
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Sequential model = mlp();
        model.compile(new Adam(0.05), Losses.categoricalCrossentropy());
        EarlyStopping stop = new EarlyStopping("val_loss", 0).restoreBestWeights();
        // Validation labels are all wrong: the better the model learns, the worse val_loss gets.
        History h = model.fit(blobs(5), Fit.epochs(50).batchSize(16).validation(blobs(6, 1)).verbose(false)
                .callbacks(stop));
        assertTrue(h.epochs() < 50, "stopped after " + h.epochs() + " epochs");
        assertTrue(stop.stoppedEpoch() >= 0);
    }
}

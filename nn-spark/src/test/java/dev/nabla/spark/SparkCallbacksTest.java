package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.CsvLogger;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import dev.nabla.train.LearningRateScheduler;
import dev.nabla.train.ModelCheckpoint;
import dev.nabla.train.ReduceLROnPlateau;
import dev.nabla.train.TerminateOnNaN;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nn-core's fit callbacks run on the driver of the Spark trainers as {@code model.fit} runs them:
 * the reference of each test is the same callbacks in a single-machine {@code fit} (or a value
 * computed independently from the history), never the distributed run itself.
 */
class SparkCallbacksTest {
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("SparkCallbacksTest");
        sc = SparkTests.context(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** smallCnn recompiled with an accuracy metric, so validation logs hold val_accuracy. */
    private static Sequential cnn(long seed) {
        Sequential m = SparkTests.smallCnn(seed);
        m.compile(new Adam(1e-2), Losses.categoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    /**
     * A per-epoch schedule (1e-2, then 2e-3) set by the callback on the driver's optimizer gives the
     * weights, training losses and validation logs of a single-machine fit with the same schedule.
     */
    @Test
    void learningRateSchedulerStepsTheDriversOptimizerAsModelFitDoes() {
        Dataset train = SparkTests.images(40, 21);
        Dataset validation = SparkTests.images(12, 22);
        Sequential local = cnn(4);
        Sequential distributed = cnn(4);
        History expected = local.fit(train, Fit.epochs(2).batchSize(8).seed(3).validation(validation).verbose(false)
                .callbacks(new LearningRateScheduler(e -> e == 0 ? 1e-2 : 2e-3)));
        History actual;
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            actual = new SyncTrainer(distributed).fit(set, Fit.epochs(2).batchSize(8).seed(3).validation(validation)
                    .verbose(false).callbacks(new LearningRateScheduler(e -> e == 0 ? 1e-2 : 2e-3)));
        }
        SparkTests.assertSameWeights(local, distributed, 1e-4);
        assertEquals(2e-3, distributed.optimizer().currentLearningRate(), 1e-12);
        assertEquals(2, actual.epochs());
        assertEquals(List.of("loss", "val_loss", "val_accuracy"), actual.names());
        for (String name : actual.names()) {
            for (int e = 0; e < 2; e++) {
                assertEquals(expected.get(name).get(e), actual.get(name).get(e), 1e-4, name + " of epoch " + e);
            }
        }
        // The schedule mattered: without it the second epoch steps with 1e-2 and the weights differ.
        Sequential constant = cnn(4);
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            new SyncTrainer(constant).fit(set, 2, 8, 3);
        }
        assertTrue(maxDifference(constant, distributed) > 1e-3, "the schedule changed the second epoch's steps");
    }

    /**
     * EarlyStopping with patience 2 and restoreBestWeights: with a min delta no epoch after the first
     * can beat (a plateau by construction), the run stops after epoch 3 (0-based 2, Keras semantics)
     * and ends with the weights of epoch 1, which a single-machine fit of one epoch reproduces.
     */
    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Dataset train = SparkTests.images(24, 31);
        Dataset validation = SparkTests.images(9, 32);
        Sequential oneEpoch = cnn(6);
        oneEpoch.fit(train, Fit.epochs(1).batchSize(8).seed(5).verbose(false));
        Sequential local = cnn(6);
        EarlyStopping localStop = new EarlyStopping("val_loss", 2).minDelta(1e6).restoreBestWeights();
        History expected = local.fit(train, Fit.epochs(10).batchSize(8).seed(5).validation(validation).verbose(false)
                .callbacks(localStop));

        Sequential distributed = cnn(6);
        EarlyStopping stop = new EarlyStopping("val_loss", 2).minDelta(1e6).restoreBestWeights();
        History history;
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            history = new SyncTrainer(distributed).fit(set, Fit.epochs(10).batchSize(8).seed(5).validation(validation)
                    .verbose(false).callbacks(stop));
        }
        assertEquals(3, history.epochs(), "best epoch 1, then 2 epochs without improvement");
        assertEquals(2, stop.stoppedEpoch());
        assertEquals(3, distributed.epochsTrained());
        assertEquals(expected.epochs(), history.epochs());
        assertEquals(localStop.stoppedEpoch(), stop.stoppedEpoch());
        SparkTests.assertSameWeights(oneEpoch, distributed, 1e-4);
        SparkTests.assertSameWeights(local, distributed, 1e-4);
    }

    /**
     * A NaN input in example 10 makes the loss of batch 3 (shuffle off, batches of 4) NaN: with
     * TerminateOnNaN the run stops there quietly, with the weights after batch 2, as model.fit does;
     * without it the fit fails naming epoch and batch.
     */
    @Test
    void terminateOnNaNStopsAtTheBatchWithANaNLoss() {
        Dataset clean = SparkTests.images(16, 41);
        float[] x = clean.x().toArray();
        x[10 * 36 + 7] = Float.NaN;
        Dataset poisoned = Dataset.of(Tensor.wrap(x, 16, 1, 6, 6), clean.y());
        Sequential local = cnn(8);
        TerminateOnNaN localNan = new TerminateOnNaN();
        History expected = local.fit(poisoned, Fit.epochs(3).batchSize(4).shuffle(false).verbose(false)
                .callbacks(localNan));
        Sequential distributed = cnn(8);
        TerminateOnNaN nan = new TerminateOnNaN();
        History history;
        try (TrainingSet set = TrainingSet.of(sc, poisoned, 2)) {
            SyncTrainer trainer = new SyncTrainer(distributed);
            history = trainer.fit(set, Fit.epochs(3).batchSize(4).shuffle(false).verbose(false).callbacks(nan));
            assertEquals(3, trainer.report().steps().size(), "stopped at the third step");

            Sequential failing = cnn(8);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SyncTrainer(failing)
                    .fit(set, Fit.epochs(1).batchSize(4).shuffle(false).verbose(false)));
            assertTrue(e.getMessage().contains("loss became NaN at epoch 1, batch 3"), e.getMessage());
        }
        assertTrue(localNan.terminated());
        assertTrue(nan.terminated());
        assertEquals(1, history.epochs());
        assertTrue(Double.isNaN(history.last("loss")));
        assertEquals(expected.epochs(), history.epochs());
        SparkTests.assertSameWeights(local, distributed, 1e-5);
    }

    /** The same in parameter averaging: the round holding the NaN is not averaged in, and the run stops. */
    @Test
    void terminateOnNaNStopsParameterAveraging() {
        Dataset clean = SparkTests.images(16, 43);
        float[] x = clean.x().toArray();
        x[13 * 36] = Float.NaN;                   // partition 1 (examples 8..15)
        Dataset poisoned = Dataset.of(Tensor.wrap(x, 16, 1, 6, 6), clean.y());
        Sequential m = cnn(9);
        TerminateOnNaN nan = new TerminateOnNaN();
        AveragingTrainer trainer = new AveragingTrainer(m, 1, 8);
        History history;
        try (TrainingSet set = TrainingSet.of(sc, poisoned, 2)) {
            history = trainer.fit(set, Fit.epochs(3).shuffle(false).verbose(false).callbacks(nan));
        }
        assertTrue(nan.terminated());
        assertEquals(1, history.epochs());
        assertEquals(1, trainer.report().steps().size());
        assertTrue(Double.isNaN(history.last("loss")));
        for (Tensor w : m.namedWeights().values()) {
            for (float v : w.toArray()) {
                assertTrue(Float.isFinite(v), "the NaN round was not averaged in");
            }
        }
        SparkTests.assertBitEqual(cnn(9), m); // the only round was refused: the weights are the initial ones
    }

    /**
     * Parameter averaging with CsvLogger, a best-only ModelCheckpoint and a learning rate of 0 from
     * the second epoch on: the CSV has a header and one row per epoch with the history's values, the
     * checkpoint holds the model of the best val_loss, and the zero rate reached the executors (the
     * weights stop moving).
     */
    @Test
    void csvLoggerAndCheckpointInParameterAveraging(@TempDir Path dir) throws Exception {
        Dataset train = SparkTests.images(32, 51);
        Dataset validation = SparkTests.images(10, 52);
        Sequential m = cnn(10);
        Path csv = dir.resolve("log/train.csv");
        Path best = dir.resolve("best.nabla");
        float[][] afterFirst = new float[1][];
        History history;
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            history = new AveragingTrainer(m, 2, 4).fit(set, Fit.epochs(3).seed(2).validation(validation)
                    .verbose(false).callbacks(new LearningRateScheduler(e -> e == 0 ? 1e-2 : 0),
                            new CsvLogger(csv), new ModelCheckpoint(best, "val_loss").bestOnly(),
                            new dev.nabla.train.Callback() {
                                @Override
                                public void onEpochEnd(Model model, int epoch, java.util.Map<String, Double> logs) {
                                    if (epoch == 0) {
                                        afterFirst[0] = model.namedWeights().values().iterator().next().toArray();
                                    }
                                }
                            }));
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals("epoch,loss,val_loss,val_accuracy", lines.get(0));
        for (int e = 0; e < 3; e++) {
            String[] cells = lines.get(e + 1).split(",");
            assertEquals(String.valueOf(e), cells[0]);
            assertEquals(String.format(Locale.ROOT, "%.6g", history.get("loss").get(e)), cells[1]);
            assertEquals(String.format(Locale.ROOT, "%.6g", history.get("val_loss").get(e)), cells[2]);
            assertEquals(String.format(Locale.ROOT, "%.6g", history.get("val_accuracy").get(e)), cells[3]);
        }
        float[] now = m.namedWeights().values().iterator().next().toArray();
        for (int i = 0; i < now.length; i++) {
            assertEquals(afterFirst[0][i], now[i], 1e-6, "learning rate 0 after epoch 1: weight " + i);
        }
        assertEquals(0.0, m.optimizer().currentLearningRate());
        double bestValLoss = history.get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        Model saved = Model.load(best);
        assertEquals(bestValLoss, saved.evaluate(validation).get("loss"), 1e-5);
        assertFalse(history.names().contains("accuracy"), "training metrics other than the loss are not computed");
    }

    /**
     * ReduceLROnPlateau halves the rate at the end of every epoch after the first (patience 0 and a
     * min delta no epoch after the first can beat): 2.5e-3 after three epochs, the third epoch
     * stepping with 5e-3, exactly as model.fit does.
     */
    @Test
    void reduceLearningRateOnPlateauLowersTheDriversRateAsModelFitDoes() {
        Dataset train = SparkTests.images(24, 71);
        Sequential local = cnn(11);
        Sequential distributed = cnn(11);
        local.fit(train, Fit.epochs(3).batchSize(8).seed(4).verbose(false)
                .callbacks(new ReduceLROnPlateau("loss", 0.5, 0).minDelta(1e6)));
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            new SyncTrainer(distributed).fit(set, Fit.epochs(3).batchSize(8).seed(4).verbose(false)
                    .callbacks(new ReduceLROnPlateau("loss", 0.5, 0).minDelta(1e6)));
        }
        assertEquals(2.5e-3, local.optimizer().currentLearningRate(), 1e-12);
        assertEquals(2.5e-3, distributed.optimizer().currentLearningRate(), 1e-12);
        SparkTests.assertSameWeights(local, distributed, 1e-4);
    }

    @Test
    void augmentationIsRefusedWithAClearError() {
        Dataset train = SparkTests.images(8, 61);
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyncTrainer(cnn(1))
                    .fit(set, Fit.epochs(1).verbose(false).augmentation((t, rng) -> t)));
            assertTrue(e.getMessage().contains("augmentation"), e.getMessage());
        }
    }

    private static double maxDifference(Model a, Model b) {
        var x = List.copyOf(a.namedWeights().values());
        var y = List.copyOf(b.namedWeights().values());
        double max = 0;
        for (int w = 0; w < x.size(); w++) {
            float[] p = x.get(w).toArray();
            float[] q = y.get(w).toArray();
            for (int i = 0; i < p.length; i++) {
                max = Math.max(max, Math.abs(p[i] - q[i]));
            }
        }
        return max;
    }
}

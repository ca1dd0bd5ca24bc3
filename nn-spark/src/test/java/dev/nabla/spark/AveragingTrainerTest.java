package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.OptimizerState;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter averaging: rounds of k local steps, weights and optimizer state averaged on the driver. */
class AveragingTrainerTest {
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("AveragingTrainerTest");
        sc = SparkTests.context(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void learnsAndAveragesTheOptimizerState() {
        Dataset train = SparkTests.images(240, 1);
        Dataset test = SparkTests.images(120, 2);
        Sequential model = SparkTests.smallCnn(4);
        model.compile(new Adam(1e-2), Losses.categoricalCrossentropy(), Metrics.accuracy());
        double before = model.evaluate(test).get("accuracy");
        List<StepMetrics> rounds = new ArrayList<>();
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            TrainingReport report = new AveragingTrainer(model, 3, 10).listener(rounds::add).fit(set, 2, 7);
            assertEquals(2 * 240, report.examples());
        }
        // 120 examples per partition = 12 local batches of 10 = 4 rounds of k = 3 per epoch.
        assertEquals(8, rounds.size());
        rounds.forEach(r -> assertEquals(2, r.tasks(), r.toString()));
        double after = model.evaluate(test).get("accuracy");
        assertTrue(after > 0.9 && after > before, "accuracy " + before + " → " + after);
        // Every partition made 3 local steps per round: the averaged state counts 8 × 3 updates.
        OptimizerState state = model.optimizer().state(model.trainableWeights());
        assertEquals(24, state.iterations());
        state.parameters().forEach(p -> {
            assertEquals(24, p.steps());
            assertEquals(java.util.Set.of("momentum", "velocity"), p.slots().keySet());
        });
        assertEquals(2, model.epochsTrained());
    }

    /** With one partition, averaging is plain local training: k local steps and the state pass through. */
    @Test
    void onePartitionKeepsTheOptimizerStateExactly() {
        Dataset train = SparkTests.images(40, 3);
        Sequential a = SparkTests.smallCnn(6);
        Sequential b = SparkTests.smallCnn(6);
        try (TrainingSet set = TrainingSet.of(sc, train, 1)) {
            new AveragingTrainer(a, 4, 10).fit(set, 1, 1);      // one round of 4 local steps
            new AveragingTrainer(b, 1, 10).fit(set, 1, 1);      // four rounds of 1 step
        }
        SparkTests.assertSameWeights(a, b, 1e-6);
        OptimizerState sa = a.optimizer().state(a.trainableWeights());
        OptimizerState sb = b.optimizer().state(b.trainableWeights());
        assertEquals(sa.iterations(), sb.iterations());
        for (int i = 0; i < sa.parameters().size(); i++) {
            assertArrayEquals(sa.slots(i).get("velocity"), sb.slots(i).get("velocity"), 1e-7f);
        }
    }

    /** A task fails once and is retried: the averaged model is the same as without the fault. */
    @Test
    void aFailedTaskIsRetried() {
        Dataset train = SparkTests.images(60, 5);
        Sequential clean = SparkTests.smallCnn(8);
        Sequential faulty = SparkTests.smallCnn(8);
        try (TrainingSet set = TrainingSet.of(sc, train, 2)) {
            new AveragingTrainer(clean, 2, 5).fit(set, 1, 3);
            int before = SyncTrainerTest.FailOnce.FAILURES.get();
            new AveragingTrainer(faulty, 2, 5).taskHook(new SyncTrainerTest.FailOnce(0, 1)).fit(set, 1, 3);
            assertEquals(before + 1, SyncTrainerTest.FailOnce.FAILURES.get());
        }
        SparkTests.assertBitEqual(clean, faulty);
    }

    @Test
    void rejectsBadSettings() {
        Sequential m = SparkTests.smallCnn(1);
        assertThrows(IllegalArgumentException.class, () -> new AveragingTrainer(m, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new AveragingTrainer(m, 1, 0));
    }
}

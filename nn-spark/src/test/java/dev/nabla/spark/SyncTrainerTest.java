package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.nn.Sequential;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synchronous data-parallel training equals single-machine training: one step equals
 * {@code trainOnBatch} on the same global batch, a whole fit equals {@code model.fit} with the same
 * batch size and seed (to float tolerance: only the order of the gradient sum differs), also with an
 * empty partition and with a task that fails once and is retried by Spark.
 */
class SyncTrainerTest {
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("SyncTrainerTest");
        sc = SparkTests.context(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void oneStepEqualsTheSingleMachineStep() {
        Dataset data = SparkTests.images(40, 1);
        Sequential local = SparkTests.smallCnn(7);
        Sequential distributed = SparkTests.smallCnn(7);
        SparkTests.assertBitEqual(local, distributed);
        int[] batch = {3, 38, 17, 0, 21, 5, 12, 30, 9, 26, 14, 33, 1, 19, 36, 7};   // spread over 3 partitions
        try (TrainingSet set = TrainingSet.of(sc, data, 3)) {
            StepMetrics m = new SyncTrainer(distributed).step(set, batch);
            double loss = local.trainOnBatch(Ops.indexSelect(data.x(), 0, batch), Ops.indexSelect(data.y(), 0, batch))
                    .get("loss");
            assertEquals(loss, m.loss(), 1e-5);
            assertEquals(batch.length, m.examples());
            assertEquals(3, m.tasks());
        }
        SparkTests.assertSameWeights(local, distributed, 1e-5);
        assertEquals(1, distributed.optimizer().iterations());
    }

    @Test
    void aFitEqualsModelFitWithTheSameSeed() {
        Dataset data = SparkTests.images(50, 2);
        Sequential local = SparkTests.smallCnn(3);
        Sequential distributed = SparkTests.smallCnn(3);
        local.fit(data, Fit.epochs(2).batchSize(8).seed(11).verbose(false));
        List<StepMetrics> steps = new ArrayList<>();
        TrainingReport report;
        try (TrainingSet set = TrainingSet.of(sc, data, 2)) {
            report = new SyncTrainer(distributed).listener(steps::add).fit(set, 2, 8, 11);
        }
        SparkTests.assertSameWeights(local, distributed, 1e-4);
        assertEquals(2 * 7, steps.size(), "2 epochs of ceil(50 / 8) batches");
        assertEquals(2 * 50, report.examples());
        assertEquals(2, distributed.epochsTrained());
        for (StepMetrics m : steps) {
            assertTrue(m.seconds() > 0 && m.computeSeconds() > 0 && m.aggregationSeconds() >= 0, m.toString());
            assertTrue(m.computeSeconds() <= m.seconds(), m.toString());
        }
        assertTrue(report.epochLosses().get(1) < report.epochLosses().get(0), report.epochLosses().toString());
    }

    @Test
    void emptyPartitionsContributeNothing() {
        Dataset data = SparkTests.images(5, 3);
        Sequential local = SparkTests.smallCnn(5);
        Sequential distributed = SparkTests.smallCnn(5);
        local.fit(data, Fit.epochs(1).batchSize(4).seed(2).verbose(false));
        try (TrainingSet set = TrainingSet.of(sc, data, 8)) {                 // 3 of 8 partitions are empty
            assertEquals(0, set.count(0));
            new SyncTrainer(distributed).fit(set, 1, 4, 2);
        }
        SparkTests.assertSameWeights(local, distributed, 1e-5);
    }

    /** A task fails once (first attempt of partition 1 at step 2); Spark retries it and nothing changes. */
    @Test
    void aFailedTaskIsRetriedAndTrainingGivesTheSameWeights() {
        Dataset data = SparkTests.images(48, 4);
        Sequential clean = SparkTests.smallCnn(9);
        Sequential faulty = SparkTests.smallCnn(9);
        try (TrainingSet set = TrainingSet.of(sc, data, 2)) {
            new SyncTrainer(clean).fit(set, 1, 12, 5);
            AtomicInteger before = new AtomicInteger(FailOnce.FAILURES.get());
            new SyncTrainer(faulty).taskHook(new FailOnce(1, 2)).fit(set, 1, 12, 5);
            assertEquals(before.get() + 1, FailOnce.FAILURES.get(), "the hook threw exactly once");
        }
        SparkTests.assertBitEqual(clean, faulty);
    }

    @Test
    void needsACompiledModel() {
        Sequential m = new Sequential(new dev.nabla.nn.Dense(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyncTrainer(m));
        assertTrue(e.getMessage().contains("compiled"), e.getMessage());
    }

    /** Throws on the first attempt of one partition at one step (local mode: the counter is in this JVM). */
    static final class FailOnce implements TaskHook {
        static final AtomicInteger FAILURES = new AtomicInteger();
        private final int partition;
        private final long step;

        FailOnce(int partition, long step) {
            this.partition = partition;
            this.step = step;
        }

        @Override
        public void beforeTask(int p, int attempt, long s) {
            if (p == partition && s == step && attempt == 0) {
                FAILURES.incrementAndGet();
                throw new RuntimeException("injected fault: partition " + p + ", step " + s + ", attempt " + attempt);
            }
        }
    }

    @Test
    void tensorsStayOnTheDriver() {
        // ModelWeights carries plain arrays: Java-serializable without nn-core objects.
        Sequential m = SparkTests.smallCnn(1);
        ModelWeights w = ModelWeights.of(m, 0);
        Tensor first = m.namedWeights().values().iterator().next();
        assertEquals(first.numel(), w.get(0).length);
    }
}

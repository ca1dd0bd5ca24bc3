package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Sequential;
import dev.nabla.ops.Ops;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.Trainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sample weights in distributed training weight the loss exactly as nn-core's {@code Loss} does,
 * {@code L = Σ_b w_b·l_b / B} with {@code B} the batch size (not {@code Σ w_b}, as Keras): one step
 * equals the single-machine weighted step, and weight 0 on {@code z} of {@code B} examples equals
 * dropping them with the gradient scaled by {@code (B − z)/B} — with plain SGD, a step of learning
 * rate {@code lr·(B − z)/B} on the remaining examples — not a plain step on the remaining ones.
 */
class SparkSampleWeightsTest {
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("SparkSampleWeightsTest");
        sc = SparkTests.context(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset weighted(int n, long seed, float[] weights) {
        Dataset d = SparkTests.images(n, seed);
        return Dataset.of(d.x(), d.y(), Tensor.wrap(weights, n));
    }

    private static float[] randomWeights(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.2 + 1.8 * rng.nextDouble());
        }
        return w;
    }

    private static Sequential sgd(long seed, double lr) {
        Sequential m = SparkTests.smallCnn(seed);
        m.compile(new SGD(lr), Losses.categoricalCrossentropy());
        return m;
    }

    @Test
    void oneWeightedStepEqualsTheSingleMachineWeightedStep() {
        Dataset data = weighted(30, 1, randomWeights(30, 2));
        int[] batch = {2, 29, 11, 0, 17, 23, 5, 14, 8, 26};               // spread over 3 partitions
        Sequential local = SparkTests.smallCnn(7);
        Sequential distributed = SparkTests.smallCnn(7);
        double loss = new Trainer(local).trainOnBatch(Ops.indexSelect(data.x(), 0, batch),
                Ops.indexSelect(data.y(), 0, batch), Ops.indexSelect(data.sampleWeights(), 0, batch)).get("loss");
        StepMetrics m;
        try (TrainingSet set = TrainingSet.of(sc, data, 3)) {
            m = new SyncTrainer(distributed).step(set, batch);
        }
        assertEquals(loss, m.loss(), 1e-5);
        SparkTests.assertSameWeights(local, distributed, 1e-5);
        // The weights mattered: the unweighted step lands elsewhere.
        Sequential unweighted = SparkTests.smallCnn(7);
        unweighted.trainOnBatch(Ops.indexSelect(data.x(), 0, batch), Ops.indexSelect(data.y(), 0, batch));
        assertTrue(maxDifference(unweighted, distributed) > 1e-4);
    }

    @Test
    void zeroWeightsEqualDroppingTheExamplesWithTheGradientScaledByTheShareKept() {
        int n = 16;
        float[] w = randomWeights(n, 3);
        int[] zero = {1, 6, 9, 14};                                        // 4 of 16 in both partitions
        for (int z : zero) {
            w[z] = 0;
        }
        Dataset data = weighted(n, 4, w);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int[] kept = Arrays.stream(all).filter(i -> Arrays.stream(zero).noneMatch(z -> z == i)).toArray();
        double lr = 0.5;
        Sequential distributed = sgd(5, lr);
        try (TrainingSet set = TrainingSet.of(sc, data, 2)) {
            new SyncTrainer(distributed).step(set, all);
        }
        Sequential scaled = sgd(5, lr * kept.length / n);
        new Trainer(scaled).trainOnBatch(Ops.indexSelect(data.x(), 0, kept), Ops.indexSelect(data.y(), 0, kept),
                Ops.indexSelect(data.sampleWeights(), 0, kept));
        SparkTests.assertSameWeights(scaled, distributed, 1e-5);
        Sequential plain = sgd(5, lr);
        new Trainer(plain).trainOnBatch(Ops.indexSelect(data.x(), 0, kept), Ops.indexSelect(data.y(), 0, kept),
                Ops.indexSelect(data.sampleWeights(), 0, kept));
        assertTrue(maxDifference(plain, distributed) > 1e-4, "dividing by B, not by the kept count, matters");
    }

    @Test
    void aWeightedFitEqualsModelFit() {
        Dataset data = weighted(36, 6, randomWeights(36, 7));
        Sequential local = SparkTests.smallCnn(8);
        Sequential distributed = SparkTests.smallCnn(8);
        var expected = local.fit(data, Fit.epochs(2).batchSize(8).seed(9).verbose(false));
        dev.nabla.train.History actual;
        try (TrainingSet set = TrainingSet.of(sc, data, 2)) {
            actual = new SyncTrainer(distributed).fit(set, Fit.epochs(2).batchSize(8).seed(9).verbose(false));
        }
        SparkTests.assertSameWeights(local, distributed, 1e-4);
        assertEquals(expected.get("loss").get(1), actual.get("loss").get(1), 1e-5);
    }

    /**
     * Parameter averaging passes the weights to its local steps: on one partition with k = 1 and no
     * shuffling, each round is one weighted local step, so two epochs equal model.fit on the same
     * weighted data in the same order.
     */
    @Test
    void weightedParameterAveragingOnOnePartitionEqualsModelFit() {
        Dataset data = weighted(20, 13, randomWeights(20, 14));
        Sequential local = SparkTests.smallCnn(15);
        Sequential distributed = SparkTests.smallCnn(15);
        local.fit(data, Fit.epochs(2).batchSize(8).shuffle(false).verbose(false));
        try (TrainingSet set = TrainingSet.of(sc, data, 1)) {
            new AveragingTrainer(distributed, 1, 8).fit(set, Fit.epochs(2).shuffle(false).verbose(false));
        }
        SparkTests.assertSameWeights(local, distributed, 1e-5);
        Sequential unweighted = SparkTests.smallCnn(15);
        unweighted.fit(SparkTests.images(20, 13), Fit.epochs(2).batchSize(8).shuffle(false).verbose(false));
        assertTrue(maxDifference(unweighted, distributed) > 1e-4, "the weights mattered");
    }

    /** Weights from a Spark SQL column (RowFormat.sampleWeight) give the same step as the in-memory weights. */
    @Test
    void aWeightColumnOfRowsWeightsTheStep() {
        Dataset data = weighted(12, 10, randomWeights(12, 11));
        StructType schema = new StructType()
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType)
                .add("w", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        float[] x = data.x().toArray();
        float[] y = data.y().toArray();
        float[] w = data.sampleWeights().toArray();
        for (int i = 0; i < 12; i++) {
            Float[] px = new Float[36];
            for (int j = 0; j < 36; j++) {
                px[j] = x[i * 36 + j];
            }
            int label = y[i * 3] == 1 ? 0 : y[i * 3 + 1] == 1 ? 1 : 2;
            rows.add(RowFactory.create(px, label, (double) w[i]));
        }
        RowFormat format = RowFormat.features(new int[] {1, 6, 6}, "pixels").classLabel("label", 3).sampleWeight("w");
        int[] batch = {0, 3, 4, 7, 8, 11};
        Sequential local = SparkTests.smallCnn(12);
        Sequential distributed = SparkTests.smallCnn(12);
        new Trainer(local).trainOnBatch(Ops.indexSelect(data.x(), 0, batch), Ops.indexSelect(data.y(), 0, batch),
                Ops.indexSelect(data.sampleWeights(), 0, batch));
        try (TrainingSet set = TrainingSet.of(spark.createDataFrame(rows, schema).coalesce(1), format)) {
            new SyncTrainer(distributed).step(set, batch);
        }
        SparkTests.assertSameWeights(local, distributed, 1e-5);

        rows.set(5, RowFactory.create(rows.get(5).get(0), 1, -1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSet.of(spark.createDataFrame(rows, schema).coalesce(1), format));
        assertTrue(e.getMessage().contains("row 5") && e.getMessage().contains("sample-weight column 'w' holds -1.0"),
                e.getMessage());
    }

    private static double maxDifference(Sequential a, Sequential b) {
        var x = List.copyOf(a.namedWeights().values());
        var y = List.copyOf(b.namedWeights().values());
        double max = 0;
        for (int i = 0; i < x.size(); i++) {
            float[] p = x.get(i).toArray();
            float[] q = y.get(i).toArray();
            for (int j = 0; j < p.length; j++) {
                max = Math.max(max, Math.abs(p[j] - q[j]));
            }
        }
        return max;
    }
}

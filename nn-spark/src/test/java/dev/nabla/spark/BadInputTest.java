package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input fails on the driver with a clear message, before or instead of a wall of Spark errors. */
class BadInputTest {
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("BadInputTest");
        sc = SparkTests.context(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static org.apache.spark.sql.Dataset<Row> vectors(int... lengths) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            Float[] v = new Float[lengths[i]];
            java.util.Arrays.fill(v, 0.5f);
            rows.add(RowFactory.create(v, i % 2));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType);
        return spark.createDataFrame(rows, schema).coalesce(1).repartition(2);
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void rowsOfTheWrongLengthNameThePartition() {
        RowFormat format = RowFormat.features(new int[] {4}, "features").classLabel("label", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSet.of(vectors(4, 4, 4, 5, 4, 4), format));
        assertMessage(e, "partition", "5 feature values", "[4]");
    }

    @Test
    void partitionsWithDifferentShapesAreRefused() {
        Dataset a = Dataset.of(Tensor.zeros(3, 4), Tensor.zeros(3, 2));
        Dataset b = Dataset.of(Tensor.zeros(3, 5), Tensor.zeros(3, 2));
        List<Shard> shards = List.of(
                new Shard(0, 3, new int[] {4}, new int[] {2}, a.x().toArray(), a.y().toArray(), null),
                new Shard(1, 3, new int[] {5}, new int[] {2}, b.x().toArray(), b.y().toArray(), null));
        // Built the way TrainingSet.of builds its shards, but with two shapes.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSetAccess.of(sc.parallelize(shards, 2)));
        assertMessage(e, "partition 1 holds examples [5]", "partition 0 holds [4]");
    }

    @Test
    void modelAndDataShapesMustAgree() {
        Sequential model = new Sequential(new Dense(2));
        model.build(3);
        model.compile(new SGD(0.1), Losses.meanSquaredError());
        try (TrainingSet set = TrainingSet.of(sc, Dataset.of(Tensor.zeros(6, 4), Tensor.zeros(6, 2)), 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SyncTrainer(model).fit(set, 1, 2, 0));
            assertMessage(e, "takes inputs of shape [3]", "examples of shape [4]");
        }
    }

    @Test
    void targetsTheLossCannotUseAreRefusedOnTheDriver() {
        Sequential model = new Sequential(new Dense(2));
        model.build(4);
        model.compile(new SGD(0.1), Losses.meanSquaredError());
        try (TrainingSet set = TrainingSet.of(sc, Dataset.of(Tensor.zeros(6, 4), Tensor.zeros(6, 3)), 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SyncTrainer(model).fit(set, 1, 2, 0));
            assertMessage(e, "SyncTrainer", "outputs of shape [2]", "targets of shape [3]");
        }
    }

    @Test
    void emptyDataIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSet.of(vectors().limit(0),
                        RowFormat.features(new int[] {4}, "features").classLabel("label", 2)));
        assertMessage(e, "empty");
    }

    @Test
    void aModelThatCannotBeRebuiltOnExecutorsIsRefusedOnTheDriver() {
        Model custom = new Unregistered();
        custom.build(4);
        custom.compile(new SGD(0.1), Losses.meanSquaredError());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkPredictor(custom, sc));
        assertMessage(e, "cannot ship", "Unregistered", "Layers.register");
        try (TrainingSet set = TrainingSet.of(sc, Dataset.of(Tensor.zeros(4, 4), Tensor.zeros(4, 2)), 2)) {
            assertThrows(IllegalArgumentException.class, () -> new SyncTrainer(custom).fit(set, 1, 2, 0));
        }
    }

    @Test
    void missingColumnsAndWrongTypesAreNamed() {
        RowFormat noSuch = RowFormat.features(new int[] {4}, "pixels").classLabel("label", 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> TrainingSet.of(vectors(4), noSuch)),
                "no feature column 'pixels'");
        RowFormat noTarget = RowFormat.features(new int[] {4}, "features");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> TrainingSet.of(vectors(4), noTarget)),
                "no target");
    }

    /** A composite model nobody registered with {@code Layers.register}: executors could not rebuild it. */
    static final class Unregistered extends Model {
        private final Dense dense = track(new Dense(2));

        @Override
        protected Tensor forward(Tensor x) {
            return dense.call(x);
        }

        @Override
        public int[] outputShape(int[] in) {
            return new int[] {2};
        }
    }
}

package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batch inference over Spark datasets equals local {@code predict}; data read back from Parquet and
 * CSV trains like the in-memory dataset it came from.
 */
class SparkPredictorTest {
    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkTests.session("SparkPredictorTest");
        sc = SparkTests.context(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Rows (id, pixels array, label) of a dataset of 1×6×6 images. */
    static org.apache.spark.sql.Dataset<Row> rows(Dataset data, int partitions) {
        int n = data.size();
        float[] x = data.x().toArray();
        float[] y = data.y().toArray();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Float> pixels = new ArrayList<>();
            for (int j = 0; j < 36; j++) {
                pixels.add(x[i * 36 + j]);
            }
            int label = y[i * 3] == 1 ? 0 : y[i * 3 + 1] == 1 ? 1 : 2;
            rows.add(RowFactory.create(i, pixels.toArray(new Float[0]), label));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.IntegerType);
        org.apache.spark.sql.Dataset<Row> df = spark.createDataFrame(rows, schema);
        return partitions == 1 ? df.coalesce(1) : df.repartition(partitions);
    }

    @Test
    void dataFrameInferenceEqualsLocalPredict() {
        Dataset data = SparkTests.images(70, 1);
        Sequential model = SparkTests.smallCnn(2);
        float[] expected = model.predict(data.x()).toArray();
        List<Row> scored;
        try (SparkPredictor p = new SparkPredictor(model, spark).batchSize(16)) {
            scored = p.predict(rows(data, 3), RowFormat.features(new int[] {1, 6, 6}, "pixels"))
                    .select("id", SparkPredictor.PREDICTION, SparkPredictor.PREDICTED_CLASS).collectAsList();
        }
        assertEquals(70, scored.size());
        for (Row r : scored) {
            int id = r.getInt(0);
            List<Float> out = r.getList(1);
            int best = 0;
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[id * 3 + c], out.get(c), 1e-6, "row " + id);
                best = expected[id * 3 + c] > expected[id * 3 + best] ? c : best;
            }
            assertEquals(best, r.getInt(2));
        }
    }

    @Test
    void rddInferenceKeepsTheOrder() {
        Dataset data = SparkTests.images(33, 2);
        Sequential model = SparkTests.smallCnn(3);
        float[] x = data.x().toArray();
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            inputs.add(java.util.Arrays.copyOfRange(x, i * 36, (i + 1) * 36));
        }
        JavaRDD<float[]> out;
        List<float[]> got;
        try (SparkPredictor p = new SparkPredictor(model, sc).batchSize(5)) {
            out = p.predict(sc.parallelize(inputs, 4));
            got = out.collect();
        }
        Tensor expected = model.predict(data.x());
        for (int i = 0; i < 33; i++) {
            assertArrayEquals(expected.slice(0, i, i + 1).toArray(), got.get(i), 1e-6f);
        }
    }

    /** Train from Parquet and CSV files: the same examples as the in-memory data, so the same steps. */
    @Test
    void trainsFromParquetAndCsv(@TempDir Path dir) {
        Dataset data = SparkTests.images(24, 3);
        org.apache.spark.sql.Dataset<Row> df = rows(data, 1);
        df.write().parquet(dir.resolve("train.parquet").toString());
        RowFormat format = RowFormat.features(new int[] {1, 6, 6}, "pixels").classLabel("label", 3);
        Sequential fromMemory = SparkTests.smallCnn(4);
        Sequential fromParquet = SparkTests.smallCnn(4);
        try (TrainingSet a = TrainingSet.of(sc, data, 1);
             TrainingSet b = TrainingSet.of(spark.read().parquet(dir.resolve("train.parquet").toString()), format)) {
            assertEquals(24, b.size());
            new SyncTrainer(fromMemory).fit(a, 1, 8, 1);
            new SyncTrainer(fromParquet).fit(b, 1, 8, 1);
        }
        SparkTests.assertSameWeights(fromMemory, fromParquet, 1e-6);

        // CSV: one numeric column per pixel, as a spreadsheet export would have.
        org.apache.spark.sql.Dataset<Row> wide = df.selectExpr(wideColumns());
        wide.write().option("header", "true").csv(dir.resolve("train.csv").toString());
        String[] pixelColumns = new String[36];
        for (int i = 0; i < 36; i++) {
            pixelColumns[i] = "p" + i;
        }
        Sequential fromCsv = SparkTests.smallCnn(4);
        StructType csvSchema = new StructType().add("id", DataTypes.IntegerType);
        for (String c : pixelColumns) {
            csvSchema = csvSchema.add(c, DataTypes.FloatType);
        }
        csvSchema = csvSchema.add("label", DataTypes.IntegerType);
        try (TrainingSet c = TrainingSet.of(spark.read().option("header", "true").schema(csvSchema)
                .csv(dir.resolve("train.csv").toString()),
                RowFormat.features(new int[] {1, 6, 6}, pixelColumns).classLabel("label", 3))) {
            new SyncTrainer(fromCsv).fit(c, 1, 8, 1);
        }
        SparkTests.assertSameWeights(fromMemory, fromCsv, 1e-5);
    }

    private static String[] wideColumns() {
        String[] cols = new String[38];
        cols[0] = "id";
        for (int i = 0; i < 36; i++) {
            cols[i + 1] = "pixels[" + i + "] as p" + i;
        }
        cols[37] = "label";
        return cols;
    }
}

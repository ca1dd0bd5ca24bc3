package dev.nabla.spark;

import dev.nabla.nn.Model;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Batch inference with a trained model over a Spark dataset, e.g. a diagnosis model over a whole
 * imaging archive: the model's blueprint and weights are broadcast once; each task
 * ({@code mapPartitions}) borrows a model its executor already rebuilt, or rebuilds one the first
 * time, and runs {@link Model#predict} on batches of rows. Each concurrently running task has its
 * own model — at most one per executor core, reused by all later tasks of the job and of later
 * jobs with this predictor — which is what makes prediction safe with several cores per executor.
 *
 * <pre>{@code
 * try (SparkPredictor p = new SparkPredictor(Model.load(Path.of("diagnosis.nabla")), spark)) {
 *     Dataset<Row> scored = p.predict(spark.read().parquet("hdfs:///archive/slices"),
 *             RowFormat.features(new int[] {1, 28, 28}, "pixels"));
 *     scored.select("id", "predicted_class").write().parquet("hdfs:///archive/diagnoses");
 * }
 * }</pre>
 */
public final class SparkPredictor implements AutoCloseable {
    /** Name of the output column holding the model's output vector. */
    public static final String PREDICTION = "prediction";
    /** Name of the output column holding the index of the largest output. */
    public static final String PREDICTED_CLASS = "predicted_class";

    private final ModelBlueprint blueprint;
    private final Broadcast<ModelBlueprint> bp;
    private final Broadcast<ModelWeights> weights;
    private int batchSize = 256;

    /**
     * Broadcasts a built model (its current weights) to the executors of {@code sc}.
     *
     * @throws IllegalArgumentException if the model is not built or cannot be rebuilt on the executors
     */
    public SparkPredictor(Model model, JavaSparkContext sc) {
        if (sc == null) {
            throw new IllegalArgumentException("SparkPredictor: the Spark context must not be null");
        }
        this.blueprint = ModelBlueprint.of(model);
        this.bp = sc.broadcast(blueprint);
        this.weights = sc.broadcast(ModelWeights.of(model, 0));
    }

    /** As {@link #SparkPredictor(Model, JavaSparkContext)} with the session's context. */
    public SparkPredictor(Model model, org.apache.spark.sql.SparkSession spark) {
        this(model, JavaSparkContext.fromSparkContext(spark.sparkContext()));
    }

    /** Rows per {@code predict} call inside a task (default 256). */
    public SparkPredictor batchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("SparkPredictor.batchSize: must be >= 1, got " + value);
        }
        this.batchSize = value;
        return this;
    }

    /**
     * The model's outputs for each input vector ({@code numel(inputShape)} values, reshaped to the
     * model's input shape), in the same order and partitioning.
     */
    public JavaRDD<float[]> predict(JavaRDD<float[]> inputs) {
        Broadcast<ModelBlueprint> b = bp;
        Broadcast<ModelWeights> w = weights;
        int size = batchSize;
        return inputs.mapPartitions(it -> new Batches<>(it, size, x -> x, b.value(), w.value(),
                (x, y) -> y));
    }

    /**
     * The rows with two columns added: {@value #PREDICTION} ({@code array<float>}, the model's output)
     * and {@value #PREDICTED_CLASS} ({@code int}, the index of its largest value).
     *
     * @throws IllegalArgumentException if a feature column is missing or has an unusable type, or the
     *                                  format's sample shape is not the model's input shape
     */
    public org.apache.spark.sql.Dataset<Row> predict(org.apache.spark.sql.Dataset<Row> rows, RowFormat format) {
        if (rows == null || format == null) {
            throw new IllegalArgumentException("SparkPredictor.predict: rows and format must not be null");
        }
        format.check(rows.schema());
        if (!java.util.Arrays.equals(format.sampleShape(), blueprint.inputShape())) {
            throw new IllegalArgumentException("SparkPredictor.predict: the model takes inputs of shape "
                    + Shape.format(blueprint.inputShape()) + ", the RowFormat reads samples of shape "
                    + Shape.format(format.sampleShape()));
        }
        StructType schema = rows.schema()
                .add(PREDICTION, DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add(PREDICTED_CLASS, DataTypes.IntegerType, false);
        Broadcast<ModelBlueprint> b = bp;
        Broadcast<ModelWeights> w = weights;
        int size = batchSize;
        org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row> f = it -> new Batches<>(it, size,
                format::features, b.value(), w.value(), SparkPredictor::withPrediction);
        return rows.mapPartitions(f, Encoders.row(schema));
    }

    private static Row withPrediction(Row row, float[] y) {
        Object[] values = new Object[row.length() + 2];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        int best = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[best]) {
                best = i;
            }
        }
        values[row.length()] = y;
        values[row.length() + 1] = best;
        return RowFactory.create(values);
    }

    /** Drops the broadcast model from the executors. */
    @Override
    public void close() {
        bp.destroy();
        weights.destroy();
    }

    /** Turns an input item into the model's input values. */
    @FunctionalInterface
    private interface Features<T> extends java.io.Serializable {
        float[] of(T item);
    }

    /** Combines an input item with its output. */
    @FunctionalInterface
    private interface Output<T, R> extends java.io.Serializable {
        R of(T item, float[] prediction);
    }

    /** Reads a partition in batches, predicting each batch with a borrowed model. */
    private static final class Batches<T, R> implements Iterator<R> {
        private final Iterator<T> in;
        private final int size;
        private final Features<T> features;
        private final ModelBlueprint bp;
        private final ModelWeights weights;
        private final Output<T, R> output;
        private final int[] inputShape;
        private final List<R> ready = new ArrayList<>();
        private int next;

        Batches(Iterator<T> in, int size, Features<T> features, ModelBlueprint bp, ModelWeights weights,
                Output<T, R> output) {
            this.in = in;
            this.size = size;
            this.features = features;
            this.bp = bp;
            this.weights = weights;
            this.output = output;
            this.inputShape = bp.inputShape();
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) {
                return true;
            }
            if (!in.hasNext()) {
                return false;
            }
            fill();
            return true;
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private void fill() {
            ready.clear();
            next = 0;
            List<T> items = new ArrayList<>(size);
            int n = Shape.numel(inputShape);
            while (items.size() < size && in.hasNext()) {
                items.add(in.next());
            }
            float[] x = new float[items.size() * n];
            for (int i = 0; i < items.size(); i++) {
                float[] v = features.of(items.get(i));
                if (v.length != n) {
                    throw new IllegalArgumentException("SparkPredictor: an input has " + v.length + " values, the model "
                            + "takes inputs of shape " + Shape.format(inputShape) + " (" + n + " values)");
                }
                System.arraycopy(v, 0, x, i * n, n);
            }
            int[] shape = new int[inputShape.length + 1];
            shape[0] = items.size();
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            Tensor y;
            ExecutorModels.Worker worker = ExecutorModels.borrow(bp, weights);
            try {
                y = worker.model.predict(Tensor.wrap(x, shape));
            } finally {
                ExecutorModels.release(bp, worker);
            }
            int m = y.numel() / items.size();
            float[] out = y.toArray();
            for (int i = 0; i < items.size(); i++) {
                ready.add(output.of(items.get(i), java.util.Arrays.copyOfRange(out, i * m, (i + 1) * m)));
            }
        }
    }
}

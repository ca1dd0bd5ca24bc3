package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Training examples spread over Spark partitions, one {@link Shard} per partition, cached in the
 * executors' memory. Example {@code i} of the set lies in the partition {@code p} with
 * {@code offset(p) <= i < offset(p) + count(p)}: the global order is the partitions' order, so a set
 * made from an in-memory {@link Dataset} numbers its examples as the dataset does.
 *
 * <p>Building a set runs one small Spark job that counts each partition and checks it: a row that
 * cannot be read, or partitions whose examples have different shapes, fail here, on the driver, with
 * an {@link IllegalArgumentException} naming the partition. Empty partitions are fine. A lost
 * cached partition is recomputed by Spark from its source (files, or the broadcast shards of an
 * in-memory dataset).
 */
public final class TrainingSet implements AutoCloseable {
    private final JavaRDD<Shard> shards;
    private final int[] counts;
    private final long[] offsets;
    private final int[] sampleShape;
    private final int[] targetShape;
    private final long size;
    private final Runnable release;

    private TrainingSet(JavaRDD<Shard> shards, List<Summary> summaries, Runnable release) {
        this.shards = shards;
        this.release = release;
        int p = summaries.size();
        counts = new int[p];
        offsets = new long[p];
        int[] sample = null;
        int[] target = null;
        int sampleFrom = -1;
        List<String> problems = new ArrayList<>();
        long total = 0;
        for (Summary s : summaries) {
            if (s.problem != null) {
                problems.add("partition " + s.partition + ": " + s.problem);
                continue;
            }
            counts[s.partition] = s.count;
            if (s.count == 0) {
                continue;
            }
            if (sample == null) {
                sample = s.sampleShape;
                target = s.targetShape;
                sampleFrom = s.partition;
            } else if (!Arrays.equals(sample, s.sampleShape) || !Arrays.equals(target, s.targetShape)) {
                problems.add("partition " + s.partition + " holds examples " + Shape.format(s.sampleShape) + " → "
                        + Shape.format(s.targetShape) + " but partition " + sampleFrom + " holds "
                        + Shape.format(sample) + " → " + Shape.format(target));
            }
        }
        if (!problems.isEmpty()) {
            shards.unpersist(false);
            throw new IllegalArgumentException("TrainingSet: bad input in " + problems.size() + " partition(s): "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; …" : ""));
        }
        for (int i = 0; i < p; i++) {
            offsets[i] = total;
            total += counts[i];
        }
        if (total == 0) {
            shards.unpersist(false);
            throw new IllegalArgumentException("TrainingSet: all " + p + " partitions are empty; nothing to train on");
        }
        this.size = total;
        this.sampleShape = sample;
        this.targetShape = target;
    }

    /**
     * Spreads an in-memory dataset over {@code partitions} partitions in contiguous, nearly equal
     * runs (the first {@code size % partitions} get one example more). The dataset's sample
     * weights, if any, travel with their examples and weight the loss as in {@code model.fit}.
     */
    public static TrainingSet of(JavaSparkContext sc, Dataset data, int partitions) {
        if (sc == null || data == null) {
            throw new IllegalArgumentException("TrainingSet.of: Spark context and data must not be null");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("TrainingSet.of: partitions must be >= 1, got " + partitions);
        }
        int n = data.size();
        int[] xShape = Arrays.copyOfRange(data.x().shape(), 1, data.x().rank());
        int[] yShape = Arrays.copyOfRange(data.y().shape(), 1, data.y().rank());
        // One broadcast per shard: a task then carries only its partition number, and each executor
        // fetches (once) the shards of its own partitions. sc.parallelize(shards) would put a whole
        // shard into every task of every step.
        List<Broadcast<Shard>> broadcasts = new ArrayList<>(partitions);
        List<Integer> indices = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            Tensor x = data.x().slice(0, from, to);
            Tensor y = data.y().slice(0, from, to);
            float[] w = data.sampleWeights() == null ? null : data.sampleWeights().slice(0, from, to).toArray();
            broadcasts.add(sc.broadcast(new Shard(p, to - from, xShape, yShape, x.toArray(), y.toArray(), w, null)));
            indices.add(p);
        }
        JavaRDD<Shard> shards = sc.parallelize(indices, partitions).map(p -> broadcasts.get(p).value());
        return fromShards(shards, false, () -> broadcasts.forEach(Broadcast::destroy));
    }

    /**
     * Reads every row of a Spark SQL dataset (from {@code spark.read().parquet(…)}, {@code csv(…)},
     * {@code format("binaryFile")}, …) with {@code format}, keeping the dataset's partitioning. The
     * rows must come back in the same order when Spark recomputes a partition (true of files).
     */
    public static TrainingSet of(org.apache.spark.sql.Dataset<Row> rows, RowFormat format) {
        if (rows == null || format == null) {
            throw new IllegalArgumentException("TrainingSet.of: rows and format must not be null");
        }
        if (!format.hasTarget()) {
            throw new IllegalArgumentException("TrainingSet.of: the RowFormat has no target; add classLabel(column, "
                    + "classes) or target(column)");
        }
        format.check(rows.schema());
        JavaRDD<Shard> shards = rows.javaRDD().mapPartitionsWithIndex(
                (index, it) -> Collections.singletonList(read(index, it, format)).iterator(), true);
        return fromShards(shards, true, () -> { });
    }

    /** Packs one partition's rows; a bad row is recorded as the shard's problem, not thrown. */
    private static Shard read(int partition, Iterator<Row> rows, RowFormat format) {
        int[] sampleShape = format.sampleShape();
        int[] targetShape = format.targetShape();
        FloatBuffer x = new FloatBuffer();
        FloatBuffer y = new FloatBuffer();
        FloatBuffer w = format.hasSampleWeight() ? new FloatBuffer() : null;
        int count = 0;
        try {
            while (rows.hasNext()) {
                Row row = rows.next();
                x.add(format.features(row));
                float[] t = format.target(row);
                if (targetShape == null) {
                    targetShape = new int[] {t.length};
                } else if (t.length != Shape.numel(targetShape)) {
                    throw new IllegalArgumentException("the target has " + t.length + " values, earlier rows had "
                            + Shape.numel(targetShape));
                }
                y.add(t);
                if (w != null) {
                    w.add(new float[] {format.sampleWeight(row)});
                }
                count++;
            }
        } catch (IllegalArgumentException e) {
            return new Shard(partition, count, sampleShape, targetShape == null ? new int[] {1} : targetShape,
                    new float[0], new float[0], "row " + count + ": " + e.getMessage());
        }
        return new Shard(partition, count, sampleShape, targetShape == null ? new int[] {1} : targetShape,
                x.toArray(), y.toArray(), w == null ? null : w.toArray(), null);
    }

    /** Caches the shards (if asked) and checks them with one counting job. */
    private static TrainingSet fromShards(JavaRDD<Shard> shards, boolean cache, Runnable release) {
        if (cache) {
            shards.persist(StorageLevel.MEMORY_ONLY());
        }
        List<Summary> summaries = new ArrayList<>(shards.map(Summary::of).collect());
        summaries.sort((a, b) -> Integer.compare(a.partition, b.partition));
        for (int i = 0; i < summaries.size(); i++) {
            if (summaries.get(i).partition != i) {
                shards.unpersist(false);
                release.run();
                throw new IllegalStateException("TrainingSet: expected one shard per partition, partition " + i
                        + " has " + (summaries.get(i).partition < i ? "several" : "none"));
            }
        }
        try {
            return new TrainingSet(shards, summaries, release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** For tests: a set from hand-made shards, one per partition. */
    static TrainingSet fromShardsForTest(JavaRDD<Shard> shards) {
        return fromShards(shards, true, () -> { });
    }

    /** The cached shards, one per partition. */
    public JavaRDD<Shard> shards() {
        return shards;
    }

    /** The Spark context the shards live in. */
    public JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(shards.context());
    }

    /** Number of partitions. */
    public int partitions() {
        return counts.length;
    }

    /** Examples in partition {@code p} (0 for an empty one). */
    public int count(int p) {
        return counts[p];
    }

    /** Global index of the first example of partition {@code p}. */
    public long offset(int p) {
        return offsets[p];
    }

    /** Total number of examples. */
    public long size() {
        return size;
    }

    /** Shape of one input. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Shape of one target. */
    public int[] targetShape() {
        return targetShape.clone();
    }

    /**
     * Splits a list of global example indices into per-partition row indices (sorted ascending;
     * empty arrays for partitions with no example in the list).
     */
    public int[][] rowsByPartition(int[] globalIndices) {
        int[] sorted = globalIndices.clone();
        Arrays.sort(sorted);
        int[][] out = new int[counts.length][];
        int i = 0;
        for (int p = 0; p < counts.length; p++) {
            int from = i;
            while (i < sorted.length && sorted[i] < offsets[p] + counts[p]) {
                i++;
            }
            out[p] = new int[i - from];
            for (int j = from; j < i; j++) {
                out[p][j - from] = (int) (sorted[j] - offsets[p]);
            }
        }
        if (i != sorted.length) {
            throw new IllegalArgumentException("rowsByPartition: index " + sorted[i] + " is outside [0, " + size + ")");
        }
        if (sorted.length > 0 && sorted[0] < 0) {
            throw new IllegalArgumentException("rowsByPartition: index " + sorted[0] + " is negative");
        }
        return out;
    }

    /** Drops the cached (or broadcast) shards from the executors. */
    @Override
    public void close() {
        shards.unpersist(false);
        release.run();
    }

    /** What the driver learns about a partition. */
    private static final class Summary implements Serializable {
        private static final long serialVersionUID = 1L;
        final int partition;
        final int count;
        final int[] sampleShape;
        final int[] targetShape;
        final String problem;

        private Summary(Shard s) {
            partition = s.partition();
            count = s.count();
            sampleShape = s.sampleShape();
            targetShape = s.targetShape();
            problem = s.problem();
        }

        static Summary of(Shard s) {
            return new Summary(s);
        }
    }

    /** A growable float array. */
    private static final class FloatBuffer {
        private float[] data = new float[1024];
        private int size;

        void add(float[] values) {
            if (size + values.length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + values.length));
            }
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}

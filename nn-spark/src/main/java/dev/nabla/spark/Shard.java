package dev.nabla.spark;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.Serializable;

/**
 * The training examples of one Spark partition, packed into two contiguous float arrays: inputs
 * {@code (count, sampleShape…)} and targets {@code (count, targetShape…)}. Example {@code i} of the
 * shard is example {@code offset + i} of the whole training set (offsets are filled in by
 * {@link TrainingSet} once every partition's count is known). A shard may be empty, and it may
 * carry the first problem found while reading its rows ({@link #problem()}), which the driver
 * reports instead of failing deep inside a task. Optional per-example weights ({@code
 * Dataset.sampleWeights}) travel with the examples and weight each example's loss as nn-core's
 * {@code Loss.compute(predictions, targets, sampleWeights)} does.
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final int count;
    private final int[] sampleShape;
    private final int[] targetShape;
    private final float[] x;
    private final float[] y;
    private final float[] weights;
    private final String problem;

    /**
     * @param partition   the Spark partition it came from
     * @param count       number of examples
     * @param sampleShape shape of one input (no batch axis)
     * @param targetShape shape of one target (no batch axis)
     * @param x           {@code count × numel(sampleShape)} values, example after example
     * @param y           {@code count × numel(targetShape)} values
     * @param problem     a description of bad input found in this partition, or null
     */
    public Shard(int partition, int count, int[] sampleShape, int[] targetShape, float[] x, float[] y, String problem) {
        this(partition, count, sampleShape, targetShape, x, y, null, problem);
    }

    /**
     * A shard whose examples carry sample weights.
     *
     * @param weights {@code count} weights, one per example, or null for none (all 1)
     * @see #Shard(int, int, int[], int[], float[], float[], String)
     */
    public Shard(int partition, int count, int[] sampleShape, int[] targetShape, float[] x, float[] y, float[] weights,
                 String problem) {
        this.partition = partition;
        this.count = count;
        this.sampleShape = sampleShape.clone();
        this.targetShape = targetShape.clone();
        this.x = x;
        this.y = y;
        this.weights = weights;
        this.problem = problem;
        if (problem == null && weights != null && weights.length != count) {
            throw new IllegalArgumentException("Shard: " + count + " examples need " + count + " sample weights, got "
                    + weights.length);
        }
        if (problem == null && (x.length != (long) count * Shape.numel(sampleShape)
                || y.length != (long) count * Shape.numel(targetShape))) {
            throw new IllegalArgumentException("Shard: " + count + " examples of shape " + Shape.format(sampleShape)
                    + " → " + Shape.format(targetShape) + " need " + (long) count * Shape.numel(sampleShape) + " + "
                    + (long) count * Shape.numel(targetShape) + " values, got " + x.length + " + " + y.length);
        }
    }

    /** The Spark partition index. */
    public int partition() {
        return partition;
    }

    /** Number of examples. */
    public int count() {
        return count;
    }

    /** Shape of one input. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Shape of one target. */
    public int[] targetShape() {
        return targetShape.clone();
    }

    /** The first bad-input problem found while reading this partition, or null. */
    public String problem() {
        return problem;
    }

    /** True when the examples carry sample weights. */
    public boolean hasSampleWeights() {
        return weights != null;
    }

    /** Sample weights of the examples {@code rows}, shape {@code (rows)}, or null when the shard has none. */
    public Tensor sampleWeights(int[] rows) {
        if (weights == null) {
            return null;
        }
        float[] out = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = weights[rows[r]];
        }
        return Tensor.wrap(out, rows.length);
    }

    /** Inputs of the examples {@code rows} (indices into this shard), as a batch. */
    public Tensor inputs(int[] rows) {
        return gather(x, sampleShape, rows);
    }

    /** Targets of the examples {@code rows}, as a batch. */
    public Tensor targets(int[] rows) {
        return gather(y, targetShape, rows);
    }

    private static Tensor gather(float[] data, int[] shape, int[] rows) {
        int n = Shape.numel(shape);
        float[] out = new float[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(data, rows[r] * n, out, r * n, n);
        }
        int[] batch = new int[shape.length + 1];
        batch[0] = rows.length;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        return Tensor.wrap(out, batch);
    }
}

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
 * reports instead of failing deep inside a task.
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int partition;
    private final int count;
    private final int[] sampleShape;
    private final int[] targetShape;
    private final float[] x;
    private final float[] y;
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
        this.partition = partition;
        this.count = count;
        this.sampleShape = sampleShape.clone();
        this.targetShape = targetShape.clone();
        this.x = x;
        this.y = y;
        this.problem = problem;
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

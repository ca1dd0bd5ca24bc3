package dev.nabla.tensor;

import java.util.Arrays;

/**
 * Small static helpers for shapes ({@code int[]} of dimension sizes): element counts, row-major
 * strides, NumPy broadcasting and axis normalisation. Shapes are always copied on the way in and
 * out of a {@link Tensor}, so an {@code int[]} passed here is never kept.
 */
public final class Shape {
    private Shape() {
    }

    /** Number of elements of a tensor of this shape (1 for a scalar, shape {@code []}). */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + format(shape) + " has " + n
                    + " elements, more than a Java array can hold (" + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    /** Row-major ("C order") strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int... shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** Rejects negative dimension sizes with a message that names the shape. */
    public static int[] validate(int... shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + format(shape) + " has a negative dimension");
            }
        }
        return shape.clone();
    }

    /**
     * The NumPy broadcast of two shapes: align trailing dimensions; each pair must be equal or one
     * of them 1.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " do not broadcast (dimension " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Maps a possibly negative axis ({@code -1} = last) to {@code 0..rank-1}, or throws. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank "
                    + rank + " (expected " + (-rank) + " to " + (rank - 1) + ")");
        }
        return a;
    }

    /** Normalises and sorts a list of axes; an empty list means every axis. Duplicates are rejected. */
    public static int[] axes(String op, int[] axes, int rank) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(op, axes[i], rank);
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new IllegalArgumentException(op + ": axis " + out[i] + " is listed twice in "
                        + Arrays.toString(axes));
            }
        }
        return out;
    }

    /**
     * True when {@code a} and {@code b} differ only by one trailing axis of size 1, as
     * {@code (batch)} and {@code (batch, 1)}: the difference Keras squeezes away when it compares
     * targets with predictions. Equal shapes give false.
     */
    public static boolean equalUpToTrailingOne(int[] a, int[] b) {
        if (a.length == b.length + 1) {
            return a[a.length - 1] == 1 && Arrays.equals(Arrays.copyOf(a, b.length), b);
        }
        if (b.length == a.length + 1) {
            return b[b.length - 1] == 1 && Arrays.equals(Arrays.copyOf(b, a.length), a);
        }
        return false;
    }

    /** {@code [2, 3, 4]}. */
    public static String format(int... shape) {
        return Arrays.toString(shape);
    }
}

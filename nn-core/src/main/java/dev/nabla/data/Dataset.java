package dev.nabla.data;

import dev.nabla.autograd.Grad;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;

/**
 * An in-memory set of samples: inputs {@code x} and targets {@code y} with the same number of
 * rows (axis 0), optionally a weight per sample. {@link #batches} cuts it into mini-batches,
 * shuffled with a seeded generator.
 */
public final class Dataset {
    private final Tensor x;
    private final Tensor y;
    private final Tensor sampleWeights;

    private Dataset(Tensor x, Tensor y, Tensor sampleWeights) {
        this.x = x;
        this.y = y;
        this.sampleWeights = sampleWeights;
    }

    /** Inputs and targets; both need the same number of samples along axis 0. */
    public static Dataset of(Tensor x, Tensor y) {
        return of(x, y, null);
    }

    /** As {@link #of(Tensor, Tensor)} with one weight per sample (shape {@code (n)}). */
    public static Dataset of(Tensor x, Tensor y, Tensor sampleWeights) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("Dataset: inputs and targets must not be null");
        }
        if (x.rank() < 1 || y.rank() < 1) {
            throw new IllegalArgumentException("Dataset: inputs and targets need a sample axis, got shapes "
                    + Shape.format(x.shape()) + " and " + Shape.format(y.shape()));
        }
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("Dataset: " + x.size(0) + " input samples (shape " + Shape.format(x.shape())
                    + ") but " + y.size(0) + " targets (shape " + Shape.format(y.shape()) + ")");
        }
        if (sampleWeights != null && (sampleWeights.rank() != 1 || sampleWeights.size(0) != x.size(0))) {
            throw new IllegalArgumentException("Dataset: sample weights must have shape [" + x.size(0) + "], got "
                    + Shape.format(sampleWeights.shape()));
        }
        return new Dataset(x.detach(), y.detach(), sampleWeights == null ? null : sampleWeights.detach());
    }

    /** One-hot targets {@code (n, classes)}: a 1 in each row's label column. */
    public static Tensor oneHot(int[] labels, int classes) {
        float[] y = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " at " + i + " is outside [0, "
                        + classes + ")");
            }
            y[i * classes + labels[i]] = 1f;
        }
        return Tensor.wrap(y, labels.length, classes);
    }

    /** The number of samples (rows along axis 0). */
    public int size() {
        return x.size(0);
    }

    /** The inputs, sample axis first. */
    public Tensor x() {
        return x;
    }

    /** The targets, sample axis first. */
    public Tensor y() {
        return y;
    }

    /** Per-sample weights, or null. */
    public Tensor sampleWeights() {
        return sampleWeights;
    }

    /** Samples {@code from..to-1} as a new dataset (views, no copy). */
    public Dataset slice(int from, int to) {
        return new Dataset(x.slice(0, from, to), y.slice(0, from, to),
                sampleWeights == null ? null : sampleWeights.slice(0, from, to));
    }

    /**
     * The samples in mini-batches of {@code batchSize}. With a generator the order is shuffled
     * (Fisher–Yates); with {@code dropLast} a final short batch is left out.
     */
    public Iterable<Batch> batches(int batchSize, RandomGenerator shuffle, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Dataset.batches: batch size must be ≥ 1, got " + batchSize);
        }
        int n = size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int count = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next * batchSize;
                int to = Math.min(from + batchSize, n);
                next++;
                return batch(order, from, to, shuffle != null);
            }
        };
    }

    /** The samples at {@code indices} (in that order, repeats allowed) as one batch; no gradient is tracked. */
    public Batch batch(int[] indices) {
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException("Dataset.batch: need at least one index");
        }
        for (int i : indices) {
            if (i < 0 || i >= size()) {
                throw new IllegalArgumentException("Dataset.batch: index " + i + " outside 0.." + (size() - 1));
            }
        }
        try (Grad.Scope off = Grad.off()) {
            return new Batch(Ops.indexSelect(x, 0, indices), Ops.indexSelect(y, 0, indices),
                    sampleWeights == null ? null : Ops.indexSelect(sampleWeights, 0, indices));
        }
    }

    /** Number of batches {@link #batches} yields. */
    public int batchCount(int batchSize, boolean dropLast) {
        return dropLast ? size() / batchSize : (size() + batchSize - 1) / batchSize;
    }

    private Batch batch(int[] order, int from, int to, boolean shuffled) {
        try (Grad.Scope off = Grad.off()) {
            if (!shuffled) {
                return new Batch(x.slice(0, from, to).contiguous(), y.slice(0, from, to).contiguous(),
                        sampleWeights == null ? null : sampleWeights.slice(0, from, to).contiguous());
            }
            int[] idx = java.util.Arrays.copyOfRange(order, from, to);
            return new Batch(Ops.indexSelect(x, 0, idx), Ops.indexSelect(y, 0, idx),
                    sampleWeights == null ? null : Ops.indexSelect(sampleWeights, 0, idx));
        }
    }
}

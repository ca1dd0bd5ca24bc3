package dev.nabla.metrics;

/**
 * Makes the metrics, with Keras's names and semantics. Each is stateful: {@code update} per batch,
 * {@code result} at the end, {@code reset} between epochs (the training loop does this).
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), Losses.binaryCrossentropy(false), Metrics.accuracy(), Metrics.auc());
 * }</pre>
 *
 * <p>Class scores lie along the last axis. One output column ({@code (batch)} or
 * {@code (batch, 1)}) means a binary problem; otherwise targets of the predictions' shape are
 * one-hot and smaller targets are class indices stored as floats.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * {@code correct / total}, the form inferred from the shapes as Keras's {@code "accuracy"}:
     * binary ({@code p > 0.5} against {@code t ≥ 0.5}) for one output column, categorical (argmax
     * against argmax) for one-hot targets, sparse (argmax against the index) for class indices.
     * Named {@code "accuracy"}.
     */
    public static Metric accuracy() {
        return new Accuracy();
    }

    /**
     * {@code (p > threshold) == (t ≥ 0.5)} for every element, whatever the shape (e.g. masks
     * {@code (N, 1, H, W)}), as Keras's {@code BinaryAccuracy}. Named {@code "binary_accuracy"}.
     */
    public static Metric binaryAccuracy(float threshold) {
        return Accuracy.binary(threshold);
    }

    /**
     * The fraction of examples whose true class is among the {@code k} highest scores (ties in the
     * example's favour); one-hot or index targets. Named {@code "top_k_categorical_accuracy"}.
     */
    public static Metric topKAccuracy(int k) {
        return new TopKAccuracy(k);
    }

    /**
     * {@code tp / (tp + fp)}: binary (one output column, threshold 0.5) as Keras's
     * {@code Precision}; for class scores, the macro average over classes. Named {@code "precision"}.
     */
    public static Metric precision() {
        return precision(0.5f);
    }

    /** As {@link #precision()}; a binary prediction is positive when {@code p > threshold}. */
    public static Metric precision(float threshold) {
        return new ConfusionScore(ConfusionScore.Kind.PRECISION, threshold);
    }

    /**
     * {@code tp / (tp + fn)} (sensitivity): binary as Keras's {@code Recall}; for class scores, the
     * macro average over classes. Named {@code "recall"}.
     */
    public static Metric recall() {
        return recall(0.5f);
    }

    /** As {@link #recall()}; a binary prediction is positive when {@code p > threshold}. */
    public static Metric recall(float threshold) {
        return new ConfusionScore(ConfusionScore.Kind.RECALL, threshold);
    }

    /**
     * {@code 2tp / (2tp + fp + fn)}, the harmonic mean of precision and recall: binary for one
     * output column; for class scores, the mean of the per-class F1 (macro). Named {@code "f1_score"}.
     */
    public static Metric f1() {
        return f1(0.5f);
    }

    /** As {@link #f1()}; a binary prediction is positive when {@code p > threshold}. */
    public static Metric f1(float threshold) {
        return new ConfusionScore(ConfusionScore.Kind.F1, threshold);
    }

    /**
     * The exact area under the ROC curve of a binary problem (trapezoids over every threshold, ties
     * counted ½), as scikit-learn's {@code roc_auc_score}. Named {@code "auc"}.
     */
    public static Metric auc() {
        return new Auc();
    }
}

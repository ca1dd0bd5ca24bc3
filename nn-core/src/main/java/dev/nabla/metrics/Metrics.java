package dev.nabla.metrics;

import dev.nabla.ops.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private static final Map<String, java.util.function.Function<Map<String, ?>, Metric>> CUSTOM =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Makes a custom metric loadable: {@link #fromConfig} (and so {@code Model.load} of a compiled model)
     * calls {@code factory} for configs whose {@code "class_name"} is {@code className}.
     */
    public static void register(String className, java.util.function.Function<Map<String, ?>, Metric> factory) {
        if (!(className != null && !className.isBlank() && factory != null)) {
            throw new IllegalArgumentException("Metrics.register: a class name and a factory are required, got " + className + ", " + factory);
        }
        CUSTOM.put(className, factory);
    }

    /**
     * Rebuilds a metric from its {@link Metric#getConfig()} (for example, read back from a saved
     * model): {@code Accuracy}, {@code BinaryAccuracy} ({@code threshold}, default 0.5),
     * {@code TopKCategoricalAccuracy} ({@code k}, default 5), {@code Precision}, {@code Recall},
     * {@code F1Score} ({@code threshold}, default 0.5), {@code AUC}. {@code "name"} is checked
     * against the rebuilt metric's name; other keys are rejected.
     *
     * @throws IllegalArgumentException for an unknown {@code "class_name"}, an unknown argument or
     *                                  a value of the wrong type
     */
    public static Metric fromConfig(Map<String, ?> config) {
        Check.argument(config != null, "Metrics.fromConfig: config must not be null");
        Object className = config.get("class_name");
        Metric metric;
        switch (String.valueOf(className)) {
            case "Accuracy":
                known(config, "Accuracy");
                metric = accuracy();
                break;
            case "BinaryAccuracy":
                known(config, "BinaryAccuracy", "threshold");
                metric = binaryAccuracy(number(config, "threshold", 0.5f));
                break;
            case "TopKCategoricalAccuracy": {
                known(config, "TopKCategoricalAccuracy", "k");
                float k = number(config, "k", 5f);
                if (k != Math.rint(k)) {
                    throw new IllegalArgumentException("Metrics.fromConfig: TopKCategoricalAccuracy: k must be a "
                        + "whole number, got " + config.get("k"));
                }
                metric = topKAccuracy((int) k);
                break;
            }
            case "Precision":
                known(config, "Precision", "threshold");
                metric = precision(number(config, "threshold", 0.5f));
                break;
            case "Recall":
                known(config, "Recall", "threshold");
                metric = recall(number(config, "threshold", 0.5f));
                break;
            case "F1Score":
                known(config, "F1Score", "threshold");
                metric = f1(number(config, "threshold", 0.5f));
                break;
            case "AUC":
                known(config, "AUC");
                metric = auc();
                break;
            default: {
                java.util.function.Function<Map<String, ?>, Metric> factory = CUSTOM.get(String.valueOf(className));
                if (factory == null) {
                    throw new IllegalArgumentException("Metrics.fromConfig: unknown metric class_name '" + className
                            + "' (built in: Accuracy, BinaryAccuracy, TopKCategoricalAccuracy, Precision, Recall, "
                            + "F1Score, AUC; registered: " + CUSTOM.keySet()
                            + "; custom metrics must be registered with Metrics.register)");
                }
                metric = factory.apply(config);
                break;
            }
        }
        Object name = config.get("name");
        if (!(name == null || name.equals(metric.name()))) {
            throw new IllegalArgumentException("Metrics.fromConfig: " + className
                + " is named '" + metric.name() + "', the config says '" + name + "'");
        }
        return metric;
    }

    private static void known(Map<String, ?> config, String className, String... arguments) {
        List<String> allowed = new ArrayList<>(List.of("class_name", "name"));
        allowed.addAll(List.of(arguments));
        for (String key : config.keySet()) {
            if (!(allowed.contains(key))) {
                throw new IllegalArgumentException("Metrics.fromConfig: " + className + ": unknown argument '"
                    + key + "' (expected " + allowed + ")");
            }
        }
    }

    private static float number(Map<String, ?> config, String key, float fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException("Metrics.fromConfig: " + config.get("class_name") + ": " + key
                + " must be a number, got " + value);
        }
        return ((Number) value).floatValue();
    }
}

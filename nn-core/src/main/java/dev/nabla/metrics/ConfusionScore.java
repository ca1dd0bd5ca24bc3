package dev.nabla.metrics;

import dev.nabla.ops.Check;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Precision, recall or F1 accumulated in a {@link ConfusionMatrix}. With one output column the
 * problem is binary (predicted positive {@code p > threshold}, true positive {@code t ≥ 0.5}) and
 * the score is that of the positive class, as Keras's {@code Precision}/{@code Recall}:
 * <pre>
 *     precision = tp / (tp + fp),   recall = tp / (tp + fn),   F1 = 2tp / (2tp + fp + fn)
 * </pre>
 * (0 when the denominator is 0). With class scores {@code (batch, C)} the predicted class is the
 * argmax and the score is the macro average over the classes that occur, as scikit-learn's
 * {@code average="macro"}.
 */
final class ConfusionScore implements Metric {
    /** Which score to report. */
    enum Kind {
        PRECISION("precision", "Precision"), RECALL("recall", "Recall"), F1("f1_score", "F1Score");

        private final String kerasName;
        private final String className;

        Kind(String kerasName, String className) {
            this.kerasName = kerasName;
            this.className = className;
        }

        double positiveClass(ConfusionMatrix m) {
            switch (this) {
                case PRECISION: return m.precision(1);
                case RECALL: return m.recall(1);
                default: return m.f1(1);
            }
        }

        double macro(ConfusionMatrix m) {
            switch (this) {
                case PRECISION: return m.macroPrecision();
                case RECALL: return m.macroRecall();
                default: return m.macroF1();
            }
        }
    }

    private final Kind kind;
    private final float threshold;
    private ConfusionMatrix matrix;
    private boolean binary;

    ConfusionScore(Kind kind, float threshold) {
        if (Float.isNaN(threshold)) {
            throw new IllegalArgumentException(kind.kerasName + ": threshold must be a number, got NaN");
        }
        this.kind = kind;
        this.threshold = threshold;
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        ClassLabels.Pairs pairs = ClassLabels.of(name(), predictions, targets, threshold);
        if (matrix == null) {
            matrix = new ConfusionMatrix(pairs.numClasses());
            binary = pairs.binary();
        }
        if (pairs.binary() != binary) {
            throw new IllegalArgumentException(name() + ": earlier batches were "
                + (binary ? "binary (one output column)" : "multi-class") + ", this one is not; call reset() between problems");
        }
        matrix.add(name(), pairs);
    }

    @Override
    public double result() {
        if (matrix == null) {
            return 0;
        }
        return binary ? kind.positiveClass(matrix) : kind.macro(matrix);
    }

    @Override
    public void reset() {
        matrix = null;
    }

    /** {@code "precision"}, {@code "recall"} or {@code "f1_score"}. */
    @Override
    public String name() {
        return kind.kerasName;
    }

    /** {@code Precision}, {@code Recall} or {@code F1Score} with its {@code threshold}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("class_name", kind.className);
        config.put("name", name());
        config.put("threshold", threshold);
        return config;
    }

    @Override
    public String toString() {
        return name() + "=" + result();
    }
}

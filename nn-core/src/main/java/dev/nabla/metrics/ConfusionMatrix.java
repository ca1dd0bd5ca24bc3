package dev.nabla.metrics;

import dev.nabla.ops.Check;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * Counts of (true class, predicted class) pairs: {@code counts[true][predicted]}, so row {@code i}
 * holds the examples of class {@code i} and the diagonal the correct ones. From it, per class
 * {@code c}:
 * <pre>
 *     precision(c) = counts[c][c] / Σ_i counts[i][c]       (of those predicted c, how many are c)
 *     recall(c)    = counts[c][c] / Σ_j counts[c][j]       (of those that are c, how many were found)
 *     f1(c)        = 2·precision·recall / (precision + recall)
 * </pre>
 * each 0 when its denominator is 0 (as scikit-learn's {@code zero_division=0}). The macro averages
 * are the plain means over the classes that occur in the targets or the predictions (as
 * scikit-learn's {@code average="macro"}).
 *
 * <p>{@link #update} reads predictions and targets like {@link Metrics#accuracy()}: one output
 * column is binary with threshold 0.5 (a 2-class matrix: 0 = negative, 1 = positive), otherwise
 * the argmax of the scores against one-hot targets or class indices.
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix("normal", "benign", "malignant");
 * cm.update(model.predict(x), y);
 * System.out.println(cm);        // the table, with recall per row and precision per column
 * }</pre>
 */
public final class ConfusionMatrix {
    private final String[] labels;
    private final long[][] counts;

    /** An empty matrix for classes {@code 0..numClasses−1} ({@code numClasses ≥ 2}). */
    public ConfusionMatrix(int numClasses) {
        this(numberedLabels(numClasses));
    }

    /** An empty matrix whose classes {@code 0, 1, …} are printed with the given names. */
    public ConfusionMatrix(String... labels) {
        if (!(labels != null && labels.length >= 2)) {
            throw new IllegalArgumentException("ConfusionMatrix: needs at least 2 classes, got " + (labels == null ? 0 : labels.length));
        }
        this.labels = labels.clone();
        this.counts = new long[labels.length][labels.length];
    }

    private static String[] numberedLabels(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("ConfusionMatrix: needs at least 2 classes, got " + numClasses);
        }
        String[] labels = new String[numClasses];
        for (int i = 0; i < numClasses; i++) {
            labels[i] = Integer.toString(i);
        }
        return labels;
    }

    /**
     * Adds a batch.
     *
     * @throws IllegalArgumentException when the shapes do not fit or the predictions have a
     *                                  different number of classes than the matrix
     */
    public void update(Tensor predictions, Tensor targets) {
        add("confusion_matrix", ClassLabels.of("confusion_matrix", predictions, targets, 0.5f));
    }

    /** Adds the pairs of one batch, after checking they have this matrix's number of classes. */
    void add(String metric, ClassLabels.Pairs pairs) {
        if (pairs.numClasses() != numClasses()) {
            throw new IllegalArgumentException(metric + ": the predictions have "
                + pairs.numClasses() + " classes" + (pairs.binary() ? " (one output column: binary)" : "")
                + ", but the confusion matrix has " + numClasses() + "; call reset() between different problems");
        }
        for (int i = 0; i < pairs.size(); i++) {
            counts[pairs.trueClasses()[i]][pairs.predictedClasses()[i]]++;
        }
    }

    /** Adds one example. */
    public void add(int trueClass, int predictedClass) {
        if (!(trueClass >= 0 && trueClass < numClasses() && predictedClass >= 0
                && predictedClass < numClasses())) {
            throw new IllegalArgumentException("ConfusionMatrix.add: classes (" + trueClass + ", "
                + predictedClass + ") are outside 0.." + (numClasses() - 1));
        }
        counts[trueClass][predictedClass]++;
    }

    /** The number of classes, the side of the square matrix. */
    public int numClasses() {
        return counts.length;
    }

    /** The number of examples of class {@code trueClass} predicted as {@code predictedClass}. */
    public long count(int trueClass, int predictedClass) {
        requireClass("count", trueClass);
        requireClass("count", predictedClass);
        return counts[trueClass][predictedClass];
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** The number of examples added. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            n += Arrays.stream(row).sum();
        }
        return n;
    }

    /** {@code Σ_c counts[c][c] / total} (0 when empty). */
    public double accuracy() {
        long diagonal = 0;
        for (int c = 0; c < counts.length; c++) {
            diagonal += counts[c][c];
        }
        return ratio(diagonal, total());
    }

    /** Of the examples predicted as {@code c}, the fraction that are {@code c}. */
    public double precision(int c) {
        requireClass("precision", c);
        return ratio(counts[c][c], predictedAs(c));
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c} (sensitivity). */
    public double recall(int c) {
        requireClass("recall", c);
        return ratio(counts[c][c], actually(c));
    }

    /** The harmonic mean of {@link #precision(int)} and {@link #recall(int)}: {@code 2tp / (2tp + fp + fn)}. */
    public double f1(int c) {
        requireClass("f1", c);
        return ratio(2 * counts[c][c], predictedAs(c) + actually(c));
    }

    /** The mean of {@link #precision(int)} over the classes that occur (0 when empty). */
    public double macroPrecision() {
        return macro(this::precision);
    }

    /** The mean of {@link #recall(int)} over the classes that occur (0 when empty). */
    public double macroRecall() {
        return macro(this::recall);
    }

    /** The mean of {@link #f1(int)} over the classes that occur (0 when empty). */
    public double macroF1() {
        return macro(this::f1);
    }

    /** Sets every count to 0. */
    public void reset() {
        for (long[] row : counts) {
            Arrays.fill(row, 0);
        }
    }

    private double macro(IntToDoubleFunction score) {
        double sum = 0;
        int occurring = 0;
        for (int c = 0; c < counts.length; c++) {
            if (actually(c) + predictedAs(c) > 0) {
                sum += score.applyAsDouble(c);
                occurring++;
            }
        }
        return occurring == 0 ? 0 : sum / occurring;
    }

    private void requireClass(String method, int c) {
        if (!(c >= 0 && c < numClasses())) {
            throw new IllegalArgumentException("ConfusionMatrix." + method + ": class " + c
                + " is outside 0.." + (numClasses() - 1));
        }
    }

    private long predictedAs(int c) {
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    private long actually(int c) {
        return Arrays.stream(counts[c]).sum();
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /**
     * The table, true classes down and predicted classes across, recall at the end of each row
     * and precision under each column:
     * <pre>
     * true \ predicted normal tumour recall
     * normal                2      1  0.667
     * tumour                0      1  1.000
     * precision         1.000  0.500
     * </pre>
     */
    @Override
    public String toString() {
        String corner = "true \\ predicted";
        int first = Math.max(corner.length(), "precision".length());
        for (String label : labels) {
            first = Math.max(first, label.length());
        }
        int cell = "recall".length();
        for (int c = 0; c < counts.length; c++) {
            cell = Math.max(cell, labels[c].length());
            for (long n : counts[c]) {
                cell = Math.max(cell, Long.toString(n).length());
            }
        }
        String left = "%-" + first + "s";
        String right = " %" + cell + "s";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, left, corner));
        for (String label : labels) {
            sb.append(String.format(Locale.ROOT, right, label));
        }
        sb.append(String.format(Locale.ROOT, right, "recall")).append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(String.format(Locale.ROOT, left, labels[i]));
            for (long n : counts[i]) {
                sb.append(String.format(Locale.ROOT, right, n));
            }
            sb.append(String.format(Locale.ROOT, right, String.format(Locale.ROOT, "%.3f", recall(i)))).append('\n');
        }
        sb.append(String.format(Locale.ROOT, left, "precision"));
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format(Locale.ROOT, right, String.format(Locale.ROOT, "%.3f", precision(c))));
        }
        return sb.append('\n').toString();
    }
}

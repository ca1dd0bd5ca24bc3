package dev.nabla.medical.clinical;

import dev.nabla.medical.data.MalformedFileException;
import dev.nabla.medical.data.NumericCsv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The cases a binary classifier was evaluated on: for each case its score (higher = more likely
 * positive; a probability or a logit) and its true label (1 = positive, the condition is present;
 * 0 = negative). Immutable; checked on creation so every metric can trust it.
 */
public final class ScoredCases {
    private final double[] scores;
    private final int[] labels;
    private final int positives;

    private ScoredCases(double[] scores, int[] labels) {
        this.scores = scores;
        this.labels = labels;
        int p = 0;
        for (int label : labels) {
            p += label;
        }
        this.positives = p;
    }

    /**
     * The cases with these scores and labels (copied).
     *
     * @throws IllegalArgumentException when the lengths differ, there are no cases, a score is NaN
     *                                  or a label is not 0 or 1 (the message names the case)
     */
    public static ScoredCases of(double[] scores, int[] labels) {
        if (scores == null || labels == null) {
            throw new IllegalArgumentException("scored cases: scores and labels must not be null");
        }
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scored cases: " + scores.length + " scores but " + labels.length
                    + " labels; expected one label per score");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("scored cases: no cases");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("scored cases: score of case " + i + " is NaN");
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("scored cases: label of case " + i + " is " + labels[i]
                        + "; expected 0 (negative) or 1 (positive)");
            }
        }
        return new ScoredCases(scores.clone(), labels.clone());
    }

    /**
     * The cases of a CSV file of {@code score,label} lines (label 1 = positive, 0 = negative), such as the
     * scores another tool wrote; a first line that does not start with a number is a header and skipped, blank
     * lines are skipped. Read with the hardened {@link NumericCsv} (line and size limits, finite numbers only).
     *
     * @throws MalformedFileException when a line is not two finite numbers, a label is not 0 or 1, or the file
     *                                holds no case (the message names the file and line)
     */
    public static ScoredCases readCsv(Path csv) throws IOException {
        String start;
        try (InputStream in = Files.newInputStream(csv)) {
            start = new String(in.readNBytes(64), StandardCharsets.UTF_8).strip(); // enough to see a header
        }
        boolean header = !start.isEmpty() && !startsLikeNumber(start);
        double[][] rows = NumericCsv.read(csv, header ? 1 : 0);
        if (rows.length == 0) {
            throw new MalformedFileException(csv.toString(), "no 'score,label' line");
        }
        double[] scores = new double[rows.length];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != 2) {
                throw new MalformedFileException(csv.toString(), "expected 2 columns 'score,label', got "
                        + rows[i].length);
            }
            if (rows[i][1] != 0 && rows[i][1] != 1) {
                throw new MalformedFileException(csv.toString(), "case " + (i + 1) + ": label must be 0 or 1, got "
                        + rows[i][1]);
            }
            scores[i] = rows[i][0];
            labels[i] = (int) rows[i][1];
        }
        return of(scores, labels);
    }

    private static boolean startsLikeNumber(String line) {
        char c = line.charAt(0);
        return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
    }

    /** As {@link #of(double[], int[])} for float scores (e.g. a model's output column). */
    public static ScoredCases of(float[] scores, int[] labels) {
        if (scores == null) {
            throw new IllegalArgumentException("scored cases: scores must not be null");
        }
        double[] d = new double[scores.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = scores[i];
        }
        return of(d, labels);
    }

    /** The cases at these indices, repeats allowed (a bootstrap sample). */
    public ScoredCases select(int[] indices) {
        double[] s = new double[indices.length];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            s[i] = scores[indices[i]];
            l[i] = labels[indices[i]];
        }
        return new ScoredCases(s, l);
    }

    /** Number of cases. */
    public int size() {
        return scores.length;
    }

    /** Number of positive cases (label 1). */
    public int positives() {
        return positives;
    }

    /** Number of negative cases (label 0). */
    public int negatives() {
        return scores.length - positives;
    }

    /** True when both classes occur (the ROC and PR curves are defined). */
    public boolean hasBothClasses() {
        return positives > 0 && positives < scores.length;
    }

    /** Score of case {@code i}. */
    public double score(int i) {
        return scores[i];
    }

    /** Label of case {@code i} (0 or 1). */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of the scores. */
    public double[] scores() {
        return scores.clone();
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Case indices ordered by decreasing score (ties keep their input order). */
    int[] orderByDecreasingScore() {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The test "score ≥ t" at every distinct score {@code t}, from the highest down: the cumulative
     * true- and false-positive counts at each threshold (cases with equal scores enter together).
     */
    ThresholdCounts countsByThreshold() {
        int[] order = orderByDecreasingScore();
        double[] thresholds = new double[order.length];
        long[] tp = new long[order.length];
        long[] fp = new long[order.length];
        int points = 0;
        long truePositives = 0;
        long falsePositives = 0;
        int k = 0;
        while (k < order.length) {
            double t = scores[order[k]];
            while (k < order.length && scores[order[k]] == t) {
                if (labels[order[k]] == 1) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
                k++;
            }
            thresholds[points] = t;
            tp[points] = truePositives;
            fp[points] = falsePositives;
            points++;
        }
        return new ThresholdCounts(Arrays.copyOf(thresholds, points), Arrays.copyOf(tp, points),
                Arrays.copyOf(fp, points));
    }

    /** Cumulative counts of {@link #countsByThreshold()}: index {@code i} is the test "score ≥ thresholds[i]". */
    record ThresholdCounts(double[] thresholds, long[] truePositives, long[] falsePositives) {
        int size() {
            return thresholds.length;
        }
    }

    void requireBothClasses(String what) {
        if (!hasBothClasses()) {
            throw new IllegalArgumentException(what + ": needs positive and negative cases, got " + positives
                    + " positive and " + negatives() + " negative of " + size());
        }
    }

    @Override
    public String toString() {
        return "ScoredCases[" + size() + " cases, " + positives + " positive]";
    }
}

package dev.nabla.medical.clinical;

/**
 * The precision–recall curve: for every distinct score {@code t}, from the highest down, the
 * precision {@code TP/(TP+FP)} and recall {@code TP/P} of the test "score ≥ t". Its summary is the
 * average precision (scikit-learn's {@code average_precision_score}: a step function, no
 * interpolation)
 * <pre>
 *     AP = Σ_n (R_n − R_{n−1}) · P_n          (R_0 = 0, thresholds in decreasing order)
 * </pre>
 * whose chance level is the prevalence {@code P / (P + N)}, not ½. PR curves say more than ROC curves
 * when positives are rare.
 */
public final class PrecisionRecallCurve {
    private final double[] precision;
    private final double[] recall;
    private final double[] thresholds;
    private final double prevalence;

    private PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds, double prevalence) {
        this.precision = precision;
        this.recall = recall;
        this.thresholds = thresholds;
        this.prevalence = prevalence;
    }

    /**
     * The curve of {@code cases}.
     *
     * @throws IllegalArgumentException when the cases hold only one class
     */
    public static PrecisionRecallCurve of(ScoredCases cases) {
        cases.requireBothClasses("precision-recall curve");
        ScoredCases.ThresholdCounts counts = cases.countsByThreshold();
        double[] p = new double[counts.size()];
        double[] r = new double[counts.size()];
        for (int i = 0; i < p.length; i++) {
            long tp = counts.truePositives()[i];
            p[i] = (double) tp / (tp + counts.falsePositives()[i]);
            r[i] = (double) tp / cases.positives();
        }
        return new PrecisionRecallCurve(p, r, counts.thresholds(), (double) cases.positives() / cases.size());
    }

    /** {@code Σ_n (R_n − R_{n−1}) · P_n}. */
    public double averagePrecision() {
        double ap = 0;
        double previousRecall = 0;
        for (int i = 0; i < recall.length; i++) {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }
        return ap;
    }

    /** The average precision of {@code cases}. */
    public static double averagePrecision(ScoredCases cases) {
        return of(cases).averagePrecision();
    }

    /** Precision at each threshold (a copy), thresholds decreasing. */
    public double[] precisions() {
        return precision.clone();
    }

    /** Recall at each threshold (a copy), non-decreasing. */
    public double[] recalls() {
        return recall.clone();
    }

    /** The distinct scores, decreasing (a copy). */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** {@code P / (P + N)}: the precision of a classifier that calls everyone positive (the chance level). */
    public double prevalence() {
        return prevalence;
    }
}

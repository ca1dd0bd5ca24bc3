package dev.nabla.medical.clinical;

/**
 * The receiver operating characteristic: for every distinct score {@code t}, from the highest down,
 * the point {@code (FPR(t), TPR(t))} of the test "score ≥ t", preceded by {@code (0, 0)} at
 * {@code t = +∞} (as scikit-learn's {@code roc_curve(..., drop_intermediate=False)}).
 *
 * <p>The area under it is the Mann–Whitney statistic: the probability that a random positive case
 * scores higher than a random negative one, ties counting ½,
 * <pre>
 *     AUC = (1 / (P·N)) · Σ_{i ∈ pos} Σ_{j ∈ neg} [s_i &gt; s_j] + ½·[s_i = s_j]
 *         = (R_pos − P(P+1)/2) / (P·N)        (R_pos: sum of the mid-ranks of the positives)
 * </pre>
 * {@link #auc()} integrates the curve with trapezoids (cases with equal scores enter together, so a
 * tie is a diagonal segment worth ½); {@link #mannWhitneyAuc} computes the rank formula; they agree.
 */
public final class RocCurve {
    private final double[] fpr;
    private final double[] tpr;
    private final double[] thresholds;

    private RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
        this.fpr = fpr;
        this.tpr = tpr;
        this.thresholds = thresholds;
    }

    /**
     * The curve of {@code cases}.
     *
     * @throws IllegalArgumentException when the cases hold only one class (the curve is undefined)
     */
    public static RocCurve of(ScoredCases cases) {
        cases.requireBothClasses("ROC curve");
        ScoredCases.ThresholdCounts counts = cases.countsByThreshold();
        int n = counts.size() + 1;
        double[] f = new double[n];
        double[] r = new double[n];
        double[] th = new double[n];
        th[0] = Double.POSITIVE_INFINITY;
        for (int i = 1; i < n; i++) {
            f[i] = (double) counts.falsePositives()[i - 1] / cases.negatives();
            r[i] = (double) counts.truePositives()[i - 1] / cases.positives();
            th[i] = counts.thresholds()[i - 1];
        }
        return new RocCurve(f, r, th);
    }

    /** The area under the curve by the trapezoidal rule. */
    public double auc() {
        double area = 0;
        for (int i = 1; i < fpr.length; i++) {
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        }
        return area;
    }

    /**
     * The Mann–Whitney AUC {@code (R_pos − P(P+1)/2) / (P·N)} with mid-ranks for ties; equals
     * {@code of(cases).auc()}.
     */
    public static double mannWhitneyAuc(ScoredCases cases) {
        cases.requireBothClasses("ROC AUC");
        int n = cases.size();
        int[] desc = cases.orderByDecreasingScore();
        double rankSumPos = 0;
        // ascending rank of position k in the descending order is n − k; a tie group gets the mean rank
        int k = 0;
        while (k < n) {
            int end = k;
            while (end + 1 < n && cases.score(desc[end + 1]) == cases.score(desc[k])) {
                end++;
            }
            double midRank = ((n - k) + (n - end)) / 2.0;
            for (int m = k; m <= end; m++) {
                if (cases.label(desc[m]) == 1) {
                    rankSumPos += midRank;
                }
            }
            k = end + 1;
        }
        double p = cases.positives();
        return (rankSumPos - p * (p + 1) / 2) / (p * cases.negatives());
    }

    /** False-positive rates {@code FP/N}, non-decreasing, starting at 0 and ending at 1 (a copy). */
    public double[] falsePositiveRates() {
        return fpr.clone();
    }

    /** True-positive rates (sensitivities) {@code TP/P}, matching {@link #falsePositiveRates()} (a copy). */
    public double[] truePositiveRates() {
        return tpr.clone();
    }

    /** The threshold of each point: +∞ for the first, then the distinct scores, decreasing (a copy). */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Number of points. */
    public int size() {
        return fpr.length;
    }
}

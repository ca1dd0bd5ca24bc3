package dev.nabla.medical.clinical;

/**
 * Choosing the operating point of a test from its ROC curve.
 * <ul>
 *   <li>{@link #forSensitivity}: the <em>highest</em> threshold whose sensitivity is at least the target
 *   — among the thresholds that find enough of the sick, the one with the best specificity (a screening
 *   test is usually specified this way, e.g. "sensitivity ≥ 95 %").</li>
 *   <li>{@link #youden}: the threshold maximising Youden's {@code J = sensitivity + specificity − 1}.</li>
 * </ul>
 * A threshold {@code t} means "call positive when score ≥ t". Chosen on one set of cases, the point's
 * sensitivity must be confirmed on independent cases.
 */
public final class Thresholds {
    private Thresholds() {
    }

    /** A threshold and the test's confusion matrix at it. */
    public record OperatingPoint(double threshold, BinaryConfusion confusion) {
        public double sensitivity() {
            return confusion.sensitivity();
        }

        public double specificity() {
            return confusion.specificity();
        }
    }

    /**
     * The highest threshold with sensitivity ≥ {@code target} on {@code cases}.
     *
     * @throws IllegalArgumentException when {@code target} is outside (0, 1] or the cases lack a class
     */
    public static OperatingPoint forSensitivity(ScoredCases cases, double target) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("threshold for sensitivity: target must be in (0, 1], got " + target);
        }
        RocCurve roc = RocCurve.of(cases);
        double[] tpr = roc.truePositiveRates();
        double[] th = roc.thresholds();
        for (int i = 1; i < tpr.length; i++) {
            if (tpr[i] >= target - 1e-12) {
                return new OperatingPoint(th[i], BinaryConfusion.at(cases, th[i]));
            }
        }
        throw new IllegalStateException("unreachable: the last ROC point has sensitivity 1");
    }

    /** The threshold maximising {@code sensitivity + specificity − 1} (the highest one on ties). */
    public static OperatingPoint youden(ScoredCases cases) {
        RocCurve roc = RocCurve.of(cases);
        double[] tpr = roc.truePositiveRates();
        double[] fpr = roc.falsePositiveRates();
        double[] th = roc.thresholds();
        int best = 1;
        for (int i = 2; i < tpr.length; i++) {
            if (tpr[i] - fpr[i] > tpr[best] - fpr[best]) {
                best = i;
            }
        }
        return new OperatingPoint(th[best], BinaryConfusion.at(cases, th[best]));
    }
}

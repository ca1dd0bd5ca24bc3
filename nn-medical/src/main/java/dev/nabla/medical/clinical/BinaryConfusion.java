package dev.nabla.medical.clinical;

import java.util.Locale;

/**
 * The 2×2 confusion matrix of a binary test at one threshold (a case is called positive when its
 * score ≥ threshold), and the clinical rates read from it:
 * <pre>
 *     sensitivity (recall, TPR) = TP / (TP + FN)      specificity (TNR) = TN / (TN + FP)
 *     PPV (precision)           = TP / (TP + FP)      NPV               = TN / (TN + FN)
 *     F1                        = 2·TP / (2·TP + FP + FN)
 *     accuracy                  = (TP + TN) / (TP + FP + TN + FN)
 * </pre>
 * A rate whose denominator is 0 is undefined and returned as {@code NaN} (not 0: a test that never
 * calls anyone positive has no PPV, rather than a PPV of 0).
 */
public final class BinaryConfusion {
    private final long tp;
    private final long fp;
    private final long tn;
    private final long fn;

    /** A matrix with these counts (each ≥ 0). */
    public BinaryConfusion(long tp, long fp, long tn, long fn) {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
            throw new IllegalArgumentException("confusion matrix: counts must be >= 0, got TP=" + tp + " FP=" + fp
                    + " TN=" + tn + " FN=" + fn);
        }
        this.tp = tp;
        this.fp = fp;
        this.tn = tn;
        this.fn = fn;
    }

    /** The matrix of {@code cases} when a score ≥ {@code threshold} is called positive. */
    public static BinaryConfusion at(ScoredCases cases, double threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < cases.size(); i++) {
            boolean called = cases.score(i) >= threshold;
            if (cases.label(i) == 1) {
                if (called) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (called) {
                fp++;
            } else {
                tn++;
            }
        }
        return new BinaryConfusion(tp, fp, tn, fn);
    }

    public long truePositives() {
        return tp;
    }

    public long falsePositives() {
        return fp;
    }

    public long trueNegatives() {
        return tn;
    }

    public long falseNegatives() {
        return fn;
    }

    /** TP + FP + TN + FN. */
    public long total() {
        return tp + fp + tn + fn;
    }

    /** TP / (TP + FN). */
    public double sensitivity() {
        return ratio(tp, tp + fn);
    }

    /** TN / (TN + FP). */
    public double specificity() {
        return ratio(tn, tn + fp);
    }

    /** TP / (TP + FP), the positive predictive value. */
    public double ppv() {
        return ratio(tp, tp + fp);
    }

    /** TN / (TN + FN), the negative predictive value. */
    public double npv() {
        return ratio(tn, tn + fn);
    }

    /** 2·TP / (2·TP + FP + FN). */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** (TP + TN) / total. */
    public double accuracy() {
        return ratio(tp + tn, total());
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    /** The table and the rates, for a console. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "                 predicted +   predicted -%n"
                        + "  condition +   %10d   %10d%n  condition -   %10d   %10d%n"
                        + "  sensitivity=%.4f specificity=%.4f ppv=%.4f npv=%.4f f1=%.4f accuracy=%.4f",
                tp, fn, fp, tn, sensitivity(), specificity(), ppv(), npv(), f1(), accuracy());
    }
}

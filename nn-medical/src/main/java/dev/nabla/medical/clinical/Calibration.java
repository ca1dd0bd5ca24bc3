package dev.nabla.medical.clinical;

/**
 * Calibration of predicted probabilities: are the cases given probability ≈ p positive about a
 * fraction p of the time? The scores (which must lie in [0, 1]) are put into {@code B} equal-width
 * bins, bin {@code b} covering {@code [b/B, (b+1)/B)} (the last one closed at 1). Per bin: the count
 * {@code n_b}, the mean predicted probability (confidence) {@code p̄_b} and the observed fraction of
 * positives {@code ō_b}; these are the points of the reliability diagram. The expected calibration
 * error (Naeini et al. 2015; Guo et al. 2017, for the positive-class probability) is
 * <pre>
 *     ECE = Σ_b (n_b / N) · | ō_b − p̄_b |
 * </pre>
 * and the maximum calibration error {@code MCE = max_b |ō_b − p̄_b|} over non-empty bins. The Brier
 * score {@code (1/N) Σ (s_i − y_i)²} is given too.
 */
public final class Calibration {
    private final long[] counts;
    private final double[] meanPredicted;
    private final double[] observed;
    private final double brier;
    private final long total;

    private Calibration(long[] counts, double[] meanPredicted, double[] observed, double brier, long total) {
        this.counts = counts;
        this.meanPredicted = meanPredicted;
        this.observed = observed;
        this.brier = brier;
        this.total = total;
    }

    /**
     * The reliability bins of {@code cases}.
     *
     * @throws IllegalArgumentException when {@code bins < 1} or a score lies outside [0, 1] (names the case)
     */
    public static Calibration of(ScoredCases cases, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("calibration: bins must be >= 1, got " + bins);
        }
        long[] n = new long[bins];
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        double brier = 0;
        for (int i = 0; i < cases.size(); i++) {
            double s = cases.score(i);
            if (s < 0 || s > 1) {
                throw new IllegalArgumentException("calibration: score of case " + i + " is " + s
                        + "; expected a probability in [0, 1]");
            }
            int b = Math.min((int) Math.floor(s * bins), bins - 1);
            n[b]++;
            sumP[b] += s;
            sumY[b] += cases.label(i);
            brier += (s - cases.label(i)) * (s - cases.label(i));
        }
        double[] mean = new double[bins];
        double[] obs = new double[bins];
        for (int b = 0; b < bins; b++) {
            mean[b] = n[b] == 0 ? Double.NaN : sumP[b] / n[b];
            obs[b] = n[b] == 0 ? Double.NaN : sumY[b] / n[b];
        }
        return new Calibration(n, mean, obs, brier / cases.size(), cases.size());
    }

    /** {@code Σ_b (n_b/N) |ō_b − p̄_b|}. */
    public double expectedCalibrationError() {
        double ece = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                ece += (double) counts[b] / total * Math.abs(observed[b] - meanPredicted[b]);
            }
        }
        return ece;
    }

    /** {@code max_b |ō_b − p̄_b|} over non-empty bins. */
    public double maximumCalibrationError() {
        double mce = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                mce = Math.max(mce, Math.abs(observed[b] - meanPredicted[b]));
            }
        }
        return mce;
    }

    /** {@code (1/N) Σ (s_i − y_i)²}. */
    public double brierScore() {
        return brier;
    }

    /** Number of bins. */
    public int bins() {
        return counts.length;
    }

    /** Cases per bin (a copy). */
    public long[] counts() {
        return counts.clone();
    }

    /** Mean predicted probability per bin, NaN for an empty bin (a copy). */
    public double[] meanPredicted() {
        return meanPredicted.clone();
    }

    /** Observed fraction of positives per bin, NaN for an empty bin (a copy). */
    public double[] observedFraction() {
        return observed.clone();
    }
}

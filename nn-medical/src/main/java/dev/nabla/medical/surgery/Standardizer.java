package dev.nabla.medical.surgery;

import java.util.List;

/**
 * Per-column z-scores {@code (x − μ_c) / σ_c}, with mean and standard deviation fitted on training trials
 * only (fit on the training users of a split, then apply to the held-out user). Columns that never vary
 * get σ = 1.
 */
public final class Standardizer {
    private final float[] mean;
    private final float[] std;

    private Standardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** A standardizer with known column means and standard deviations (e.g. read back from a model file). */
    public static Standardizer of(float[] mean, float[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("standardizer: " + mean.length + " means but " + std.length + " deviations");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("standardizer: deviation of column " + c + " must be > 0, got " + std[c]);
            }
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /** Fits on every frame of {@code trials}. */
    public static Standardizer fit(List<Trial> trials) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("standardizer: no trials to fit on");
        }
        int cols = trials.get(0).kinematics()[0].length;
        double[] sum = new double[cols];
        double[] sq = new double[cols];
        long n = 0;
        for (Trial t : trials) {
            for (float[] f : t.kinematics()) {
                for (int c = 0; c < cols; c++) {
                    sum[c] += f[c];
                    sq[c] += (double) f[c] * f[c];
                }
                n++;
            }
        }
        float[] mean = new float[cols];
        float[] std = new float[cols];
        for (int c = 0; c < cols; c++) {
            double m = sum[c] / n;
            double v = Math.max(0, sq[c] / n - m * m);
            mean[c] = (float) m;
            std[c] = v > 1e-12 ? (float) Math.sqrt(v) : 1f;
        }
        return new Standardizer(mean, std);
    }

    /** The z-scored copy of {@code frames}. */
    public float[][] apply(float[][] frames) {
        float[][] out = new float[frames.length][];
        for (int t = 0; t < frames.length; t++) {
            if (frames[t].length != mean.length) {
                throw new IllegalArgumentException("standardizer: frame " + t + " has " + frames[t].length
                        + " values, fitted on " + mean.length);
            }
            out[t] = new float[mean.length];
            for (int c = 0; c < mean.length; c++) {
                out[t][c] = (frames[t][c] - mean[c]) / std[c];
            }
        }
        return out;
    }

    /** Column means (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** Column standard deviations (a copy). */
    public float[] std() {
        return std.clone();
    }
}

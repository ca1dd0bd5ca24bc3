package dev.nabla.medical.diagnosis;

/**
 * Per-column z-scores {@code z = (x − μ_c) / σ_c} with the mean and the population standard deviation
 * fitted on training rows only (in cross-validation: on each training fold, never on its test fold).
 * A column that never varies gets σ = 1.
 */
public final class ColumnStandardizer {
    private final float[] mean;
    private final float[] std;

    private ColumnStandardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits on {@code rows} (at least one, all of the same length). */
    public static ColumnStandardizer fit(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("standardizer: no rows to fit on");
        }
        int d = rows[0].length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("standardizer: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + d);
            }
            for (int c = 0; c < d; c++) {
                sum[c] += rows[i][c];
            }
        }
        float[] mean = new float[d];
        for (int c = 0; c < d; c++) {
            mean[c] = (float) (sum[c] / rows.length);
        }
        for (float[] r : rows) {
            for (int c = 0; c < d; c++) {
                double dev = r[c] - mean[c];
                sq[c] += dev * dev;
            }
        }
        float[] std = new float[d];
        for (int c = 0; c < d; c++) {
            double v = sq[c] / rows.length;
            std[c] = v > 1e-24 ? (float) Math.sqrt(v) : 1f;
        }
        return new ColumnStandardizer(mean, std);
    }

    /** A standardizer with known means and deviations (e.g. read back from a model's metadata). */
    public static ColumnStandardizer of(float[] mean, float[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("standardizer: " + mean.length + " means but " + std.length + " deviations");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("standardizer: deviation of column " + c + " must be > 0, got " + std[c]);
            }
        }
        return new ColumnStandardizer(mean.clone(), std.clone());
    }

    /** The z-scores of {@code rows} as a flat row-major array (rows × columns). */
    public float[] apply(float[][] rows) {
        int d = mean.length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("standardizer: row " + i + " has " + rows[i].length
                        + " values, fitted on " + d);
            }
            for (int c = 0; c < d; c++) {
                out[i * d + c] = (rows[i][c] - mean[c]) / std[c];
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

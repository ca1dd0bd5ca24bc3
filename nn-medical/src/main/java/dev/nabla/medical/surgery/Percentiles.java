package dev.nabla.medical.surgery;

import java.util.Arrays;

/**
 * Empirical quantiles with linear interpolation between order statistics (Hyndman &amp; Fan 1996, type 7;
 * the default of R's {@code quantile} and NumPy's {@code percentile}): with the values sorted
 * {@code x₀ ≤ … ≤ x_{n−1}} and {@code h = (n − 1)·q},
 * <pre>
 *   Q(q) = x_⌊h⌋ + (h − ⌊h⌋)·(x_{⌊h⌋+1} − x_⌊h⌋)
 * </pre>
 * Used to calibrate alert thresholds on training trials.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** {@code Q(q)} of {@code values} for {@code 0 ≤ q ≤ 1}; NaN values are refused. */
    public static double of(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile: no values");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("percentile: quantile must be in [0, 1], got " + q);
        }
        double[] x = values.clone();
        Arrays.sort(x);
        if (Double.isNaN(x[x.length - 1])) {
            throw new IllegalArgumentException("percentile: values contain NaN");
        }
        double h = (x.length - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= x.length - 1) {
            return x[x.length - 1];
        }
        return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
    }
}

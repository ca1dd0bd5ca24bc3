package dev.nabla.medical.imaging;

/**
 * Threshold segmentation. Masks are float arrays of 1 (inside) and 0.
 * <p>Otsu (N. Otsu, "A threshold selection method from gray-level histograms", IEEE SMC 9(1), 1979): with
 * {@code B} bins over [min, max] and bin probabilities {@code p_b}, pick the split {@code t} (bins ≤ t are
 * class 0) maximising the between-class variance
 * <pre>
 *     σ_B²(t) = ω₀(t) ω₁(t) (μ₀(t) − μ₁(t))²,   ω₀ = Σ_{b≤t} p_b,  μ₀ = Σ_{b≤t} b p_b / ω₀  (likewise ω₁, μ₁)
 * </pre>
 * and return the value at the upper edge of bin t, {@code min + (t + 1)(max − min)/B}: foreground is
 * {@code v > threshold}. The first maximum wins on ties.
 */
public final class Threshold {
    private Threshold() {
    }

    /** Otsu's threshold with 256 bins. */
    public static double otsu(float[] v) {
        return otsu(v, 256);
    }

    /** Otsu's threshold with {@code bins} bins over [min, max] of {@code v}. */
    public static double otsu(float[] v, int bins) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("otsu: the values are constant (" + min + "); nothing to separate");
        }
        double[] hist = new double[bins];
        double range = max - min;
        for (float x : v) {
            hist[(int) Math.min(bins - 1, Math.floor((x - min) / range * bins))]++;
        }
        double total = v.length;
        double sumAll = 0;
        for (int b = 0; b < bins; b++) {
            sumAll += b * hist[b];
        }
        double w0 = 0;
        double sum0 = 0;
        double best = -1;
        int bestT = 0;
        for (int t = 0; t < bins - 1; t++) {
            w0 += hist[t];
            sum0 += t * hist[t];
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) {
                continue;
            }
            double mu0 = sum0 / w0;
            double mu1 = (sumAll - sum0) / w1;
            double between = (w0 / total) * (w1 / total) * (mu0 - mu1) * (mu0 - mu1);
            if (between > best) {
                best = between;
                bestT = t;
            }
        }
        return min + (bestT + 1) * range / bins;
    }

    /** 1 where {@code lo ≤ v ≤ hi}, else 0. */
    public static float[] range(float[] v, double lo, double hi) {
        float[] m = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = v[i] >= lo && v[i] <= hi ? 1f : 0f;
        }
        return m;
    }

    /** 1 where {@code v > t}, else 0. */
    public static float[] above(float[] v, double t) {
        float[] m = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = v[i] > t ? 1f : 0f;
        }
        return m;
    }

    /** The mask volume of {@code v > t}, on {@code v}'s grid. */
    public static Volume above(Volume v, double t) {
        return v.withData(above(v.data(), t)).withModality(Modality.LABELS);
    }
}

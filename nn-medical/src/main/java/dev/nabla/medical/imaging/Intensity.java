package dev.nabla.medical.imaging;

import java.util.Arrays;

/**
 * Intensity normalisation on voxel arrays (all return new arrays):
 * <ul>
 *   <li>z-score: {@code (v − μ) / σ}, with μ and σ (population standard deviation) over all voxels or over a
 *       mask's non-zero voxels;</li>
 *   <li>percentile clipping: clamp to {@code [P_lo, P_hi]}, percentiles by linear interpolation between order
 *       statistics ({@code P_q = x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋))}, {@code h = (n − 1) q / 100}, the
 *       "linear" method of NumPy);</li>
 *   <li>min–max: {@code (v − min) / (max − min)} into [0, 1] (a constant input maps to 0).</li>
 * </ul>
 */
public final class Intensity {
    private Intensity() {
    }

    /** z-score over all values. */
    public static float[] zScore(float[] v) {
        return zScore(v, null);
    }

    /** z-score with μ, σ from the voxels where {@code mask != 0} (all when mask is null); σ = 0 → only centred. */
    public static float[] zScore(float[] v, float[] mask) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int i = 0; i < v.length; i++) {
            if (mask == null || mask[i] != 0) {
                sum += v[i];
                sq += (double) v[i] * v[i];
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("zScore: the mask selects no voxels");
        }
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
        double inv = sd > 0 ? 1 / sd : 1;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) ((v[i] - mean) * inv);
        }
        return out;
    }

    /** The {@code q}-th percentile (0–100) of {@code v}, NumPy's linear method. */
    public static double percentile(float[] v, double q) {
        if (v.length == 0 || !(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile: need values and 0 ≤ q ≤ 100, got " + v.length + " values, q " + q);
        }
        float[] s = v.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * q / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }

    /** Clamps to the {@code lo}-th and {@code hi}-th percentiles. */
    public static float[] percentileClip(float[] v, double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("percentileClip: need lo < hi, got " + lo + ", " + hi);
        }
        float a = (float) percentile(v, lo);
        float b = (float) percentile(v, hi);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(a, Math.min(b, v[i]));
        }
        return out;
    }

    /** Min–max scaling to [0, 1]. */
    public static float[] minMax(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        float range = max - min;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = range > 0 ? (v[i] - min) / range : 0f;
        }
        return out;
    }
}

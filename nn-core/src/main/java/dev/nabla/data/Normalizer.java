package dev.nabla.data;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Feature scaling fitted on training data: per channel for images {@code (N, C, H, W)}, per
 * feature for tables {@code (N, F)}; axis 1 is the feature axis in both cases and the statistics
 * are taken over all other axes.
 *
 * <p>{@link #fit} standardizes, as scikit-learn's {@code StandardScaler} or Keras's
 * {@code Normalization} layer:
 * <pre>
 *   mean[c] = (1/m) Σ x[n, c, y, x]            over the m = N·H·W values of channel c
 *   std[c]  = √( (1/m) Σ (x[n, c, y, x] − mean[c])² )     (population standard deviation)
 *   transform(x)[n, c, y, x] = (x[n, c, y, x] − mean[c]) / std[c]
 * </pre>
 * so each channel of the fitted data ends with mean 0 and standard deviation 1.
 * {@link #fitMinMax} instead maps each channel's fitted range onto {@code [0, 1]}:
 * {@code (x − min[c]) / (max[c] − min[c])}. A constant channel (std or range 0) is only shifted
 * (divided by 1), so it becomes 0 rather than NaN. The statistics are computed in {@code double}
 * (two passes) and kept as {@code float}; all four (mean, std, min, max) are kept whichever the mode.
 *
 * <p>Fit on the training set only and apply the same normalizer to validation and test data
 * ({@link #apply(Dataset)}). Save it with the model as provenance and restore it for serving:
 * <pre>{@code
 * Normalizer norm = Normalizer.fit(train.x());
 * model.fit(norm.apply(train), Fit.epochs(5).validation(norm.apply(test)));
 * model.save(path, Map.of("normalizer", norm.getConfig()));
 * Normalizer again = Normalizer.fromConfig((Map<String, ?>) ModelFile.metadata(path).get("normalizer"));
 * }</pre>
 * Instances are immutable.
 */
public final class Normalizer {
    /** How {@link #transform} scales. */
    public enum Mode {
        /** {@code (x − mean) / std}. */
        STANDARD("standard"),
        /** {@code (x − min) / (max − min)}. */
        MIN_MAX("min_max");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        /** The name used in {@link #getConfig()}: {@code "standard"} or {@code "min_max"}. */
        public String key() {
            return key;
        }
    }

    private final Mode mode;
    private final int rank;
    private final long count;
    private final float[] mean;
    private final float[] std;
    private final float[] min;
    private final float[] max;

    private Normalizer(Mode mode, int rank, long count, float[] mean, float[] std, float[] min, float[] max) {
        this.mode = mode;
        this.rank = rank;
        this.count = count;
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
    }

    /**
     * A standardizing normalizer with the per-channel (rank 4) or per-feature (rank 2) mean and
     * population standard deviation of {@code x}.
     *
     * @throws IllegalArgumentException if {@code x} is not of rank 2 or 4, has no values per
     *                                  feature, or holds a NaN or infinite value
     */
    public static Normalizer fit(Tensor x) {
        return fit("Normalizer.fit", Mode.STANDARD, x);
    }

    /** As {@link #fit} but scaling each channel's (or feature's) range {@code [min, max]} onto {@code [0, 1]}. */
    public static Normalizer fitMinMax(Tensor x) {
        return fit("Normalizer.fitMinMax", Mode.MIN_MAX, x);
    }

    private static Normalizer fit(String op, Mode mode, Tensor x) {
        int[] s = checkRank(op, x);
        int n = s[0];
        int c = s[1];
        int plane = s.length == 4 ? s[2] * s[3] : 1;
        long m = (long) n * plane;
        if (m == 0 || c == 0) {
            throw new IllegalArgumentException(op + ": no values to fit, shape " + Shape.format(s));
        }
        float[] v = x.toArray();
        double[] sum = new double[c];
        float[] lo = new float[c];
        float[] hi = new float[c];
        Arrays.fill(lo, Float.POSITIVE_INFINITY);
        Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                for (int k = 0; k < plane; k++) {
                    float value = v[base + k];
                    if (!Float.isFinite(value)) {
                        throw new IllegalArgumentException(op + ": input of shape " + Shape.format(s) + " holds " + value
                                + " in sample " + i + ", " + (s.length == 4 ? "channel " : "feature ") + ch);
                    }
                    sum[ch] += value;
                    lo[ch] = Math.min(lo[ch], value);
                    hi[ch] = Math.max(hi[ch], value);
                }
            }
        }
        double[] mu = new double[c];
        for (int ch = 0; ch < c; ch++) {
            mu[ch] = sum[ch] / m;
        }
        double[] sq = new double[c];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                for (int k = 0; k < plane; k++) {
                    double d = v[base + k] - mu[ch];
                    sq[ch] += d * d;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = (float) mu[ch];
            std[ch] = (float) Math.sqrt(sq[ch] / m);
        }
        return new Normalizer(mode, s.length, m, mean, std, lo, hi);
    }

    private static int[] checkRank(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": the input must not be null");
        }
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected images (N, C, H, W) or features (N, F), got shape "
                    + Shape.format(x.shape()) + " (rank " + x.rank() + ")");
        }
        return x.shape();
    }

    /**
     * {@code x} scaled with the fitted statistics, as a new tensor (not recorded by autograd).
     *
     * @throws IllegalArgumentException if {@code x} has another rank or number of channels/features
     *                                  than the data this was fitted on
     */
    public Tensor transform(Tensor x) {
        float[] v = checked("Normalizer.transform", x);
        float[] shift = shift();
        float[] scale = scale();
        int c = shift.length;
        int plane = plane(x);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int ch = (i / plane) % c;
            out[i] = (float) (((double) v[i] - shift[ch]) / scale[ch]);
        }
        return Tensor.wrap(out, x.shape());
    }

    /** The inverse of {@link #transform}: {@code y · scale + shift}, back to the original units. */
    public Tensor inverse(Tensor y) {
        float[] v = checked("Normalizer.inverse", y);
        float[] shift = shift();
        float[] scale = scale();
        int c = shift.length;
        int plane = plane(y);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int ch = (i / plane) % c;
            out[i] = (float) ((double) v[i] * scale[ch] + shift[ch]);
        }
        return Tensor.wrap(out, y.shape());
    }

    /** A dataset with {@link #transform transformed} inputs and the same targets and sample weights. */
    public Dataset apply(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("Normalizer.apply: the dataset must not be null");
        }
        return Dataset.of(transform(data.x()), data.y(), data.sampleWeights());
    }

    private float[] checked(String op, Tensor x) {
        int[] s = checkRank(op, x);
        if (s.length != rank || s[1] != mean.length) {
            String expected = rank == 4 ? "(N, " + mean.length + ", H, W)" : "(N, " + mean.length + ")";
            throw new IllegalArgumentException(op + ": fitted on inputs of shape " + expected + ", got shape "
                    + Shape.format(s));
        }
        return x.toArray();
    }

    private static int plane(Tensor x) {
        return x.rank() == 4 ? x.size(2) * x.size(3) : 1;
    }

    /** What is subtracted: the mean or the minimum. */
    private float[] shift() {
        return mode == Mode.STANDARD ? mean : min;
    }

    /** What the difference is divided by: std or range, 1 where that is 0. */
    private float[] scale() {
        float[] scale = new float[mean.length];
        for (int ch = 0; ch < scale.length; ch++) {
            float s = mode == Mode.STANDARD ? std[ch] : max[ch] - min[ch];
            scale[ch] = s > 0 ? s : 1f;
        }
        return scale;
    }

    /** How this normalizer scales: {@link Mode#STANDARD} or {@link Mode#MIN_MAX}. */
    public Mode mode() {
        return mode;
    }

    /** Rank of the inputs this was fitted on: 4 for images, 2 for feature vectors. */
    public int rank() {
        return rank;
    }

    /** Number of channels (rank 4) or features (rank 2). */
    public int features() {
        return mean.length;
    }

    /** Number of values each statistic was taken over ({@code N·H·W} or {@code N}). */
    public long count() {
        return count;
    }

    /** Per-channel (per-feature) mean, a copy. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel (per-feature) population standard deviation, a copy. */
    public float[] std() {
        return std.clone();
    }

    /** Per-channel (per-feature) minimum, a copy. */
    public float[] min() {
        return min.clone();
    }

    /** Per-channel (per-feature) maximum, a copy. */
    public float[] max() {
        return max.clone();
    }

    /**
     * Everything needed to rebuild this normalizer, as JSON-ready values (unmodifiable):
     * {@code "mode"} ({@code "standard"} or {@code "min_max"}), {@code "rank"}, {@code "count"},
     * and the lists {@code "mean"}, {@code "std"}, {@code "min"}, {@code "max"} (floats widened to
     * double, so a JSON round trip restores them exactly).
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mode", mode.key());
        c.put("rank", rank);
        c.put("count", count);
        c.put("mean", list(mean));
        c.put("std", list(std));
        c.put("min", list(min));
        c.put("max", list(max));
        return Collections.unmodifiableMap(c);
    }

    private static List<Double> list(float[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add((double) v);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The normalizer described by a {@link #getConfig()} map (also as read back from JSON, where
     * numbers may come as any {@link Number}).
     *
     * @throws IllegalArgumentException naming the key that is missing or wrong
     */
    public static Normalizer fromConfig(Map<String, ?> config) {
        String op = "Normalizer.fromConfig";
        if (config == null) {
            throw new IllegalArgumentException(op + ": the config must not be null");
        }
        Object m = config.get("mode");
        Mode mode = null;
        for (Mode candidate : Mode.values()) {
            if (candidate.key().equals(m)) {
                mode = candidate;
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException(op + ": 'mode' must be \"standard\" or \"min_max\", got " + m);
        }
        long rank = whole(op, config, "rank");
        if (rank != 2 && rank != 4) {
            throw new IllegalArgumentException(op + ": 'rank' must be 2 or 4, got " + rank);
        }
        long count = whole(op, config, "count");
        if (count < 1) {
            throw new IllegalArgumentException(op + ": 'count' must be ≥ 1, got " + count);
        }
        float[] mean = floats(op, config, "mean", -1);
        if (mean.length == 0) {
            throw new IllegalArgumentException(op + ": 'mean' is empty");
        }
        float[] std = floats(op, config, "std", mean.length);
        float[] min = floats(op, config, "min", mean.length);
        float[] max = floats(op, config, "max", mean.length);
        for (int ch = 0; ch < mean.length; ch++) {
            if (std[ch] < 0) {
                throw new IllegalArgumentException(op + ": 'std' must be ≥ 0, got " + std[ch] + " at index " + ch);
            }
            if (min[ch] > max[ch]) {
                throw new IllegalArgumentException(op + ": 'min' (" + min[ch] + ") is above 'max' (" + max[ch]
                        + ") at index " + ch);
            }
        }
        return new Normalizer(mode, (int) rank, count, mean, std, min, max);
    }

    private static long whole(String op, Map<String, ?> config, String key) {
        Object v = config.get(key);
        if (!(v instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new IllegalArgumentException(op + ": '" + key + "' must be a whole number, got " + v);
        }
        return number.longValue();
    }

    private static float[] floats(String op, Map<String, ?> config, String key, int length) {
        Object v = config.get(key);
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(op + ": '" + key + "' must be a list of numbers, got " + v);
        }
        if (length >= 0 && list.size() != length) {
            throw new IllegalArgumentException(op + ": '" + key + "' has " + list.size() + " values, 'mean' has " + length);
        }
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object e = list.get(i);
            if (!(e instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw new IllegalArgumentException(op + ": '" + key + "' must hold finite numbers, got " + e
                        + " at index " + i);
            }
            out[i] = number.floatValue();
        }
        return out;
    }

    /** {@code Normalizer(standard, rank 4, mean=[…], std=[…])}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Normalizer(%s, rank %d, %s=%s, %s=%s)", mode.key(), rank,
                mode == Mode.STANDARD ? "mean" : "min", Arrays.toString(shift()),
                mode == Mode.STANDARD ? "std" : "max",
                Arrays.toString(mode == Mode.STANDARD ? std : max));
    }
}

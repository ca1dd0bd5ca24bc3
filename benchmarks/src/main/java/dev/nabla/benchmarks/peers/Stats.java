package dev.nabla.benchmarks.peers;

import java.util.Arrays;

/** Small statistics for the runner and the report: median (mean of the two middle values for an even count), min, mean. */
public final class Stats {
    private Stats() {
    }

    /** The median of {@code values}; throws for an empty array. */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** The smallest of {@code values}; throws for an empty array. */
    public static double min(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("minimum of no values");
        }
        return Arrays.stream(values).min().getAsDouble();
    }

    /** The arithmetic mean of {@code values}; throws for an empty array. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("mean of no values");
        }
        return Arrays.stream(values).average().getAsDouble();
    }

    /** {@code min}, {@code median} or {@code mean} of {@code values}. */
    public static double of(String statistic, double[] values) {
        switch (statistic) {
            case "min": return min(values);
            case "median": return median(values);
            case "mean": return mean(values);
            default:
                throw new IllegalArgumentException("statistic must be min, median or mean; got " + statistic);
        }
    }
}

package dev.nabla.benchmarks.peers;

import java.util.Arrays;

/** Small statistics for the start-up runner: median (mean of the two middle values for an even count). */
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
}

package dev.nabla.medical.clinical;

import java.util.Locale;

/**
 * A point estimate with a two-sided confidence interval {@code [lower, upper]} at {@code level}
 * (e.g. 0.95), and the method that produced it ("bootstrap percentile, 2000 stratified replicates",
 * "Wilson", "Clopper-Pearson").
 */
public record ConfidenceInterval(double estimate, double lower, double upper, double level, String method) {
    /** Checks {@code lower ≤ upper} and {@code 0 < level < 1}. */
    public ConfidenceInterval {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence interval: level must be in (0, 1), got " + level);
        }
        if (lower > upper) {
            throw new IllegalArgumentException("confidence interval: lower " + lower + " > upper " + upper);
        }
    }

    /** True when {@code lower ≤ value ≤ upper}. */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /** {@code 0.9701 (95% CI 0.9543–0.9824)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f (%s%% CI %.4f–%.4f)", estimate,
                new java.math.BigDecimal(level * 100).stripTrailingZeros().toPlainString(), lower, upper);
    }
}

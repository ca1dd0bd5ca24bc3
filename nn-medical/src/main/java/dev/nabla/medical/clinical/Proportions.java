package dev.nabla.medical.clinical;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Confidence intervals for a proportion {@code p̂ = k / n} (a sensitivity, a specificity, an accuracy).
 * <ul>
 *   <li>Wilson score interval (Wilson 1927), with {@code z = Φ⁻¹((1 + level)/2)}:
 *   <pre>
 *     centre = (p̂ + z²/(2n)) / (1 + z²/n)
 *     half   = z / (1 + z²/n) · √( p̂(1 − p̂)/n + z²/(4n²) )
 *   </pre>
 *   R's {@code prop.test(k, n, correct = FALSE)}.</li>
 *   <li>Clopper–Pearson "exact" interval (Clopper &amp; Pearson 1934), with {@code α = 1 − level}:
 *   {@code lower = B⁻¹(α/2; k, n−k+1)} (0 when k = 0), {@code upper = B⁻¹(1−α/2; k+1, n−k)} (1 when
 *   k = n), B the Beta distribution; R's {@code binom.test(k, n)}. Conservative: covers at least {@code level}.</li>
 * </ul>
 */
public final class Proportions {
    private Proportions() {
    }

    /** The Wilson score interval of {@code k} successes in {@code n} trials. */
    public static ConfidenceInterval wilson(long k, long n, double level) {
        check(k, n, level);
        double z = z(level);
        double p = (double) k / n;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        return new ConfidenceInterval(p, Math.max(0, centre - half), Math.min(1, centre + half), level, "Wilson");
    }

    /** The Clopper–Pearson exact interval of {@code k} successes in {@code n} trials. */
    public static ConfidenceInterval clopperPearson(long k, long n, double level) {
        check(k, n, level);
        double alpha = 1 - level;
        double lower = k == 0 ? 0 : new BetaDistribution(null, k, n - k + 1).inverseCumulativeProbability(alpha / 2);
        double upper = k == n ? 1 : new BetaDistribution(null, k + 1, n - k).inverseCumulativeProbability(1 - alpha / 2);
        return new ConfidenceInterval((double) k / n, lower, upper, level, "Clopper-Pearson");
    }

    /** {@code Φ⁻¹((1 + level) / 2)}: 1.959964 for 95 %. */
    static double z(double level) {
        return new NormalDistribution(null, 0, 1).inverseCumulativeProbability((1 + level) / 2);
    }

    private static void check(long k, long n, double level) {
        if (n <= 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("proportion: expected 0 <= k <= n and n > 0, got k=" + k + " n=" + n);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("proportion: level must be in (0, 1), got " + level);
        }
    }
}

package dev.nabla.medical.privacy;

/**
 * An (ε, δ) guarantee read off a Rényi-DP curve, with the order α at which the bound was tightest.
 *
 * @param epsilon the privacy loss bound ε (≥ 0, may be infinite)
 * @param delta   the failure probability δ it holds at
 * @param order   the Rényi order α that gave this ε
 */
public record PrivacySpent(double epsilon, double delta, double order) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "(ε = %.4g, δ = %.3g) at order α = %s", epsilon, delta, order);
    }
}

package dev.nabla.formula;

/**
 * The seed's logistic discriminator for one-dimensional data:
 *
 * <pre>
 *   D(x) = 1 / (1 + exp(−(x − μ) / σ))      σ &gt; 0
 * </pre>
 *
 * {@code D(x)} is the probability the discriminator gives to "x is a real sample". It is the
 * logistic sigmoid of the score {@code (x − μ)/σ}: {@code μ} is the decision threshold
 * ({@code D(μ) = 1/2}) and {@code σ} the width of the transition (small σ: a sharp step).
 * Its derivative is {@code dD/dx = D(x)·(1 − D(x)) / σ}.
 *
 * <p><b>Indices.</b> None: {@code x}, {@code μ} and {@code σ} are scalars; {@link #apply(double[])}
 * just maps over a sample array.
 *
 * <p>Worked example ({@link #main}): μ = 2, σ = 0.5 gives D(1) = 1/(1+e²) = 0.119203,
 * D(2) = 0.5, D(2.5) = 1/(1+e⁻¹) = 0.731059, D(3) = 1/(1+e⁻²) = 0.880797.
 */
public final class LogisticDiscriminator {
    private final double mu;
    private final double sigma;

    /**
     * @param mu    the location μ (where D = 1/2); finite
     * @param sigma the scale σ; finite and &gt; 0
     * @throws IllegalArgumentException if σ ≤ 0 or either parameter is not finite
     */
    public LogisticDiscriminator(double mu, double sigma) {
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("LogisticDiscriminator: μ must be a finite number, got " + mu);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("LogisticDiscriminator: σ must be a finite number > 0 (it divides "
                    + "x − μ), got σ = " + sigma);
        }
        this.mu = mu;
        this.sigma = sigma;
    }

    public double mu() {
        return mu;
    }

    public double sigma() {
        return sigma;
    }

    /** {@code D(x) = 1 / (1 + exp(−(x − μ)/σ))}. */
    public double apply(double x) {
        return 1.0 / (1.0 + Math.exp(-(x - mu) / sigma));
    }

    /** {@code D} applied to every sample: {@code d[i] = D(xs[i])}. */
    public double[] apply(double[] xs) {
        if (xs == null) {
            throw new IllegalArgumentException("LogisticDiscriminator.apply: samples are null, expected an array");
        }
        double[] d = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            d[i] = apply(xs[i]);
        }
        return d;
    }

    /** {@code dD/dx = D(x)·(1 − D(x)) / σ}. */
    public double derivative(double x) {
        double d = apply(x);
        return d * (1 - d) / sigma;
    }

    @Override
    public String toString() {
        return "LogisticDiscriminator(μ = " + Arrays2D.format(mu) + ", σ = " + Arrays2D.format(sigma) + ")";
    }

    /** Prints the worked example: μ = 2, σ = 0.5 at x = 1, 2, 2.5, 3. */
    public static void main(String[] args) {
        LogisticDiscriminator d = new LogisticDiscriminator(2, 0.5);
        System.out.println("Logistic discriminator  D(x) = 1 / (1 + exp(−(x−μ)/σ))   with μ = 2, σ = 0.5");
        double[] xs = {1, 2, 2.5, 3};
        String[] steps = {"1/(1+e^2)", "1/(1+e^0)", "1/(1+e^-1)", "1/(1+e^-2)"};
        for (int i = 0; i < xs.length; i++) {
            System.out.println("  D(" + Arrays2D.format(xs[i]) + ") = " + steps[i] + " = " + Arrays2D.format(d.apply(xs[i])));
        }
        System.out.println("  dD/dx at x = μ: D(1−D)/σ = 0.25 / 0.5 = " + Arrays2D.format(d.derivative(2)));
    }
}

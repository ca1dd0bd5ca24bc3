package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * The seed's logistic discriminator for one-dimensional data, as a trainable layer:
 *
 * <pre>
 *   D(x) = 1 / (1 + exp(−(x − μ) / σ)),      σ = softplus(ρ) = log(1 + e^ρ) &gt; 0
 * </pre>
 *
 * Input {@code (batch, 1)}, output {@code (batch, 1)}: the probability that each sample is real.
 * Both {@code μ} (weight {@code "mu"}, the threshold where {@code D = 1/2}) and {@code σ} (the width
 * of the transition) are learned. {@code σ} is not a weight itself: the layer learns the
 * unconstrained {@code ρ} (weight {@code "rho"}) and computes {@code σ = softplus(ρ)}, so every
 * gradient step keeps {@code σ > 0}. {@link #sigma()} reports the current {@code σ}.
 *
 * <p>With {@link #outputLogits(boolean) outputLogits(true)} the layer returns the score
 * {@code (x − μ)/σ} instead of its sigmoid, for {@code Losses.binaryCrossentropy(true)} (more
 * stable than the cross-entropy of a saturated probability). {@link dev.nabla.formula.LogisticDiscriminator}
 * is the same formula in double precision, and the test oracle of this layer.
 *
 * <p>Note that D is increasing in x for every σ &gt; 0: it can only say "real samples lie to the
 * right of μ". Against it a generator learns to move its mass to the right; matching a whole
 * distribution needs a more flexible discriminator (a small MLP).
 */
public final class LogisticDiscriminator extends Layer {
    private final double initialMu;
    private final double initialSigma;
    private boolean outputLogits;
    private Tensor mu;
    private Tensor rho;

    /** Starts at {@code μ = 0}, {@code σ = 1}, outputting probabilities. */
    public LogisticDiscriminator() {
        this(0, 1);
    }

    /**
     * Starts at the given {@code μ} (finite) and {@code σ} (finite, &gt; 0), outputting probabilities.
     */
    public LogisticDiscriminator(double mu, double sigma) {
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("LogisticDiscriminator: μ must be a finite number, got " + mu);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("LogisticDiscriminator: σ must be a finite number > 0, got " + sigma);
        }
        this.initialMu = mu;
        this.initialSigma = sigma;
    }

    /** Whether to output the logit {@code (x − μ)/σ} instead of {@code D(x)}; default false. */
    public LogisticDiscriminator outputLogits(boolean logits) {
        this.outputLogits = logits;
        return this;
    }

    /** Whether the output is the logit {@code (x − μ)/σ} (true) or {@code D(x)} (false). */
    public boolean outputsLogits() {
        return outputLogits;
    }

    @Override
    public LogisticDiscriminator name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public LogisticDiscriminator seed(long value) {
        super.seed(value);
        return this;
    }

    /** The current {@code μ} (the initial one before the layer is built). */
    public double mu() {
        return mu == null ? initialMu : mu.toArray()[0];
    }

    /** The current {@code σ = softplus(ρ)} (the initial one before the layer is built). */
    public double sigma() {
        if (rho == null) {
            return initialSigma;
        }
        double r = rho.toArray()[0];
        return Math.max(r, 0) + Math.log1p(Math.exp(-Math.abs(r)));
    }

    /** {@code ρ = softplus⁻¹(σ) = σ + log(1 − e^−σ)}, written so it stays finite for large σ. */
    static double inverseSoftplus(double sigma) {
        return sigma + Math.log(-Math.expm1(-sigma));
    }

    @Override
    protected void onBuild(int[] inputShape) {
        outputShape(inputShape);
        mu = addWeight("mu", new int[] {1}, Initializers.constant((float) initialMu), 1, 1, true);
        rho = addWeight("rho", new int[] {1}, Initializers.constant((float) inverseSoftplus(initialSigma)), 1, 1, true);
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor logit = x.sub(mu).div(Ops.softplus(rho));
        return outputLogits ? logit : logit.sigmoid();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] != 1) {
            throw new IllegalArgumentException(describe() + " expects inputs (batch, 1) — one number per sample — "
                    + "got a sample shape " + dev.nabla.tensor.Shape.format(inputShape) + " (batch axis left out)");
        }
        return new int[] {1};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mu", initialMu);
        c.put("sigma", initialSigma);
        c.put("output_logits", outputLogits);
        return c;
    }

    static LogisticDiscriminator fromConfig(Map<String, Object> c) {
        LogisticDiscriminator d = new LogisticDiscriminator(Config.number(c, "mu", 0), Config.number(c, "sigma", 1))
                .outputLogits(Config.bool(c, "output_logits", false));
        return named(d, c);
    }
}

package dev.nabla.optim;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay
 * Regularization"), as PyTorch's {@code torch.optim.AdamW} and Keras's {@code AdamW}: the weights
 * are shrunk directly, scaled by the learning rate, and the decay never enters the moment
 * estimates. With learning rate {@code α} and decay {@code λ}:
 *
 * <pre>
 *   θ  ← θ − α·λ·θ                       (decoupled decay, on the weights before the Adam step)
 *   m  ← β₁·m + (1 − β₁)·g               (g = ∇θ, unchanged by the decay)
 *   v  ← β₂·v + (1 − β₂)·g²
 *   θ  ← θ − α·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 *
 * <p>Compare {@link Adam#weightDecay(double)}, which adds {@code λ·θ} to {@code g} and so is
 * divided by {@code √v̂} like the rest of the gradient. The default decay is <b>0.01, PyTorch's</b>
 * (Keras 3 uses 0.004); the other defaults are {@link Adam}'s (Keras's): {@code α = 1e-3,
 * β₁ = 0.9, β₂ = 0.999, ε = 1e-7}. AMSGrad works as in {@link Adam}.
 */
public final class AdamW extends Adam {
    /** The default decoupled weight decay, PyTorch's. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    /** AdamW with learning rate 1e-3 and weight decay 0.01. */
    public AdamW() {
        this(1e-3);
    }

    /** AdamW with a constant learning rate and weight decay 0.01. */
    public AdamW(double learningRate) {
        this(learningRate, DEFAULT_WEIGHT_DECAY);
    }

    /** AdamW with a constant learning rate and decoupled weight decay {@code λ ≥ 0}. */
    public AdamW(double learningRate, double weightDecay) {
        super("AdamW", learningRate);
        super.weightDecay(weightDecay);
    }

    /** AdamW whose learning rate follows a schedule (the decay is scaled by the scheduled rate). */
    public AdamW(LearningRateSchedule learningRate, double weightDecay) {
        super("AdamW", learningRate);
        super.weightDecay(weightDecay);
    }

    @Override
    boolean decoupled() {
        return true;
    }

    /** Decoupled weight decay {@code λ ≥ 0}: {@code θ ← θ − α·λ·θ} before each Adam step. */
    @Override
    public AdamW weightDecay(double weightDecay) {
        super.weightDecay(weightDecay);
        return this;
    }

    @Override
    public AdamW beta1(double beta1) {
        super.beta1(beta1);
        return this;
    }

    @Override
    public AdamW beta2(double beta2) {
        super.beta2(beta2);
        return this;
    }

    @Override
    public AdamW epsilon(double epsilon) {
        super.epsilon(epsilon);
        return this;
    }

    @Override
    public AdamW amsgrad(boolean amsgrad) {
        super.amsgrad(amsgrad);
        return this;
    }

    @Override
    public AdamW clipNorm(double maxNorm) {
        super.clipNorm(maxNorm);
        return this;
    }

    @Override
    public AdamW clipValue(double maxValue) {
        super.clipValue(maxValue);
        return this;
    }
}

package dev.nabla.optim;

import dev.nabla.backend.OptimizerUpdate;
import dev.nabla.ops.Check;

import java.util.Map;
import java.util.Set;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1), with optional AMSGrad (Reddi et al. 2018) and L2 weight
 * decay added to the gradient (PyTorch's {@code Adam(weight_decay=…)}). With learning rate
 * {@code α}, decay rates {@code β₁, β₂}, {@code ε}, and {@code t} the parameter's update count
 * (1 on its first update):
 *
 * <pre>
 *   g  ← ∇θ + λ·θ                       (only with weightDecay λ &gt; 0)
 *   m  ← β₁·m + (1 − β₁)·g               (slot "momentum", starts at 0)
 *   v  ← β₂·v + (1 − β₂)·g²              (slot "velocity", starts at 0)
 *   m̂ = m / (1 − β₁ᵗ)                    (bias correction)
 *   v̂ = v / (1 − β₂ᵗ)                    amsgrad: v_max ← max(v_max, v) (slot "velocity_hat"), v̂ = v_max / (1 − β₂ᵗ)
 *   θ  ← θ − α·m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>Because of the bias correction the first update moves each weight by almost exactly
 * {@code α·sign(g)}. Defaults are Keras's: {@code α = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-7}.
 * {@code ε} is added to {@code √v̂} as in Algorithm 1 and PyTorch; Keras adds it to the
 * uncorrected {@code √v} (the paper's "ε̂"), which differs only when {@code v} is tiny.
 * For decoupled weight decay use {@link AdamW}.
 */
public class Adam extends Optimizer {
    private static final Set<String> SLOTS = Set.of("momentum", "velocity", "velocity_hat");
    private static final Set<String> IN_USE = Set.of("momentum", "velocity");

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;
    private double weightDecay;

    /** Adam with Keras's default learning rate 1e-3. */
    public Adam() {
        this(1e-3);
    }

    /** Adam with a constant learning rate. */
    public Adam(double learningRate) {
        this("Adam", learningRate);
    }

    /** Adam whose learning rate follows a schedule. */
    public Adam(LearningRateSchedule learningRate) {
        this("Adam", learningRate);
    }

    Adam(String name, double learningRate) {
        super(name, learningRate);
    }

    Adam(String name, LearningRateSchedule learningRate) {
        super(name, learningRate);
    }

    /** Decay rate {@code β₁ ∈ [0, 1)} of the first-moment estimate (default 0.9). */
    public Adam beta1(double beta1) {
        this.beta1 = Check.unitOpen(name(), "beta_1", beta1);
        return this;
    }

    /** Decay rate {@code β₂ ∈ [0, 1)} of the second-moment estimate (default 0.999). */
    public Adam beta2(double beta2) {
        this.beta2 = Check.unitOpen(name(), "beta_2", beta2);
        return this;
    }

    /** {@code ε > 0} added to {@code √v̂} (default 1e-7, Keras). */
    public Adam epsilon(double epsilon) {
        this.epsilon = Check.positive(name(), "epsilon", epsilon);
        return this;
    }

    /** AMSGrad: divide by the running maximum of {@code v} instead of {@code v}. */
    public Adam amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    /** L2 penalty {@code λ ≥ 0} added to the gradient as {@code λ·θ} (PyTorch Adam). */
    public Adam weightDecay(double weightDecay) {
        this.weightDecay = Check.nonNegative(name(), "weight_decay", weightDecay);
        return this;
    }

    @Override
    public Adam clipNorm(double maxNorm) {
        super.clipNorm(maxNorm);
        return this;
    }

    @Override
    public Adam clipValue(double maxValue) {
        super.clipValue(maxValue);
        return this;
    }

    /** True for {@link AdamW}: the decay shrinks the weights instead of entering the gradient. */
    boolean decoupled() {
        return false;
    }

    @Override
    final OptimizerUpdate backendRule(Slots state, double lr) {
        long t = state.steps();
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        float l2 = decoupled() ? 0f : (float) weightDecay;
        float shrink = decoupled() ? (float) (1 - lr * weightDecay) : 1f;
        return OptimizerUpdate.adam(stepSize, invSqrtBc2, (float) beta1, (float) beta2, (float) (1 - beta1),
                (float) (1 - beta2), (float) epsilon, l2, shrink, amsgrad);
    }

    @Override
    final String[] backendSlots(OptimizerUpdate rule) {
        return amsgrad ? new String[] {"momentum", "velocity", "velocity_hat"} : new String[] {"momentum", "velocity"};
    }

    @Override
    public final Set<String> slotNames() {
        return SLOTS;
    }

    @Override
    public final Set<String> slotNamesInUse() {
        return amsgrad ? SLOTS : IN_USE;
    }

    @Override
    final void addConfig(Map<String, Object> config) {
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
        config.put("amsgrad", amsgrad);
        config.put("weight_decay", weightDecay);
    }
}

package dev.nabla.optim;

import dev.nabla.backend.OptimizerUpdate;
import dev.nabla.ops.Check;

import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
 * following PyTorch's {@code torch.optim.SGD} algorithm box exactly (dampening 0). With learning
 * rate {@code γ}, momentum {@code μ}, weight decay {@code λ}, for each parameter {@code θ}:
 *
 * <pre>
 *   g ← ∇θ + λ·θ                       (L2: the decay is added to the gradient)
 *   if μ ≠ 0:
 *       b ← μ·b + g                    (b starts at 0, so the first b is g, as PyTorch)
 *       g ← nesterov ? g + μ·b : b
 *   θ ← θ − γ·g
 * </pre>
 *
 * <p>With a constant learning rate this equals Keras's SGD ({@code v ← μ·v − γ·g; θ ← θ + v});
 * the two differ only while the learning rate changes, because PyTorch keeps {@code γ} out of the
 * buffer. The momentum buffer is the slot {@code "momentum"}. Default learning rate 0.01 (Keras).
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.1).momentum(0.9).nesterov(true).weightDecay(5e-4);
 * }</pre>
 */
public final class SGD extends Optimizer {
    private static final String NAME = "SGD";
    private static final Set<String> SLOTS = Set.of("momentum");

    private double momentum;
    private boolean nesterov;
    private double weightDecay;

    /** Plain SGD with Keras's default learning rate 0.01. */
    public SGD() {
        this(0.01);
    }

    /** Plain SGD with a constant learning rate. */
    public SGD(double learningRate) {
        super(NAME, learningRate);
    }

    /** Plain SGD whose learning rate follows a schedule. */
    public SGD(LearningRateSchedule learningRate) {
        super(NAME, learningRate);
    }

    /** Momentum {@code μ} in {@code [0, 1)}; 0 (the default) turns it off. */
    public SGD momentum(double momentum) {
        this.momentum = Check.unitOpen(NAME, "momentum", momentum);
        return this;
    }

    /** Nesterov momentum ({@code g + μ·b} instead of {@code b}); needs {@code momentum > 0}. */
    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    /** L2 penalty {@code λ ≥ 0}, added to the gradient as {@code λ·θ} (PyTorch's weight_decay). */
    public SGD weightDecay(double weightDecay) {
        this.weightDecay = Check.nonNegative(NAME, "weight_decay", weightDecay);
        return this;
    }

    @Override
    public SGD clipNorm(double maxNorm) {
        super.clipNorm(maxNorm);
        return this;
    }

    @Override
    public SGD clipValue(double maxValue) {
        super.clipValue(maxValue);
        return this;
    }

    @Override
    void checkCombination() {
        if (nesterov && momentum == 0) {
            throw new IllegalStateException(NAME + ": nesterov(true) needs momentum > 0, got momentum " + momentum);
        }
    }

    @Override
    OptimizerUpdate backendRule(Slots state, double lr) {
        return OptimizerUpdate.sgd((float) lr, (float) momentum, nesterov, (float) weightDecay);
    }

    @Override
    String[] backendSlots(OptimizerUpdate rule) {
        return rule.slotCount() == 0 ? new String[0] : new String[] {"momentum"};
    }

    @Override
    public Set<String> slotNames() {
        return SLOTS;
    }

    @Override
    public Set<String> slotNamesInUse() {
        return momentum > 0 ? SLOTS : Set.of();
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
        config.put("weight_decay", weightDecay);
    }
}

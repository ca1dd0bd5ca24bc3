package dev.nabla.optim.schedule;

import dev.nabla.ops.Check;
import dev.nabla.optim.LearningRateSchedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code γ} every {@code stepSize} steps, as PyTorch's
 * {@code StepLR} (counted in optimizer steps here):
 *
 * <pre>
 *   rate(step) = initial · γ^⌊step / stepSize⌋
 * </pre>
 *
 * <p>Example: {@code new StepDecay(0.1, 30, 0.1)} gives 0.1 for steps 0–29, 0.01 for 30–59, 0.001
 * for 60–89, …
 */
public final class StepDecay implements LearningRateSchedule {
    private static final String NAME = "StepDecay";

    private final double initial;
    private final long stepSize;
    private final double gamma;

    /**
     * @param initial  the rate for steps {@code 0 … stepSize−1}, finite and {@code >= 0}
     * @param stepSize steps between decays, {@code > 0}
     * @param gamma    the factor applied at each decay, finite and {@code > 0}
     */
    public StepDecay(double initial, long stepSize, double gamma) {
        this.initial = Check.nonNegative(NAME, "initial_learning_rate", initial);
        this.stepSize = Args.positiveSteps(NAME, "step_size", stepSize);
        this.gamma = Check.positive(NAME, "gamma", gamma);
    }

    @Override
    public double rate(long step) {
        return initial * Math.pow(gamma, Args.step(NAME, step) / stepSize);
    }

    /** {@code initial_learning_rate}, {@code step_size}, {@code gamma}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("step_size", stepSize);
        c.put("gamma", gamma);
        return Args.freeze(c);
    }

    /** The inverse of {@link #getConfig()}. */
    public static StepDecay fromConfig(Map<String, ?> config) {
        Args.config(NAME, config, "initial_learning_rate", "step_size", "gamma");
        return new StepDecay(Args.number(NAME, config, "initial_learning_rate", null),
                Args.integer(NAME, config, "step_size"), Args.number(NAME, config, "gamma", null));
    }

    @Override
    public String toString() {
        return NAME + getConfig();
    }
}

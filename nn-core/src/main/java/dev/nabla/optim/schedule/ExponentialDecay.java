package dev.nabla.optim.schedule;

import dev.nabla.ops.Check;
import dev.nabla.optim.LearningRateSchedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential decay, as Keras's {@code keras.optimizers.schedules.ExponentialDecay}:
 *
 * <pre>
 *   rate(step) = initial · decayRate^(step / decaySteps)        staircase: the exponent is ⌊step / decaySteps⌋
 * </pre>
 *
 * <p>Example (Keras docs): {@code new ExponentialDecay(0.1, 100000, 0.96, true)} multiplies the
 * rate by 0.96 every 100 000 steps.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private static final String NAME = "ExponentialDecay";

    private final double initial;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /**
     * @param initial    the rate at step 0, finite and {@code >= 0}
     * @param decaySteps steps over which the rate is multiplied by {@code decayRate}, {@code > 0}
     * @param decayRate  finite and {@code > 0} (usually below 1)
     * @param staircase  decay in whole multiples of {@code decaySteps} only
     */
    public ExponentialDecay(double initial, long decaySteps, double decayRate, boolean staircase) {
        this.initial = Check.nonNegative(NAME, "initial_learning_rate", initial);
        this.decaySteps = Args.positiveSteps(NAME, "decay_steps", decaySteps);
        this.decayRate = Check.positive(NAME, "decay_rate", decayRate);
        this.staircase = staircase;
    }

    @Override
    public double rate(long step) {
        double p = (double) Args.step(NAME, step) / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initial * Math.pow(decayRate, p);
    }

    /** Keras's names: {@code initial_learning_rate}, {@code decay_steps}, {@code decay_rate}, {@code staircase}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        return Args.freeze(c);
    }

    /** The inverse of {@link #getConfig()}; {@code staircase} defaults to false. */
    public static ExponentialDecay fromConfig(Map<String, ?> config) {
        Args.config(NAME, config, "initial_learning_rate", "decay_steps", "decay_rate", "staircase");
        return new ExponentialDecay(Args.number(NAME, config, "initial_learning_rate", null),
                Args.integer(NAME, config, "decay_steps"), Args.number(NAME, config, "decay_rate", null),
                Args.bool(NAME, config, "staircase", false));
    }

    @Override
    public String toString() {
        return NAME + getConfig();
    }
}

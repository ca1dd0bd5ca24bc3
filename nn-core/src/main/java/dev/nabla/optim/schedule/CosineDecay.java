package dev.nabla.optim.schedule;

import dev.nabla.ops.Check;
import dev.nabla.optim.LearningRateSchedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay without restarts (Loshchilov &amp; Hutter 2017, SGDR), as Keras's
 * {@code keras.optimizers.schedules.CosineDecay} (without its warm-up; wrap it in {@link WarmUp}):
 *
 * <pre>
 *   s          = min(step, decaySteps)
 *   cosine     = ½ · (1 + cos(π · s / decaySteps))
 *   rate(step) = initial · ((1 − α) · cosine + α)
 * </pre>
 *
 * <p>The rate falls from {@code initial} at step 0 to {@code α·initial} at {@code decaySteps} and
 * stays there.
 */
public final class CosineDecay implements LearningRateSchedule {
    private static final String NAME = "CosineDecay";

    private final double initial;
    private final long decaySteps;
    private final double alpha;

    /** Cosine decay to 0 ({@code α = 0}). */
    public CosineDecay(double initial, long decaySteps) {
        this(initial, decaySteps, 0);
    }

    /**
     * @param initial    the rate at step 0, finite and {@code >= 0}
     * @param decaySteps steps to decay over, {@code > 0}
     * @param alpha      the final rate as a fraction of {@code initial}, in {@code [0, 1]}
     */
    public CosineDecay(double initial, long decaySteps, double alpha) {
        this.initial = Check.nonNegative(NAME, "initial_learning_rate", initial);
        this.decaySteps = Args.positiveSteps(NAME, "decay_steps", decaySteps);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException(NAME + ": alpha must be in [0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public double rate(long step) {
        double s = Math.min(Args.step(NAME, step), decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return initial * ((1 - alpha) * cosine + alpha);
    }

    /** Keras's names: {@code initial_learning_rate}, {@code decay_steps}, {@code alpha}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initial);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        return Args.freeze(c);
    }

    /** The inverse of {@link #getConfig()}; {@code alpha} defaults to 0. */
    public static CosineDecay fromConfig(Map<String, ?> config) {
        Args.config(NAME, config, "initial_learning_rate", "decay_steps", "alpha");
        return new CosineDecay(Args.number(NAME, config, "initial_learning_rate", null),
                Args.integer(NAME, config, "decay_steps"), Args.number(NAME, config, "alpha", 0.0));
    }

    @Override
    public String toString() {
        return NAME + getConfig();
    }
}

package dev.nabla.optim.schedule;

import dev.nabla.optim.LearningRateSchedule;
import dev.nabla.optim.Optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear warm-up from 0, then another schedule, started afresh after the warm-up (as the warm-up
 * of Keras's {@code CosineDecay} and Hugging Face's {@code get_*_schedule_with_warmup}). With
 * {@code W} warm-up steps and the wrapped schedule {@code S}:
 *
 * <pre>
 *   rate(step) = S(0) · step / W      for step &lt; W      (0 at step 0, rising linearly)
 *   rate(step) = S(step − W)          for step ≥ W      (continuous at step = W)
 * </pre>
 *
 * <pre>{@code
 * new WarmUp(1000, new CosineDecay(1e-3, 9000))   // 1000 steps up to 1e-3, then cosine down over 9000
 * }</pre>
 */
public final class WarmUp implements LearningRateSchedule {
    private static final String NAME = "WarmUp";

    private final long warmupSteps;
    private final LearningRateSchedule schedule;

    /** Warm up to a constant rate. */
    public WarmUp(long warmupSteps, double target) {
        this(warmupSteps, new Constant(target));
    }

    /**
     * @param warmupSteps steps of linear warm-up, {@code >= 0} (0: none)
     * @param schedule    the schedule that follows, fed {@code step − warmupSteps}
     */
    public WarmUp(long warmupSteps, LearningRateSchedule schedule) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException(NAME + ": warmup_steps must be >= 0, got " + warmupSteps);
        }
        if (schedule == null) {
            throw new IllegalArgumentException(NAME + ": the schedule after the warm-up must not be null");
        }
        this.warmupSteps = warmupSteps;
        this.schedule = schedule;
    }

    @Override
    public double rate(long step) {
        Args.step(NAME, step);
        if (step < warmupSteps) {
            return schedule.rate(0) * step / warmupSteps;
        }
        return schedule.rate(step - warmupSteps);
    }

    /** {@code warmup_steps} and {@code schedule} ({@code {"class_name": …, "config": …}}). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("warmup_steps", warmupSteps);
        c.put("schedule", Args.serialize(schedule));
        return Args.freeze(c);
    }

    /**
     * The inverse of {@link #getConfig()}; the wrapped schedule is rebuilt with
     * {@link Optimizers#scheduleFromConfig}.
     */
    public static WarmUp fromConfig(Map<String, ?> config) {
        Args.config(NAME, config, "warmup_steps", "schedule");
        Object inner = config.get("schedule");
        if (!(inner instanceof Map)) {
            throw new IllegalArgumentException(NAME + ".fromConfig: schedule must be {\"class_name\": …, \"config\": …}, "
                    + "got " + inner);
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> serialized = (Map<String, ?>) inner;
        return new WarmUp(Args.integer(NAME, config, "warmup_steps"), Optimizers.scheduleFromConfig(serialized));
    }

    @Override
    public String toString() {
        return NAME + getConfig();
    }
}

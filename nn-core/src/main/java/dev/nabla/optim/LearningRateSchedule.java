package dev.nabla.optim;

import java.util.Map;

/**
 * A learning rate that changes with the optimizer step, as Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}.
 *
 * <p>{@code rate(step)} is the learning rate used by the update with 0-based index {@code step}:
 * the optimizer asks for {@code rate(iterations)} before it counts the step, so the first update
 * uses {@code rate(0)} (Keras passes {@code optimizer.iterations} the same way). Implementations
 * must be pure functions of {@code step}, so that saving the iteration count is enough to resume.
 *
 * <pre>{@code
 * Optimizer sgd = new SGD(new ExponentialDecay(0.1, 1000, 0.96, true));
 * Optimizer adam = new Adam(step -> 1e-3 / Math.sqrt(step + 1));   // any lambda works
 * }</pre>
 *
 * <p>The built-in schedules live in {@code dev.nabla.optim.schedule}.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for the update with 0-based index {@code step}; finite and {@code >= 0}. */
    double rate(long step);

    /**
     * The arguments that rebuild this schedule, with Keras's names where Keras has the schedule.
     * A lambda has none. {@link Optimizers#scheduleFromConfig} rebuilds the built-in schedules, and
     * a custom schedule class once it is {@linkplain Optimizers#registerSchedule registered}.
     */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}

package dev.nabla.optim.schedule;

import dev.nabla.ops.Check;
import dev.nabla.optim.LearningRateSchedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The same learning rate at every step: {@code rate(step) = lr}. Useful as the target of a
 * {@link WarmUp}.
 */
public final class Constant implements LearningRateSchedule {
    private final double learningRate;

    /** A constant, finite, non-negative learning rate. */
    public Constant(double learningRate) {
        this.learningRate = Check.learningRate("Constant", learningRate);
    }

    @Override
    public double rate(long step) {
        Args.step("Constant", step);
        return learningRate;
    }

    /** {@code {"learning_rate": lr}}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", learningRate);
        return Args.freeze(c);
    }

    /** The inverse of {@link #getConfig()}: {@code {"learning_rate": lr}}. */
    public static Constant fromConfig(Map<String, ?> config) {
        Args.config("Constant", config, "learning_rate");
        return new Constant(Args.number("Constant", config, "learning_rate", null));
    }

    @Override
    public String toString() {
        return "Constant" + getConfig();
    }
}

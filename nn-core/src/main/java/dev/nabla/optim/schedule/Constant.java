package dev.nabla.optim.schedule;

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
        this.learningRate = Args.rate("Constant", "learning_rate", learningRate);
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

    @Override
    public String toString() {
        return "Constant" + getConfig();
    }
}

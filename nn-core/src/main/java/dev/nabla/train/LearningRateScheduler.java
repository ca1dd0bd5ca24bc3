package dev.nabla.train;

import dev.nabla.nn.Model;

import java.util.function.IntToDoubleFunction;

/**
 * Sets the optimizer's learning rate at the start of each epoch from a function of the epoch
 * (0-based), as Keras's LearningRateScheduler. For per-step schedules give the optimizer a
 * {@code LearningRateSchedule} instead.
 */
public final class LearningRateScheduler implements Callback {
    private final IntToDoubleFunction schedule;

    /** Sets the learning rate to {@code schedule(epoch)} (a finite value ≥ 0; epochs 0-based) before each epoch. */
    public LearningRateScheduler(IntToDoubleFunction schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onEpochBegin(Model model, int epoch) {
        double rate = schedule.applyAsDouble(epoch);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException("LearningRateScheduler: epoch " + epoch + " gave learning rate " + rate);
        }
        model.optimizer().setLearningRate(rate);
    }
}

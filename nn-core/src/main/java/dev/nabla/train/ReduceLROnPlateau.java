package dev.nabla.train;

import dev.nabla.nn.Model;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when {@code monitor} has not improved for
 * {@code patience} epochs (Keras semantics: improvement means beyond {@code minDelta}; waits
 * {@code cooldown} epochs after a reduction; never goes below {@code minLearningRate}).
 */
public final class ReduceLROnPlateau implements Callback {
    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLearningRate;
    private int wait;
    private int cooldownLeft;

    /**
     * Watches {@code monitor} (e.g. {@code "val_loss"}) and multiplies the learning rate by {@code factor}
     * in (0, 1) after {@code patience} (≥ 0) epochs without improvement (Keras's defaults: 0.1 and 10).
     */
    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience must be ≥ 0, got " + patience);
        }
        this.monitor = new Monitor("ReduceLROnPlateau", monitor);
        this.factor = factor;
        this.patience = patience;
    }

    /** The smallest change (its absolute value) that counts as an improvement; default 1e-4, as Keras. */
    public ReduceLROnPlateau minDelta(double delta) {
        minDelta = Math.abs(delta);
        return this;
    }

    /** Epochs to wait after a reduction before counting again; default 0. */
    public ReduceLROnPlateau cooldown(int epochs) {
        cooldown = epochs;
        return this;
    }

    /** The floor of the learning rate; default 0. */
    public ReduceLROnPlateau minLearningRate(double rate) {
        minLearningRate = rate;
        return this;
    }

    @Override
    public void onTrainBegin(Model model) {
        monitor.reset();
        wait = 0;
        cooldownLeft = 0;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        double value = monitor.value(logs);
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (monitor.improves(value, minDelta)) {
            wait = 0;
        } else if (cooldownLeft == 0 && ++wait >= patience) {
            double old = model.optimizer().currentLearningRate();
            double reduced = Math.max(old * factor, minLearningRate);
            if (reduced < old) {
                model.optimizer().setLearningRate(reduced);
            }
            cooldownLeft = cooldown;
            wait = 0;
        }
    }
}

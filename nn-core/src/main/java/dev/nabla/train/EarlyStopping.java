package dev.nabla.train;

import dev.nabla.nn.Model;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when {@code monitor} has not improved by more than {@code minDelta} for
 * {@code patience} epochs (Keras semantics: the run stops at the {@code patience}-th consecutive
 * epoch without improvement, so patience 2 after a best epoch 1 stops after epoch 3). With
 * {@link #restoreBestWeights()} the model ends with the weights of its best epoch. Quantities whose
 * name contains "loss" or "error" are minimised, others maximised.
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private double minDelta;
    private boolean restoreBest;
    private int wait;
    private int stoppedEpoch = -1;
    private Map<String, float[]> bestWeights;

    /**
     * Watches the logged quantity {@code monitor} (e.g. {@code "val_loss"}) and stops after {@code
     * patience} (≥ 0) epochs without improvement.
     */
    public EarlyStopping(String monitor, int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be ≥ 0, got " + patience);
        }
        this.monitor = new Monitor("EarlyStopping", monitor);
        this.patience = patience;
    }

    /** The smallest change (its absolute value) that counts as an improvement; default 0, as Keras. */
    public EarlyStopping minDelta(double delta) {
        this.minDelta = Math.abs(delta);
        return this;
    }

    /** At the end, put back the weights of the best epoch. */
    public EarlyStopping restoreBestWeights() {
        this.restoreBest = true;
        return this;
    }

    /** The epoch (0-based) training stopped after, or −1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void onTrainBegin(Model model) {
        monitor.reset();
        wait = 0;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        if (monitor.improves(monitor.value(logs), minDelta)) {
            wait = 0;
            if (restoreBest) {
                bestWeights = snapshot(model);
            }
        } else if (++wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Model model) {
        if (restoreBest && bestWeights != null) {
            model.namedWeights().forEach((name, w) -> System.arraycopy(bestWeights.get(name), 0, w.storage(),
                    w.offset(), w.numel()));
        }
    }

    private static Map<String, float[]> snapshot(Model model) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedWeights().entrySet()) {
            copy.put(e.getKey(), e.getValue().toArray());
        }
        return copy;
    }
}

package dev.nabla.train;

import dev.nabla.nn.Model;

import java.util.Map;

/**
 * Stops training quietly (no exception) when the running loss becomes NaN or infinite, as Keras's
 * TerminateOnNaN. Without it, {@code fit} fails with an error naming the epoch and batch.
 */
public final class TerminateOnNaN implements Callback {
    private boolean terminated;

    /** A callback that stops the run at the first batch whose running loss is NaN or infinite. */
    public TerminateOnNaN() {
    }

    /** True when this callback stopped the run. */
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void onBatchEnd(Model model, int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            terminated = true;
            model.stopTraining();
        }
    }
}

package dev.nabla.train;

import dev.nabla.nn.Model;

import java.util.Map;

/**
 * Hooks into {@code fit}, as Keras callbacks. Every method has an empty default; {@code logs}
 * hold the epoch's metrics ({@code loss}, {@code accuracy}, {@code val_loss}, …).
 */
public interface Callback {
    /** Before the first epoch of a {@code fit} call. */
    default void onTrainBegin(Model model) {
    }

    /** Before each epoch; {@code epoch} is 0-based and counts on across {@code fit} calls. */
    default void onEpochBegin(Model model, int epoch) {
    }

    /** After each batch; {@code logs} hold the running means of the epoch so far. */
    default void onBatchEnd(Model model, int batch, Map<String, Double> logs) {
    }

    /** After each epoch (and its validation); {@code logs} hold the epoch's means and the {@code val_} values. */
    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
    }

    /** After the last epoch of a {@code fit} call (also when a callback stopped it early). */
    default void onTrainEnd(Model model) {
    }
}

package dev.nabla.train;

import dev.nabla.nn.Model;

import java.util.Map;

/**
 * Hooks into {@code fit}, as Keras callbacks. Every method has an empty default; {@code logs}
 * hold the epoch's metrics ({@code loss}, {@code accuracy}, {@code val_loss}, …).
 */
public interface Callback {
    default void onTrainBegin(Model model) {
    }

    default void onEpochBegin(Model model, int epoch) {
    }

    /** After each batch; {@code logs} hold the running means of the epoch so far. */
    default void onBatchEnd(Model model, int batch, Map<String, Double> logs) {
    }

    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
    }

    default void onTrainEnd(Model model) {
    }
}

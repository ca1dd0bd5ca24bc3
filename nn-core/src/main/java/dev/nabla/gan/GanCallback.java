package dev.nabla.gan;

import java.util.Map;

/** Called by {@link GanTrainer#fit} after each epoch, e.g. to write a grid of samples. */
@FunctionalInterface
public interface GanCallback {
    /**
     * After epoch {@code epoch} (0-based, counting on across {@code fit} calls); {@code logs} hold the
     * epoch's means of {@code d_loss}, {@code g_loss}, {@code d_real} and {@code d_fake}.
     */
    void onEpochEnd(GanTrainer gan, int epoch, Map<String, Double> logs);
}

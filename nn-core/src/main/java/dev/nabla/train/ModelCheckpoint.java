package dev.nabla.train;

import dev.nabla.nn.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model after an epoch, as Keras's ModelCheckpoint: every epoch, or with
 * {@link #bestOnly()} only when {@code monitor} improved (quantities named "…loss…" or "…error…"
 * are minimised, others maximised). Saving is atomic, so an interrupted run leaves the last good file.
 */
public final class ModelCheckpoint implements Callback {
    private final Path file;
    private final Monitor monitor;
    private boolean bestOnly;

    /**
     * Saves to {@code file} (a {@code .nabla} file, replaced each time) after every epoch; {@code monitor}
     * (e.g. {@code "val_loss"}) decides the best epochs for {@link #bestOnly()}.
     */
    public ModelCheckpoint(Path file, String monitor) {
        this.file = file;
        this.monitor = new Monitor("ModelCheckpoint", monitor);
    }

    /** Save only epochs that improve {@code monitor}. */
    public ModelCheckpoint bestOnly() {
        bestOnly = true;
        return this;
    }

    @Override
    public void onTrainBegin(Model model) {
        monitor.reset();
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        double value = monitor.value(logs);
        boolean improved = monitor.improves(value, 0);
        if (bestOnly && !improved) {
            return;
        }
        try {
            model.save(file, Map.of("epoch", epoch + 1, monitor.name(), value));
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save " + file, e);
        }
    }
}

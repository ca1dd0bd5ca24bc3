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
    private final String monitor;
    private boolean bestOnly;
    private double best;

    public ModelCheckpoint(Path file, String monitor) {
        this.file = file;
        this.monitor = monitor;
    }

    /** Save only epochs that improve {@code monitor}. */
    public ModelCheckpoint bestOnly() {
        bestOnly = true;
        return this;
    }

    /** As {@link EarlyStopping} and {@link ReduceLROnPlateau}: losses and errors are minimised. */
    private boolean minimise() {
        return monitor.contains("loss") || monitor.contains("error");
    }

    @Override
    public void onTrainBegin(Model model) {
        best = minimise() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("ModelCheckpoint: '" + monitor + "' is not among the logs " + logs.keySet());
        }
        boolean improved = minimise() ? value < best : value > best;
        if (improved) {
            best = value;
        }
        if (bestOnly && !improved) {
            return;
        }
        try {
            model.save(file, Map.of("epoch", epoch + 1, monitor, value));
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save " + file, e);
        }
    }
}

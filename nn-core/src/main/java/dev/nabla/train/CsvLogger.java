package dev.nabla.train;

import dev.nabla.nn.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Appends one CSV row per epoch ({@code epoch,loss,accuracy,val_loss,…}) to a file, as Keras's CSVLogger. */
public final class CsvLogger implements Callback {
    private final Path file;
    private List<String> columns;

    /**
     * Logs to {@code file}, which is overwritten (header first) at the first epoch of each {@code fit};
     * parent folders are created.
     */
    public CsvLogger(Path file) {
        this.file = file;
    }

    @Override
    public void onTrainBegin(Model model) {
        columns = null;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        StringBuilder line = new StringBuilder();
        try {
            if (columns == null) {
                columns = new ArrayList<>(logs.keySet());
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.writeString(file, "epoch," + String.join(",", columns) + "\n");
            }
            line.append(epoch);
            for (String c : columns) {
                Double v = logs.get(c);
                line.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
            }
            Files.writeString(file, line.append('\n').toString(), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file, e);
        }
    }
}

package dev.nabla.train;

import dev.nabla.nn.Model;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training progress as Keras does: one line per epoch with time and metrics; on an
 * interactive terminal also a live bar with the ETA, redrawn in place. When output is not a
 * terminal (CI, a log file) only the per-epoch lines are printed.
 */
public final class ProgressBar implements Callback {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final int epochs;
    private final int batches;
    private final PrintStream out;
    private final boolean live;
    private long epochStart;
    private long lastDraw;
    private int epoch;

    /** A bar for {@code epochs} epochs of {@code batches} batches, on standard output. */
    public ProgressBar(int epochs, int batches) {
        this(epochs, batches, System.out, System.console() != null);
    }

    /**
     * A bar for {@code epochs} epochs of {@code batches} batches printed to {@code out}; {@code live}
     * redraws a bar with the ETA during each epoch.
     */
    public ProgressBar(int epochs, int batches, PrintStream out, boolean live) {
        this.epochs = epochs;
        this.batches = batches;
        this.out = out;
        this.live = live;
    }

    @Override
    public void onEpochBegin(Model model, int epoch) {
        this.epoch = epoch;
        epochStart = System.nanoTime();
        lastDraw = epochStart - REDRAW_NANOS; // nanoTime's origin is arbitrary, so 0 cannot mean 'never drawn'
    }

    @Override
    public void onBatchEnd(Model model, int batch, Map<String, Double> logs) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && batch + 1 < batches) {
            return;
        }
        lastDraw = now;
        int done = batch + 1;
        double elapsed = (now - epochStart) / 1e9;
        double eta = elapsed / done * (batches - done);
        int filled = (int) ((long) WIDTH * done / Math.max(batches, 1));
        String bar = "━".repeat(filled) + " ".repeat(WIDTH - filled);
        out.print(String.format(Locale.ROOT, "\rEpoch %d/%d %s %d/%d ETA %s%s", epoch + 1, epochs, bar, done,
                batches, duration(eta), format(logs)));
        out.flush();
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        String line = String.format(Locale.ROOT, "Epoch %d/%d %d/%d %s%s", epoch + 1, epochs, batches, batches,
                duration(elapsed), format(logs));
        out.println(live ? "\r" + line + "\u001b[K" : line);
    }

    private static String format(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " - %s: %.4f", k, v)));
        return sb.toString();
    }

    private static String duration(double seconds) {
        return seconds < 60 ? String.format(Locale.ROOT, "%.1fs", seconds)
                : String.format(Locale.ROOT, "%dm%02ds", (int) seconds / 60, (int) seconds % 60);
    }
}

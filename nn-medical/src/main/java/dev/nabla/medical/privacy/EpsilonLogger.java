package dev.nabla.medical.privacy;

import dev.nabla.nn.Model;
import dev.nabla.train.Callback;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Prints, after each DP epoch, the privacy spent so far ({@code ε} at {@code δ}) next to the loss and accuracy. */
public final class EpsilonLogger implements Callback {
    private final PrintStream out;

    /** Prints to {@code out}. */
    public EpsilonLogger(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        out.println(line(epoch, logs));
    }

    /** {@code epoch 3: loss 0.4120, clipped 87.5 %, ε = 1.234 at δ = 1e-05 (936 steps), val_accuracy 0.9012}. */
    public static String line(int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d: loss %.4f, clipped %.1f %%, ε = %.3f at δ = %.0e (%d steps)",
                epoch + 1, logs.getOrDefault("loss", Double.NaN), 100 * logs.getOrDefault("clipped_fraction", Double.NaN),
                logs.getOrDefault("epsilon", Double.NaN), logs.getOrDefault("delta", Double.NaN),
                logs.getOrDefault("steps", 0.0).longValue()));
        if (logs.containsKey("val_accuracy")) {
            sb.append(String.format(Locale.ROOT, ", val_accuracy %.4f", logs.get("val_accuracy")));
        }
        return sb.toString();
    }
}

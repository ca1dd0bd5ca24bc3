package dev.nabla.benchmarks.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Start-up to first prediction as a whole process: launches a command (a JVM running one of the
 * {@code *FirstPrediction} mains) {@code runs} times one after the other, measures each wall time from
 * {@link ProcessBuilder#start()} to exit, checks that it exited 0 and printed {@code prediction <class>}, and
 * appends one tab-separated line to the output file:
 * {@code label, median ms, min ms, max ms, runs, all times, last stdout line}.
 * <p>Usage: {@code StartupRunner <label> <runs> <out.tsv> <command…>}.
 */
public final class StartupRunner {
    private StartupRunner() {
    }

    /** Runs the command and appends the result line; exits 1 when a launch fails. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 4) {
            System.err.println("usage: StartupRunner <label> <runs> <out.tsv> <command...>");
            System.exit(2);
        }
        String label = args[0];
        int runs = Integer.parseInt(args[1]);
        if (runs < 1) {
            System.err.println("StartupRunner: runs must be at least 1, got " + runs);
            System.exit(2);
        }
        Path out = Path.of(args[2]);
        List<String> command = Arrays.asList(args).subList(3, args.length);
        double[] ms = new double[runs];
        String last = "";
        for (int r = 0; r < runs; r++) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            long t0 = System.nanoTime();
            Process p = pb.start();
            byte[] output = p.getInputStream().readAllBytes();
            int rc = p.waitFor();
            ms[r] = (System.nanoTime() - t0) / 1e6;
            String text = new String(output, StandardCharsets.UTF_8);
            last = lastPredictionLine(text);
            if (rc != 0 || last == null) {
                System.err.printf(Locale.ROOT, "%s: launch %d exited %d without 'prediction <class>'; output:%n%s%n",
                        label, r + 1, rc, text);
                System.exit(1);
            }
            System.err.printf(Locale.ROOT, "%s launch %d: %.0f ms (%s)%n", label, r + 1, ms[r], last);
        }
        StringJoiner all = new StringJoiner(",");
        for (double v : ms) {
            all.add(String.format(Locale.ROOT, "%.0f", v));
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        String line = String.format(Locale.ROOT, "%s\t%.0f\t%.0f\t%.0f\t%d\t%s\t%s%n", label, Stats.median(ms),
                sorted[0], sorted[runs - 1], runs, all, last);
        Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.print(line);
    }

    /** The last line of {@code text} that starts with {@code prediction }, or null. */
    static String lastPredictionLine(String text) {
        String found = null;
        for (String l : text.split("\\R")) {
            if (l.startsWith("prediction ")) {
                found = l.trim();
            }
        }
        return found;
    }
}

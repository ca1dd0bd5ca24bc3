package dev.nabla.benchmarks.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code benchmarks/RESULTS.md} from one run of {@code benchmarks/run-peers.sh}: one table per benchmark
 * group with the Nabla, DJL and DL4J times (JMH average time, ms/op), the Nabla/peer time ratios (above 1 means
 * Nabla is slower), and issue 6's targets marked met / not met. A ratio target "Nabla ≤ r × peer" holds when
 * {@code nabla / peer ≤ r}; "DL4J ≥ 3 × Nabla" is {@code nabla / dl4j ≤ 1/3}. MNIST epoch throughput is derived
 * from the batch-64 step time: images/s = 64 / (step seconds); an epoch of 60,000 images takes 937.5 steps.
 * <p>The run directory holds {@code nabla.csv}, {@code djl.csv}, {@code dl4j.csv} (JMH {@code -rf csv}; a side that
 * failed leaves {@code <side>.error} instead), {@code startup.tsv} ({@link StartupRunner}), {@code meta.txt}
 * ({@code key=value} lines: machine, date, JVM, load, settings) and {@code openblas.txt}.
 * <p>Usage: {@code ResultsReport <run dir> <RESULTS.md>}.
 */
public final class ResultsReport {
    /** The three sides, in table order. */
    static final String[] SIDES = {"nabla", "djl", "dl4j"};
    /** Every side the runner may write, including ND4J's GEMM with AVX-512 kernels forced. */
    static final String[] ALL_SIDES = {"nabla", "djl", "dl4j", "dl4j-avx512"};

    /** A ratio condition: {@code nabla / side ≤ bound}. */
    record Bound(String side, double bound) {
    }

    /** One table row: JMH key, label, flop count (0 = none), target text and conditions. */
    record Row(String key, String label, double flops, String target, List<Bound> bounds) {
    }

    /** A group of rows under one heading. */
    record Group(String title, String note, List<Row> rows) {
    }

    private static final Map<String, String> STATISTIC_TEXT = Map.of(
            "min", "the **best measurement iteration** (each iteration is the mean of back-to-back operations over "
                    + "the iteration time; on a loaded machine the best one is the least disturbed; JMH's own mean ± "
                    + "error is in the raw output)",
            "median", "the **median of the measurement iterations**",
            "mean", "JMH's score (the **mean of the measurement iterations**)");

    /** OpenBLAS 0.3.21 with AVX-512 kernels, 2 threads, sgemm 1024 on this machine (shared/PERFORMANCE.md). */
    static final double ROOF_1024_GFLOPS = 309;

    private ResultsReport() {
    }

    static List<Group> groups() {
        List<Group> g = new ArrayList<>();
        List<Row> gemm = new ArrayList<>();
        for (int n : new int[] {256, 512, 1024, 2048}) {
            gemm.add(new Row("sgemm n=" + n, "sgemm " + n + "×" + n, 2.0 * n * n * n,
                    n == 1024 ? "Nabla ≥ 50 % of ND4J (OpenBLAS) GFLOP/s" : "",
                    n == 1024 ? List.of(new Bound("dl4j", 2.0)) : List.of()));
        }
        g.add(new Group("GEMM", "C = A·B, float32 square; DL4J column = ND4J `mmuli` (OpenBLAS, the native-BLAS "
                + "roof), DJL = `matMul` (libtorch). Cells: ms (GFLOP/s).", gemm));
        double convFlops = 2.0 * 32 * 32 * 64 * 64 * 16 * 9;
        g.add(new Group("Convolution", "input [32,16,64,64], 32 filters 3×3, stride 1, same, bias. Forward+backward = "
                + "forward + gradients of input, weights and bias. DL4J column = libnd4j `conv2d` / `conv2d_bp` ops.",
                List.of(new Row("conv2dForward", "conv2d forward", convFlops, "Nabla ≤ 2× DJL",
                                List.of(new Bound("djl", 2.0))),
                        new Row("conv2dForwardBackward", "conv2d forward+backward", 3 * convFlops, "Nabla ≤ 2× DJL",
                                List.of(new Bound("djl", 2.0))))));
        g.add(new Group("Pooling", "max pooling 2×2 stride 2 of [32,32,64,64], forward.",
                List.of(new Row("maxPool2d", "maxPool2d", 0, "", List.of()))));
        g.add(new Group("LSTM", "batch 32, 50 steps, 64 → 128, whole sequence; backward from the sum of the outputs. "
                + "DL4J column = DL4J's LSTM layer (activate + backpropGradient).",
                List.of(new Row("lstmForward", "LSTM forward", 0, "", List.of()),
                        new Row("lstmForwardBackward", "LSTM forward+backward", 0, "Nabla ≤ 2× DJL",
                                List.of(new Bound("djl", 2.0))))));
        List<Bound> model = List.of(new Bound("djl", 1.5), new Bound("dl4j", 1.0 / 3));
        g.add(new Group("Models", "one training step, batch 64 of fixed random 28×28 images, Adam lr 1e-3, softmax + "
                + "categorical cross-entropy. DJL = Trainer (forward, loss, backward, step); DL4J = "
                + "MultiLayerNetwork.fit(x, y).",
                List.of(new Row("lenetTrainStep", "LeNet-5 train step", 0, "Nabla ≤ 1.5× DJL and DL4J ≥ 3× Nabla",
                                model),
                        new Row("seedCnnTrainStep", "seed-CNN train step", 0, "Nabla ≤ 1.5× DJL and DL4J ≥ 3× Nabla",
                                model))));
        return g;
    }

    /** Reads the run directory and writes the markdown report. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ResultsReport <run dir> <RESULTS.md> [min|median|mean]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String statistic = args.length == 3 ? args[2] : "min";
        Stats.of(statistic, new double[] {1}); // rejects an unknown statistic before any work
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String side : ALL_SIDES) {
            Map<String, Double> fromCsv = new LinkedHashMap<>();
            Map<String, Double> fromLog = new LinkedHashMap<>();
            StringBuilder err = new StringBuilder();
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (!(name.startsWith(side + ".") || name.startsWith(side + "@"))) {
                        continue;
                    }
                    if (name.endsWith(".csv") && Files.size(f) > 0) {
                        fromCsv.putAll(JmhCsv.read(f));
                    } else if (name.endsWith(".log")) {
                        JmhLog.iterations(Files.readAllLines(f)).forEach((k, v) -> {
                            if (v.length > 0) {
                                fromLog.put(k, Stats.of(statistic, v));
                            }
                        });
                    } else if (name.endsWith(".error")) {
                        err.append(err.length() > 0 ? " " : "").append(Files.readString(f).strip());
                    }
                }
            }
            // A benchmark counts only when JMH finished it (it is in the CSV); the statistic comes from the log.
            Map<String, Double> m = new LinkedHashMap<>();
            fromCsv.forEach((k, v) -> m.put(k, "mean".equals(statistic) ? v : fromLog.getOrDefault(k, v)));
            scores.put(side, m);
            if (err.length() > 0) {
                errors.put(side, err.toString());
            }
        }
        Map<String, Double> startup = readStartup(dir.resolve("startup.tsv"));
        Map<String, String> meta = readMeta(dir.resolve("meta.txt"));
        String openblas = Files.exists(dir.resolve("openblas.txt")) ? Files.readString(dir.resolve("openblas.txt"))
                : "(not recorded)";
        String md = render(scores, errors, startup, meta, openblas, statistic);
        Path out = Path.of(args[1]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, md, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + out);
    }

    static Map<String, Double> readStartup(Path tsv) throws IOException {
        Map<String, Double> m = new LinkedHashMap<>();
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length >= 2) {
                    m.put(f[0], Double.parseDouble(f[1]));
                }
            }
        }
        return m;
    }

    static Map<String, String> readMeta(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return m;
    }

    /** "met", "NOT met" or "n/a" (a value missing) for the row's conditions. */
    static String verdict(Row row, Map<String, Map<String, Double>> scores) {
        if (row.bounds().isEmpty()) {
            return "";
        }
        Double nabla = scores.get("nabla").get(row.key());
        for (Bound b : row.bounds()) {
            Double peer = scores.get(b.side()).get(row.key());
            if (nabla == null || peer == null) {
                return "n/a";
            }
            if (nabla / peer > b.bound()) {
                return "NOT met";
            }
        }
        return "met";
    }

    static String cell(Double ms, double flops) {
        if (ms == null) {
            return "—";
        }
        String t = fmt(ms);
        return flops > 0 ? String.format(Locale.ROOT, "%s (%.1f)", t, flops / (ms * 1e6)) : t;
    }

    static String ratio(Double nabla, Double peer) {
        if (nabla == null || peer == null) {
            return "—";
        }
        double r = nabla / peer;
        return String.format(Locale.ROOT, r < 0.1 ? "%.3f" : "%.2f", r);
    }

    static String fmt(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    static String render(Map<String, Map<String, Double>> scores, Map<String, String> errors,
                         Map<String, Double> startup, Map<String, String> meta, String openblas,
                         String statistic) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Benchmarks: Nabla beside DJL and DL4J\n\n");
        sb.append("Written by `benchmarks/run-peers.sh` (class `ResultsReport`); do not edit by hand — rerun the "
                + "command. Times are JMH average time per operation in **ms** (lower is better), ")
                .append(STATISTIC_TEXT.getOrDefault(statistic, statistic))
                .append("; ratio = Nabla time ÷ peer time (below 1: Nabla faster). This is a shared, loaded 2-core "
                        + "machine: read differences under ~15 % as noise; the ratios, measured side by side in one "
                        + "run, are what counts.\n\n");
        double load = firstNumber(meta.getOrDefault("load average at start (1/5/15 min)", ""));
        double cores = firstNumber(meta.getOrDefault("cores", ""));
        if (cores > 0 && load > 1.5 * cores) {
            sb.append(String.format(Locale.ROOT, "> **Warning: the load average at the start was %.1f on %.0f cores.** "
                    + "The benchmark JVMs shared the CPU with other work, so the times below are far above this "
                    + "machine's unloaded figures and vary between iterations by up to 10×; ratios and met / NOT met "
                    + "verdicts from such a run are indicative at best. Rerun on a quiet machine.%n%n", load, cores));
        }
        sb.append("## Run\n\n");
        for (Map.Entry<String, String> e : meta.entrySet()) {
            sb.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
        }
        sb.append("- **OpenBLAS kernel (ND4J's bundled OpenBLAS, peers' environment)**: ")
                .append(openblas.strip().replace("\n", "; ")).append('\n');
        for (Map.Entry<String, String> e : errors.entrySet()) {
            sb.append("- **").append(e.getKey()).append(" did not run**: ").append(e.getValue()).append('\n');
        }
        sb.append('\n');
        for (Group g : groups()) {
            sb.append("## ").append(g.title()).append("\n\n").append(g.note()).append("\n\n");
            sb.append("| benchmark | Nabla | DJL | DL4J | Nabla/DJL | Nabla/DL4J | target | |\n");
            sb.append("|---|---|---|---|---|---|---|---|\n");
            for (Row r : g.rows()) {
                Double n = scores.get("nabla").get(r.key());
                Double d = scores.get("djl").get(r.key());
                Double l = scores.get("dl4j").get(r.key());
                sb.append("| ").append(r.label()).append(" | ").append(cell(n, r.flops())).append(" | ")
                        .append(cell(d, r.flops())).append(" | ").append(cell(l, r.flops())).append(" | ")
                        .append(ratio(n, d)).append(" | ").append(ratio(n, l)).append(" | ").append(r.target())
                        .append(" | ").append(verdict(r, scores)).append(" |\n");
            }
            sb.append('\n');
            if (g.title().equals("GEMM")) {
                renderAvx512(sb, g, scores, meta.getOrDefault("machine", ""));
            }
            if (g.title().equals("Models")) {
                sb.append("MNIST epoch throughput, **derived** from the step time above (64 images per step, "
                        + "60,000 images = 937.5 steps; no data loading, no evaluation):\n\n");
                sb.append("| model | Nabla images/s | DJL images/s | DL4J images/s | Nabla epoch s |\n|---|---|---|---|---|\n");
                for (Row r : g.rows()) {
                    sb.append("| ").append(r.label().replace(" train step", "")).append(" | ");
                    for (String side : SIDES) {
                        Double ms = scores.get(side).get(r.key());
                        sb.append(ms == null ? "—" : String.format(Locale.ROOT, "%.0f", imagesPerSecond(ms)))
                                .append(" | ");
                    }
                    Double ms = scores.get("nabla").get(r.key());
                    sb.append(ms == null ? "—" : String.format(Locale.ROOT, "%.1f", 60000 / imagesPerSecond(ms)))
                            .append(" |\n");
                }
                sb.append('\n');
            }
        }
        sb.append("## Start-up to first prediction (whole process)\n\n");
        sb.append("Median wall time of N launches (JVM start, build the seed CNN with random weights, predict one "
                + "image, exit), measured by `StartupRunner` from process start to exit.\n\n");
        sb.append("| | Nabla | DJL | DL4J | empty JVM | Nabla/DJL | Nabla/DL4J | target | |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        Double sn = startup.get("nabla");
        sb.append("| median ms | ").append(cellOrDash(sn)).append(" | ").append(cellOrDash(startup.get("djl")))
                .append(" | ").append(cellOrDash(startup.get("dl4j"))).append(" | ")
                .append(cellOrDash(startup.get("empty-jvm"))).append(" | ")
                .append(ratio(sn, startup.get("djl"))).append(" | ").append(ratio(sn, startup.get("dl4j")))
                .append(" | Nabla ≤ 250 ms | ").append(sn == null ? "n/a" : sn <= 250 ? "met" : "NOT met")
                .append(" |\n\n");
        sb.append("Not in this file: steady-state allocation per training step (`-prof gc`) is measured by the "
                + "allocation benchmark of the buffer-reuse work.\n");
        return sb.toString();
    }

    /** ND4J's sgemm once more with OPENBLAS_CORETYPE=SkylakeX (AVX-512 kernels), when that side ran. */
    private static void renderAvx512(StringBuilder sb, Group g, Map<String, Map<String, Double>> scores,
                                     String machine) {
        Map<String, Double> avx = scores.getOrDefault("dl4j-avx512", Map.of());
        Double n1024 = scores.get("nabla").get("sgemm n=1024");
        if (n1024 != null) {
            double gflops = 2.0 * 1024 * 1024 * 1024 / (n1024 * 1e6);
            sb.append(String.format(Locale.ROOT, "Against the AVX-512 roof measured earlier on a machine of this kind "
                    + "(shared/PERFORMANCE.md: OpenBLAS 0.3.21 AVX-512 kernels, 2 threads, %.0f GFLOP/s at 1024; not "
                    + "re-measured in this run): Nabla's sgemm 1024 reaches %.1f GFLOP/s = %.0f %% of it "
                    + "(target ≥ 50 %%: %s).%n%n", ROOF_1024_GFLOPS, gflops, 100 * gflops / ROOF_1024_GFLOPS,
                    gflops >= ROOF_1024_GFLOPS / 2 ? "met" : "NOT met"));
            if (machine.contains("no AVX-512")) {
                sb.append("**This run's machine reports no AVX-512** in /proc/cpuinfo (AVX2 + FMA only), so that roof "
                        + "does not apply to it; here the ND4J (OpenBLAS AVX2) column is the native roof.\n\n");
            }
        }
        if (avx.isEmpty()) {
            return;
        }
        sb.append("ND4J sgemm again with `OPENBLAS_CORETYPE=SkylakeX` (OpenBLAS's AVX-512 kernels forced; the "
                + "bundled OpenBLAS 0.3.19 picks its AVX2 `Zen` kernels on this CPU by itself), the roof of the "
                + "issue's GEMM target:\n\n");
        sb.append("| benchmark | Nabla | ND4J AVX-512 | Nabla/ND4J AVX-512 | Nabla % of its GFLOP/s | target | |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : g.rows()) {
            Double n = scores.get("nabla").get(r.key());
            Double a = avx.get(r.key());
            String pct = n == null || a == null ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * a / n);
            String verdict = r.bounds().isEmpty() ? "" : n == null || a == null ? "n/a" : n / a <= r.bounds().get(0).bound() ? "met" : "NOT met";
            sb.append("| ").append(r.label()).append(" | ").append(cell(n, r.flops())).append(" | ")
                    .append(cell(a, r.flops())).append(" | ").append(ratio(n, a)).append(" | ").append(pct)
                    .append(" | ").append(r.target()).append(" | ").append(verdict).append(" |\n");
        }
        sb.append('\n');
    }

    /** The first decimal number in {@code text}, or NaN. */
    static double firstNumber(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)?").matcher(text);
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }

    private static String cellOrDash(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** Training throughput at batch 64 from a step time in ms. */
    static double imagesPerSecond(double stepMs) {
        return 64 / (stepMs / 1e3);
    }
}

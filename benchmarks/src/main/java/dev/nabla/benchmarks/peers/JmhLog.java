package dev.nabla.benchmarks.peers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the measurement iterations (not the warm-up ones) out of JMH's human-readable output, so that the
 * report can use a statistic other than JMH's mean: on a loaded, shared machine the best iteration is the
 * least-disturbed one. Keys are as in {@link JmhCsv}: method name plus parameters ({@code sgemm n=1024}).
 * Values must be in {@code ms/op} (the runner passes {@code -tu ms}). A value that other output pushed onto
 * the next line (e.g. a library's log line printed during the iteration) is still found.
 */
public final class JmhLog {
    private static final Pattern BENCH = Pattern.compile("^# Benchmark: (\\S+)");
    private static final Pattern PARAMS = Pattern.compile("^# Parameters: \\((.*)\\)");
    private static final Pattern ITER = Pattern.compile("^Iteration\\s+\\d+:(.*)");
    private static final Pattern VALUE = Pattern.compile("([0-9]+(?:[.,][0-9]+)?) ms/op");

    private JmhLog() {
    }

    /** Measurement iteration scores in ms per operation, per benchmark key, in the order they ran. */
    public static Map<String, double[]> iterations(List<String> lines) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        String method = null;
        String key = null;
        boolean pending = false;
        for (String line : lines) {
            Matcher m;
            if ((m = BENCH.matcher(line)).find()) {
                String name = m.group(1);
                method = name.substring(name.lastIndexOf('.') + 1);
                key = method;
                pending = false;
            } else if ((m = PARAMS.matcher(line)).find() && method != null) {
                key = method + " " + m.group(1).replace(" = ", "=").replace(", ", " ");
            } else if ((m = ITER.matcher(line)).find() && key != null) {
                Matcher v = VALUE.matcher(m.group(1));
                if (v.find()) {
                    add(out, key, v.group(1));
                    pending = false;
                } else {
                    pending = true;
                }
            } else if (pending && key != null) {
                Matcher v = VALUE.matcher(line);
                if (v.find() && line.strip().endsWith("ms/op")) {
                    add(out, key, v.group(1));
                    pending = false;
                }
            }
        }
        Map<String, double[]> result = new LinkedHashMap<>();
        out.forEach((k, v) -> result.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return result;
    }

    private static void add(Map<String, List<Double>> out, String key, String value) {
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(value.replace(',', '.')));
    }
}

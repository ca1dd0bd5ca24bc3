package dev.nabla.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JMH result file written with {@code -rf csv} into scores in milliseconds per operation, keyed by the
 * benchmark method's simple name plus its parameters, e.g. {@code sgemm n=1024} or {@code conv2dForward}.
 * Only average-time scores ({@code avgt}) in {@code ms/op}, {@code us/op}, {@code ns/op} or {@code s/op} are
 * accepted; anything else is an error naming the file and line.
 */
public final class JmhCsv {
    private JmhCsv() {
    }

    /** Parses the file at {@code path}. */
    public static Map<String, Double> read(Path path) throws IOException {
        return parse(Files.readAllLines(path), path.toString());
    }

    /** Parses CSV {@code lines} (header first); {@code source} names the input in error messages. */
    public static Map<String, Double> parse(List<String> lines, String source) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (lines.isEmpty()) {
            return scores;
        }
        List<String> header = fields(lines.get(0));
        int bench = header.indexOf("Benchmark");
        int mode = header.indexOf("Mode");
        int score = header.indexOf("Score");
        int unit = header.indexOf("Unit");
        if (bench < 0 || mode < 0 || score < 0 || unit < 0) {
            throw new IllegalArgumentException(source + ": expected a JMH CSV header with Benchmark, Mode, Score, "
                    + "Unit; got " + lines.get(0));
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = fields(lines.get(i));
            if (f.size() < header.size()) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected " + header.size()
                        + " fields, got " + f.size());
            }
            if (!f.get(mode).equals("avgt")) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected mode avgt, got "
                        + f.get(mode));
            }
            String name = f.get(bench);
            StringBuilder key = new StringBuilder(name.substring(name.lastIndexOf('.') + 1));
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).startsWith("Param: ") && !f.get(c).isEmpty()) {
                    key.append(' ').append(header.get(c).substring(7)).append('=').append(f.get(c));
                }
            }
            double value = Double.parseDouble(f.get(score).replace(',', '.'));
            scores.put(key.toString(), value * toMillis(f.get(unit), source, i + 1));
        }
        return scores;
    }

    private static double toMillis(String unit, String source, int line) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "s/op": return 1e3;
            case "ms/op": return 1;
            case "us/op": return 1e-3;
            case "ns/op": return 1e-6;
            default:
                throw new IllegalArgumentException(source + " line " + line + ": expected a time per operation "
                        + "unit (s/op, ms/op, us/op, ns/op), got " + unit);
        }
    }

    /** Splits one CSV line; fields may be double-quoted (quotes doubled inside). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}

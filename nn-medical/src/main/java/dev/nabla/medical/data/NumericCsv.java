package dev.nabla.medical.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hardened reader of comma-separated numeric tables: every row must have the same number of columns, every
 * cell must parse as a finite number, lines are at most {@link #MAX_LINE_CHARS} characters and tables at most
 * {@link #MAX_CELLS} cells — anything else is a {@link MalformedFileException} naming the file, the 1-based
 * line and column.
 */
public final class NumericCsv {
    /** Longest line accepted. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    /** Most cells accepted (rows × columns). */
    public static final long MAX_CELLS = 50_000_000L;

    private NumericCsv() {
    }

    /** The rows of {@code file} after skipping {@code headerLines} lines. */
    public static double[][] read(Path file, int headerLines) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), headerLines);
        }
    }

    /** The rows of a stream named {@code name} (for messages) after skipping {@code headerLines} lines. */
    public static double[][] read(InputStream in, String name, int headerLines) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<double[]> rows = new ArrayList<>();
        int columns = -1;
        long cells = 0;
        int lineNo = 0;
        String line;
        while ((line = readLine(r, name, lineNo + 1)) != null) {
            lineNo++;
            if (lineNo <= headerLines || line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",", -1);
            if (columns < 0) {
                columns = parts.length;
            } else if (parts.length != columns) {
                throw new MalformedFileException(name, "line " + lineNo + ": expected " + columns + " columns, got "
                        + parts.length);
            }
            cells += parts.length;
            if (cells > MAX_CELLS) {
                throw new MalformedFileException(name, "more than " + MAX_CELLS + " cells");
            }
            double[] row = new double[parts.length];
            for (int c = 0; c < parts.length; c++) {
                String cell = parts[c].strip();
                try {
                    row[c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new MalformedFileException(name, "line " + lineNo + ", column " + (c + 1)
                            + ": expected a number, got '" + abbreviate(cell) + "'");
                }
                if (!Double.isFinite(row[c])) {
                    throw new MalformedFileException(name, "line " + lineNo + ", column " + (c + 1)
                            + ": expected a finite number, got '" + abbreviate(cell) + "'");
                }
            }
            rows.add(row);
        }
        return rows.toArray(new double[0][]);
    }

    /** One line, refusing lines over the limit before they are held in memory. */
    private static String readLine(BufferedReader r, String name, int lineNo) throws IOException {
        StringBuilder sb = null;
        int ch;
        while ((ch = r.read()) >= 0) {
            if (sb == null) {
                sb = new StringBuilder();
            }
            if (ch == '\n') {
                break;
            }
            if (ch != '\r') {
                if (sb.length() >= MAX_LINE_CHARS) {
                    throw new MalformedFileException(name, "line " + lineNo + " is longer than " + MAX_LINE_CHARS
                            + " characters");
                }
                sb.append((char) ch);
            }
        }
        return sb == null ? null : sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}

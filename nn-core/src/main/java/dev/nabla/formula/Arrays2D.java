package dev.nabla.formula;

import java.util.Locale;

/**
 * Small helpers shared by the formula classes: shape checks with clear messages, and printing
 * matrices for the worked examples. Nothing here is part of any formula.
 */
final class Arrays2D {
    private Arrays2D() {
    }

    /**
     * Checks that {@code a} is a non-empty rectangular matrix and returns its size {@code {rows, cols}}.
     *
     * @throws IllegalArgumentException naming {@code function} and {@code name} otherwise
     */
    static int[] requireMatrix(String function, String name, double[][] a) {
        if (a == null) {
            throw new IllegalArgumentException(function + ": " + name + " is null, expected a matrix");
        }
        if (a.length == 0 || a[0] == null || a[0].length == 0) {
            throw new IllegalArgumentException(function + ": " + name + " is empty, expected at least 1×1");
        }
        int cols = a[0].length;
        for (int r = 0; r < a.length; r++) {
            if (a[r] == null || a[r].length != cols) {
                throw new IllegalArgumentException(function + ": " + name + " is not rectangular: row 0 has "
                        + cols + " entries but row " + r + " has " + (a[r] == null ? "none (null)" : a[r].length));
            }
        }
        return new int[] {a.length, cols};
    }

    /**
     * Checks that {@code a} is a non-empty rectangular 4-D array and returns its size
     * {@code {d0, d1, d2, d3}}; {@code layout} (e.g. "(N, C, H, W)") goes into the message.
     */
    static int[] require4D(String function, String name, String layout, double[][][][] a) {
        if (a == null || a.length == 0 || a[0] == null || a[0].length == 0 || a[0][0] == null
                || a[0][0].length == 0 || a[0][0][0] == null || a[0][0][0].length == 0) {
            throw new IllegalArgumentException(function + ": " + name + " must be a non-empty 4-D array "
                    + layout + ", got " + (a == null ? "null" : "an empty or incomplete array"));
        }
        int[] size = {a.length, a[0].length, a[0][0].length, a[0][0][0].length};
        for (int p = 0; p < size[0]; p++) {
            for (int q = 0; q < size[1]; q++) {
                for (int r = 0; r < size[2]; r++) {
                    boolean ok = a[p] != null && a[p].length == size[1] && a[p][q] != null
                            && a[p][q].length == size[2] && a[p][q][r] != null && a[p][q][r].length == size[3];
                    if (!ok) {
                        throw new IllegalArgumentException(function + ": " + name + " " + layout
                                + " is not rectangular: expected every entry to have size " + size[0] + "×"
                                + size[1] + "×" + size[2] + "×" + size[3] + ", entry [" + p + "][" + q + "]["
                                + r + "] differs");
                    }
                }
            }
        }
        return size;
    }

    /** Checks that {@code v} is a non-null vector of exactly {@code expected} entries. */
    static void requireLength(String function, String name, double[] v, int expected) {
        if (v == null) {
            throw new IllegalArgumentException(function + ": " + name + " is null, expected " + expected + " entries");
        }
        if (v.length != expected) {
            throw new IllegalArgumentException(function + ": " + name + " has " + v.length + " entries, expected "
                    + expected);
        }
    }

    /** Throws unless {@code value ≥ min}. */
    static void requireAtLeast(String function, String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(function + ": " + name + " must be ≥ " + min + ", got " + value);
        }
    }

    /** A fresh matrix {@code a[r][c] = a[c][r]}. */
    static double[][] transpose(double[][] a) {
        int[] size = requireMatrix("transpose", "matrix", a);
        double[][] t = new double[size[1]][size[0]];
        for (int r = 0; r < size[0]; r++) {
            for (int c = 0; c < size[1]; c++) {
                t[c][r] = a[r][c];
            }
        }
        return t;
    }

    /** One number, integers without decimals, others with up to 6 decimals. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        String s = String.format(Locale.ROOT, "%.6f", v);
        return s.replaceAll("0+$", "");
    }

    /** A vector as {@code [a, b, c]}. */
    static String format(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(format(v[i]));
        }
        return sb.append(']').toString();
    }

    /** Prints {@code title} and then the matrix, one row a line, columns right-aligned. */
    static void print(String title, double[][] a) {
        System.out.println(title);
        int width = 1;
        for (double[] row : a) {
            for (double v : row) {
                width = Math.max(width, format(v).length());
            }
        }
        for (double[] row : a) {
            StringBuilder sb = new StringBuilder("    ");
            for (int c = 0; c < row.length; c++) {
                String s = format(row[c]);
                sb.append(c == 0 ? "" : "  ").append(" ".repeat(width - s.length())).append(s);
            }
            System.out.println(sb);
        }
    }
}

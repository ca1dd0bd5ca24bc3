package dev.nabla.examples.diagnose;

import java.util.Locale;

/** A one-line text progress bar on standard error: {@code [#####·····] 5/10 label}. */
final class Progress {
    private final int total;
    private final String label;
    private final long start = System.nanoTime();

    Progress(int total, String label) {
        this.total = total;
        this.label = label;
        show(0);
    }

    void show(int done) {
        int width = 30;
        int filled = total == 0 ? width : (int) Math.round((double) done / total * width);
        double s = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "\r[%s%s] %d/%d %s %.1fs", "#".repeat(filled), "·".repeat(width - filled), done, total,
                label, s);
        if (done == total) {
            System.err.println();
        }
    }
}

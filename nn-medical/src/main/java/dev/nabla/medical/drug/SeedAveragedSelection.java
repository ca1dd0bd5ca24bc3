package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Model selection in two rounds, against the winner's curse of keeping the best of many noisy scores:
 * every candidate (a checkpoint at a pair of sampling temperatures) is first scored on one draw of
 * samples; the {@code k} best of that screening become finalists, each is scored again on several
 * fresh draws (other seeds), and the finalist with the highest <em>mean</em> of those re-scores is
 * kept:
 * <pre>
 *   finalists = the k candidates with the highest screening score (ties: the earlier one)
 *   kept      = argmax over finalists f of (1/S) Σ_s score(f, seed_s)   (ties: the earlier finalist)
 * </pre>
 * The screening draw only nominates: it is left out of the mean, so the kept score is not inflated by
 * the draw that made the candidate look good.
 */
public final class SeedAveragedSelection {
    private SeedAveragedSelection() {
    }

    /** Indices of the {@code k} highest {@code screening} scores, best first (ties: lower index first). */
    public static List<Integer> finalists(double[] screening, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("selection needs at least one finalist, got k = " + k);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, screening.length).boxed().toList());
        order.sort(Comparator.comparingDouble((Integer i) -> -screening[i]).thenComparingInt(i -> i));
        return List.copyOf(order.subList(0, Math.min(k, order.size())));
    }

    /** The mean of each row of {@code scores} (finalist × seed). */
    public static double[] means(double[][] scores) {
        double[] m = new double[scores.length];
        for (int f = 0; f < scores.length; f++) {
            if (scores[f].length == 0) {
                throw new IllegalArgumentException("finalist " + f + " has no re-scores");
            }
            double s = 0;
            for (double v : scores[f]) {
                s += v;
            }
            m[f] = s / scores[f].length;
        }
        return m;
    }

    /** Index of the row of {@code scores} (finalist × seed) with the highest mean (ties: the lower index). */
    public static int best(double[][] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no finalists to choose from");
        }
        double[] m = means(scores);
        int best = 0;
        for (int f = 1; f < m.length; f++) {
            if (m[f] > m[best]) {
                best = f;
            }
        }
        return best;
    }
}

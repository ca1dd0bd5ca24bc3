package dev.nabla.medical.surgery;

import java.util.List;

/**
 * First-order transition statistics between consecutive gestures, counted from transcriptions:
 * {@code P(next = b | current = a) = n(a→b) / Σ_c n(a→c)}. Used to predict the next gesture and to flag
 * transitions that the training trials never (or seldom) show.
 */
public final class GestureGrammar {
    private final long[][] counts = new long[Gesture.COUNT][Gesture.COUNT];

    /** Counts the transitions between consecutive labelled segments of {@code trials}. */
    public static GestureGrammar fit(List<Trial> trials) {
        GestureGrammar g = new GestureGrammar();
        for (Trial t : trials) {
            List<Segment> s = t.segments();
            for (int i = 1; i < s.size(); i++) {
                g.counts[s.get(i - 1).label()][s.get(i).label()]++;
            }
        }
        return g;
    }

    /** {@code P(next = b | current = a)}; 0 when {@code a} was never followed by anything. */
    public double probability(Gesture a, Gesture b) {
        long total = 0;
        for (long c : counts[a.index()]) {
            total += c;
        }
        return total == 0 ? 0 : (double) counts[a.index()][b.index()] / total;
    }

    /** The most frequent successor of {@code a}, or null when {@code a} was never followed. */
    public Gesture mostLikelyNext(Gesture a) {
        int best = -1;
        for (int b = 0; b < Gesture.COUNT; b++) {
            if (counts[a.index()][b] > 0 && (best < 0 || counts[a.index()][b] > counts[a.index()][best])) {
                best = b;
            }
        }
        return best < 0 ? null : Gesture.ofIndex(best);
    }
}

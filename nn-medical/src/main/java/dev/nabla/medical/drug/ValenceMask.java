package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.List;

/**
 * Valence-aware decoding of sampled scores, an explicit sampling-time option (the "valency correction"
 * of several graph generators): the atom type of each slot is the argmax of its scores as usual; then
 * the pairs {@code i < j} are visited in row order and each takes the best-scoring bond type among
 * those that keep both atoms within their element's largest valence (C 4, N 3, O 2, F/Cl 1, S 6),
 * counting the bonds chosen so far:
 * <pre>
 *   b_ij = argmax { s_ij[k] : k = 0, or k ≤ cap_i − used_i and k ≤ cap_j − used_j }
 * </pre>
 * A bond type that would exceed a valence gets probability 0; "no bond" (k = 0) is always allowed.
 * Pairs touching an empty slot are left as drawn (the decoder ignores them). A graph whose unmasked
 * draw is within valence everywhere comes out unchanged; every other graph is still returned and
 * counted — the mask changes what is drawn, it hides no sample. It can still leave a graph
 * disconnected, and it does not enforce S's intermediate valences (2, 4, 6).
 */
public final class ValenceMask {
    private ValenceMask() {
    }

    /**
     * The graphs of a batch of scores {@code (b, N, T)} and {@code (b, N, N, B)} (e.g.
     * {@link GraphLogits#sampleScores}) decoded with the mask; without it {@link GraphBatch#toGraphs()}.
     */
    public static List<MolecularGraph> toGraphs(GraphBatch scores, GraphSpec spec) {
        int b = scores.size();
        int n = scores.atoms().size(1);
        int t = scores.atoms().size(2);
        int nb = scores.bonds().size(3);
        int[] cap = new int[t];
        for (int k = 1; k < t; k++) {
            int[] v = GraphSpec.allowedValences(spec.element(k));
            cap[k] = v[v.length - 1];
        }
        float[] x = scores.atoms().toArray();
        float[] a = scores.bonds().toArray();
        List<MolecularGraph> out = new ArrayList<>(b);
        for (int s = 0; s < b; s++) {
            int[] at = new int[n];
            int[] used = new int[n];
            int[][] bo = new int[n][n];
            for (int i = 0; i < n; i++) {
                at[i] = GraphBatch.argmax(x, (s * n + i) * t, t);
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    int off = ((s * n + i) * n + j) * nb;
                    int choice;
                    if (at[i] == 0 || at[j] == 0) {
                        choice = GraphBatch.argmax(a, off, nb);
                    } else {
                        int room = Math.min(cap[at[i]] - used[i], cap[at[j]] - used[j]);
                        choice = GraphBatch.argmax(a, off, Math.min(nb, room + 1));
                        used[i] += choice;
                        used[j] += choice;
                    }
                    bo[i][j] = bo[j][i] = choice;
                }
            }
            out.add(new MolecularGraph(at, bo));
        }
        return out;
    }
}

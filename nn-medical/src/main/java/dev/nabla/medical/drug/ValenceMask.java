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
 *
 * <p>With fragment joining ({@link Decoding#CONNECTED}), while the atoms form more than one fragment,
 * the bond that fits and scores best across two fragments is added:
 * <pre>
 *   (i, j, k) = argmax { s_ij[k] : frag(i) ≠ frag(j), 1 ≤ k ≤ cap_i − used_i, k ≤ cap_j − used_j }
 * </pre>
 * (the connection step of constrained graph decoders such as CGVAE). A graph stays disconnected only
 * when no pair across fragments has valence to spare; it is then counted invalid as before.
 */
public final class ValenceMask {
    private ValenceMask() {
    }

    /**
     * The graphs of a batch of scores {@code (b, N, T)} and {@code (b, N, N, B)} (e.g.
     * {@link GraphLogits#sampleScores}) decoded with the mask; without it {@link GraphBatch#toGraphs()}.
     */
    public static List<MolecularGraph> toGraphs(GraphBatch scores, GraphSpec spec) {
        return toGraphs(scores, spec, false);
    }

    /** As {@link #toGraphs(GraphBatch, GraphSpec)}; with {@code join}, fragments are then joined (see the class comment). */
    public static List<MolecularGraph> toGraphs(GraphBatch scores, GraphSpec spec, boolean join) {
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
            if (join) {
                joinFragments(at, bo, used, cap, a, s * n * n * nb, n, nb);
            }
            out.add(new MolecularGraph(at, bo));
        }
        return out;
    }

    /**
     * Joins the fragments of one decoded graph in place (see the class comment): {@code at} atom types
     * (0 = empty slot), {@code bo} symmetric bond types, {@code used} bond-order sums, {@code cap} the
     * largest valence per atom type, {@code a} the bond scores with this graph's block at {@code base}.
     */
    static void joinFragments(int[] at, int[][] bo, int[] used, int[] cap, float[] a, int base, int n, int nb) {
        int[] frag = new int[n];
        while (true) {
            int fragments = label(at, bo, frag);
            if (fragments <= 1) {
                return;
            }
            float best = Float.NEGATIVE_INFINITY;
            int bi = -1;
            int bj = -1;
            int bk = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (at[i] == 0 || at[j] == 0 || frag[i] == frag[j]) {
                        continue;
                    }
                    int room = Math.min(cap[at[i]] - used[i], cap[at[j]] - used[j]);
                    int off = base + (i * n + j) * nb;
                    for (int k = 1; k <= Math.min(nb - 1, room); k++) {
                        if (a[off + k] > best) {
                            best = a[off + k];
                            bi = i;
                            bj = j;
                            bk = k;
                        }
                    }
                }
            }
            if (bi < 0) {
                return; // no pair across fragments has valence to spare
            }
            bo[bi][bj] = bo[bj][bi] = bk;
            used[bi] += bk;
            used[bj] += bk;
        }
    }

    /** Labels the fragments of the non-empty atoms in {@code frag} (empty slots −1); returns their count. */
    private static int label(int[] at, int[][] bo, int[] frag) {
        int n = at.length;
        java.util.Arrays.fill(frag, -1);
        int count = 0;
        int[] stack = new int[n];
        for (int start = 0; start < n; start++) {
            if (at[start] == 0 || frag[start] >= 0) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            frag[start] = count;
            while (top > 0) {
                int i = stack[--top];
                for (int j = 0; j < n; j++) {
                    if (j != i && at[j] != 0 && bo[i][j] != 0 && frag[j] < 0) {
                        frag[j] = count;
                        stack[top++] = j;
                    }
                }
            }
            count++;
        }
        return count;
    }
}

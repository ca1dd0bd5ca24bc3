package dev.nabla.medical.drug;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

/**
 * A differentiable valence penalty on the generator's probabilities: with atom probabilities
 * {@code P(i = t)}, bond probabilities {@code P(ij = k)} and presence {@code q_j = 1 − P(j = none)},
 * the expected bond-order sum of slot i is {@code v_i = Σ_{j≠i} q_j Σ_k k·P(ij = k)}; the penalty is
 * the expected squared excess over the atom type drawn, {@code mean_i Σ_t P(i = t)·relu(v_i − c_t)²},
 * with {@code c_t} the type's maximum valence (an empty slot has capacity {@link #EMPTY_CAPACITY}, since
 * the decoder ignores its bonds). Penalising each type's excess (not the excess over the expected
 * capacity {@code Σ_t P(i = t)·c_t}, which is smaller by Jensen's inequality) also pushes down the
 * probability of a type that cannot carry the bonds — the failure sampling at temperature 1 makes. For
 * one-hot atoms both are {@code relu(v_i − c_i)²}. It pushes the generator away from over-bonded atoms,
 * the most frequent decoding failure. {@link #isolation} is the companion for the second one,
 * disconnected graphs: with the expected degree {@code d_i = Σ_{j≠i} q_j P(ij ≠ none)},
 * {@code mean_i q_i relu(1 − d_i)²} penalises present atoms without a bond.
 */
public final class ValencePenalty {
    /** Capacity of an empty slot: more than any real atom's bond-order sum. */
    public static final float EMPTY_CAPACITY = 8f;

    private final Tensor capacity; // (T)
    private final Tensor orders;   // (B)
    private final Tensor offDiagonal; // (1, N, N)

    /** The penalty for {@code spec}. */
    public ValencePenalty(GraphSpec spec) {
        int t = spec.atomTypes();
        float[] cap = new float[t];
        cap[0] = EMPTY_CAPACITY;
        for (int k = 1; k < t; k++) {
            int[] v = GraphSpec.allowedValences(spec.element(k));
            cap[k] = v[v.length - 1];
        }
        capacity = Tensor.wrap(cap, t);
        float[] o = new float[GraphSpec.BOND_TYPES];
        for (int k = 0; k < o.length; k++) {
            o[k] = k;
        }
        orders = Tensor.wrap(o, GraphSpec.BOND_TYPES);
        int n = spec.maxAtoms();
        float[] off = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                off[i * n + j] = i == j ? 0 : 1;
            }
        }
        offDiagonal = Tensor.wrap(off, 1, n, n);
    }

    /** The penalty of the probabilities in {@code p} (a scalar tensor). */
    public Tensor of(GraphBatch p) {
        Tensor expectedOrder = p.bonds().mul(orders).sum(3).mul(offDiagonal);           // (b, N, N)
        Tensor presence = Ops.slice(p.atoms(), 2, 0, 1).rsub(1f);                       // (b, N, 1)
        Tensor used = expectedOrder.matmul(presence);                                     // (b, N, 1)
        Tensor excess = used.sub(capacity).relu();                                        // (b, N, T)
        return excess.mul(excess).mul(p.atoms()).sum(2).mean();
    }

    /** {@code mean_i q_i relu(1 − d_i)²}: present atoms expected to have no bond (a scalar tensor). */
    public Tensor isolation(GraphBatch p) {
        Tensor anyBond = Ops.slice(p.bonds(), 3, 0, 1).squeeze(3).rsub(1f).mul(offDiagonal);  // (b, N, N)
        Tensor presence = Ops.slice(p.atoms(), 2, 0, 1).rsub(1f);                             // (b, N, 1)
        Tensor degree = anyBond.matmul(presence);                                               // (b, N, 1)
        Tensor lack = degree.rsub(1f).relu();
        return lack.mul(lack).mul(presence).mean();
    }
}

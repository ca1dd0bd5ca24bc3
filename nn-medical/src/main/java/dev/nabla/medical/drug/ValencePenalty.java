package dev.nabla.medical.drug;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

/**
 * A differentiable valence penalty on the generator's probabilities: with atom probabilities
 * {@code P(i = t)}, bond probabilities {@code P(ij = k)} and presence {@code q_j = 1 − P(j = none)},
 * the expected bond-order sum of slot i is {@code v_i = Σ_{j≠i} q_j Σ_k k·P(ij = k)} and its expected
 * capacity {@code m_i = Σ_t P(i = t)·max valence(t)} (an empty slot has capacity {@link #EMPTY_CAPACITY},
 * since the decoder ignores its bonds); the penalty is {@code mean_i relu(v_i − m_i)²}. It pushes the
 * generator away from over-bonded atoms, the most frequent decoding failure.
 */
public final class ValencePenalty {
    /** Capacity of an empty slot: more than any real atom's bond-order sum. */
    public static final float EMPTY_CAPACITY = 8f;

    private final Tensor capacity; // (T, 1)
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
        capacity = Tensor.wrap(cap, t, 1);
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
        Tensor cap = p.atoms().matmul(capacity);                                          // (b, N, 1)
        Tensor excess = used.sub(cap).relu();
        return excess.mul(excess).mean();
    }
}

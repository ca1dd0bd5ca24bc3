package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.List;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

/**
 * A batch of graphs as tensors: atoms {@code X (b, N, T)} and bonds {@code A (b, N, N, B)}, one-hot
 * (real data, hard samples) or soft (probabilities); for generated graphs they carry the generator's
 * autograd graph.
 *
 * @param atoms X
 * @param bonds A
 */
public record GraphBatch(Tensor atoms, Tensor bonds) {
    /** One-hot tensors of real graphs. */
    public static GraphBatch of(List<MolecularGraph> graphs, GraphSpec spec) {
        int b = graphs.size();
        int n = spec.maxAtoms();
        int t = spec.atomTypes();
        float[] x = new float[b * n * t];
        float[] a = new float[b * n * n * GraphSpec.BOND_TYPES];
        for (int i = 0; i < b; i++) {
            graphs.get(i).oneHot(t, x, i * n * t, a, i * n * n * GraphSpec.BOND_TYPES);
        }
        return new GraphBatch(Tensor.wrap(x, b, n, t), Tensor.wrap(a, b, n, n, GraphSpec.BOND_TYPES));
    }

    /** Batch size. */
    public int size() {
        return atoms.size(0);
    }

    /** This batch cut from the autograd graph. */
    public GraphBatch detach() {
        return new GraphBatch(atoms.detach(), bonds.detach());
    }

    /**
     * The relational adjacency the discriminator reads, {@code (b, B−1, N, N)}: bond channels 1..3
     * (single, double, triple), with the diagonal and every pair touching an empty slot masked to 0
     * (presence {@code p_i = 1 − X[i, 0]}), as the decoder ignores them.
     */
    public Tensor adjacency() {
        int n = atoms.size(1);
        Tensor channels = bonds.permute(0, 3, 1, 2).slice(1, 1, GraphSpec.BOND_TYPES);
        Tensor presence = Ops.slice(atoms, 2, 0, 1).squeeze(2).rsub(1f); // (b, N)
        Tensor pair = presence.unsqueeze(2).mul(presence.unsqueeze(1)); // (b, N, N)
        float[] off = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                off[i * n + j] = i == j ? 0f : 1f;
            }
        }
        Tensor mask = pair.mul(Tensor.wrap(off, 1, n, n)).unsqueeze(1); // (b, 1, N, N)
        return channels.mul(mask);
    }

    /** The discrete graphs: argmax atom type per slot, argmax bond type per pair {@code i < j} (mirrored). */
    public List<MolecularGraph> toGraphs() {
        int b = size();
        int n = atoms.size(1);
        int t = atoms.size(2);
        int nb = bonds.size(3);
        float[] x = atoms.toArray();
        float[] a = bonds.toArray();
        List<MolecularGraph> out = new ArrayList<>(b);
        for (int s = 0; s < b; s++) {
            int[] at = new int[n];
            int[][] bo = new int[n][n];
            for (int i = 0; i < n; i++) {
                at[i] = argmax(x, (s * n + i) * t, t);
                for (int j = i + 1; j < n; j++) {
                    bo[i][j] = bo[j][i] = argmax(a, ((s * n + i) * n + j) * nb, nb);
                }
            }
            out.add(new MolecularGraph(at, bo));
        }
        return out;
    }

    static int argmax(float[] v, int off, int len) {
        int best = 0;
        for (int k = 1; k < len; k++) {
            if (v[off + k] > v[off + best]) {
                best = k;
            }
        }
        return best;
    }
}

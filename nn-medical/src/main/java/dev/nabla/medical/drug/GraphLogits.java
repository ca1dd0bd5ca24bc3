package dev.nabla.medical.drug;

import java.util.random.RandomGenerator;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

/**
 * The generator's output: unnormalised log-probabilities of the atom type per slot {@code (b, N, T)}
 * and of the bond type per pair {@code (b, N, N, B)}, symmetric in the two slot axes.
 *
 * @param atoms atom logits
 * @param bonds bond logits (symmetric)
 */
public record GraphLogits(Tensor atoms, Tensor bonds) {
    /** Atom logits and bond logits made symmetric over the two slot axes, {@code (L + Lᵀ) / 2}. */
    static GraphLogits symmetrised(Tensor atoms, Tensor bonds) {
        return new GraphLogits(atoms, bonds.add(bonds.permute(0, 2, 1, 3)).mul(0.5f));
    }

    /**
     * Straight-through Gumbel-softmax (Jang et al. 2017): {@code y = softmax((ℓ + g) / τ)} with
     * {@code g = −log(−log u)}, {@code u ~ U(0,1)}; the forward value is the one-hot of {@code argmax y}
     * and the gradient is that of {@code y}. The bond noise is drawn for {@code i < j} and mirrored so
     * that the sample stays symmetric.
     *
     * @param hard false: return the soft {@code y} itself
     */
    public GraphBatch gumbel(RandomGenerator rng, double tau, boolean hard) {
        Tensor x = straightThrough(atoms.add(gumbelNoise(atoms.shape(), rng, false)).div((float) tau), hard);
        Tensor a = straightThrough(bonds.add(gumbelNoise(bonds.shape(), rng, true)).div((float) tau), hard);
        return new GraphBatch(x, a);
    }

    /**
     * Hard samples with separate temperatures for atoms and bonds, no gradient: per slot the atom type
     * {@code argmax(ℓ / T_atom + g)} and per pair the bond type {@code argmax(ℓ / T_bond + g)} with
     * Gumbel noise g (the bond noise mirrored) — a draw from {@code softmax(ℓ / T)}; a temperature of 0
     * takes {@code argmax ℓ} and draws no noise. The returned tensors are not one-hot but have their
     * maximum at the drawn type ({@link GraphBatch#toGraphs()} reads the argmax). With equal temperatures
     * T &gt; 0 this draws the same noise, in the same order, as {@code new GraphLogits(ℓ / T).gumbel(rng, 1, true)}.
     */
    public GraphBatch sampleScores(RandomGenerator rng, double atomTemperature, double bondTemperature) {
        if (!(atomTemperature >= 0) || !(bondTemperature >= 0)) {
            throw new IllegalArgumentException("sampling temperatures must be ≥ 0, got atoms " + atomTemperature
                    + ", bonds " + bondTemperature);
        }
        Tensor x = atomTemperature == 0 ? atoms : atoms.div((float) atomTemperature).add(gumbelNoise(atoms.shape(), rng, false));
        Tensor a = bondTemperature == 0 ? bonds : bonds.div((float) bondTemperature).add(gumbelNoise(bonds.shape(), rng, true));
        return new GraphBatch(x, a);
    }

    /** Probabilities {@code softmax(ℓ)} without noise. */
    public GraphBatch probabilities() {
        return new GraphBatch(Ops.softmax(atoms, -1), Ops.softmax(bonds, -1));
    }

    private static Tensor straightThrough(Tensor scaled, boolean hard) {
        Tensor soft = Ops.softmax(scaled, -1);
        if (!hard) {
            return soft;
        }
        float[] v = soft.toArray();
        int k = soft.size(-1);
        float[] oneHot = new float[v.length];
        for (int off = 0; off < v.length; off += k) {
            oneHot[off + GraphBatch.argmax(v, off, k)] = 1f;
        }
        return Tensor.wrap(oneHot, soft.shape()).add(soft.sub(soft.detach()));
    }

    /** Standard Gumbel noise of {@code shape}; for bonds {@code (b, N, N, B)} symmetric in the slot axes. */
    static Tensor gumbelNoise(int[] shape, RandomGenerator rng, boolean symmetric) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] g = new float[size];
        if (!symmetric) {
            for (int i = 0; i < size; i++) {
                g[i] = gumbel(rng);
            }
        } else {
            int b = shape[0];
            int n = shape[1];
            int k = shape[3];
            for (int s = 0; s < b; s++) {
                for (int i = 0; i < n; i++) {
                    for (int j = i; j < n; j++) {
                        for (int c = 0; c < k; c++) {
                            float v = gumbel(rng);
                            g[((s * n + i) * n + j) * k + c] = v;
                            g[((s * n + j) * n + i) * k + c] = v;
                        }
                    }
                }
            }
        }
        return Tensor.wrap(g, shape.clone());
    }

    private static float gumbel(RandomGenerator rng) {
        double u = rng.nextDouble();
        u = Math.min(Math.max(u, 1e-10), 1 - 1e-10);
        return (float) -Math.log(-Math.log(u));
    }
}

package dev.nabla.medical.drug;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.nabla.nn.Dense;
import dev.nabla.nn.Initializers;
import dev.nabla.tensor.Tensor;

/**
 * One relational graph convolution (Schlichtkrull et al. 2018, as used by MolGAN):
 * <pre>  h'_i = tanh( Σ_r Σ_j A_r[i, j] · h_j W_r  +  h_i W_0 + b )</pre>
 * with one weight matrix {@code W_r (F, F')} per bond type r and a self-connection {@code W_0} (a
 * {@link Dense}). Batched: {@code h (b, N, F)}, {@code A (b, R, N, N)} → {@code (b, N, F')}; the
 * relation sum is {@code Σ_r (A_r h) W_r} computed with two broadcast {@code matmul}s.
 */
public final class RelationalGraphConvolution {
    private final Tensor relationWeights; // (R, F, F')
    private final Dense self;
    private final String name;

    /** A layer from {@code in} to {@code out} features over {@code relations} bond types, seeded (Glorot uniform). */
    public RelationalGraphConvolution(String name, int relations, int in, int out, long seed) {
        this.name = name;
        relationWeights = Initializers.glorotUniform().initialize(new int[] {relations, in, out}, in, out,
                new SplittableRandom(seed)).requiresGrad(true);
        self = new Dense(out).name("self");
        self.seed(seed + 1);
        self.build(1, in);
    }

    /** {@code tanh(Σ_r A_r h W_r + h W_0 + b)}. */
    public Tensor call(Tensor h, Tensor adjacency) {
        Tensor messages = adjacency.matmul(h.unsqueeze(1)).matmul(relationWeights).sum(1);
        return messages.add(self.call(h)).tanh();
    }

    /** Weights by name, prefixed with this layer's name. */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(name + "/relations", relationWeights);
        self.namedWeights().forEach((k, v) -> m.put(name + "/self/" + k, v));
        return m;
    }

    /** The trainable weights. */
    public List<Tensor> trainableWeights() {
        return List.copyOf(namedWeights().values());
    }
}

package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

/**
 * MolGAN's discriminator (and reward network): relational graph convolutions over the bond types,
 * a gated graph-level readout (Li et al. 2016)
 * <pre>  h_G = tanh( Σ_i σ(i([h_i, x_i])) ⊙ tanh(j([h_i, x_i])) )</pre>
 * optionally the minibatch standard deviation (Karras et al. 2018: the mean over features of the
 * per-feature standard deviation across the batch, appended as one more feature, which lets the
 * discriminator see a collapsed batch), and an MLP head to one logit per graph.
 */
public final class GraphDiscriminator {
    private final List<RelationalGraphConvolution> convs = new ArrayList<>();
    private final Dense gate;
    private final Dense value;
    private final List<Dense> head = new ArrayList<>();
    private final boolean minibatchStd;
    private final String name;

    /**
     * @param conv         widths of the graph convolutions (MolGAN: 64, 32)
     * @param readout      width of the readout (MolGAN: 128)
     * @param dense        widths of the head (MolGAN: 128, 64)
     * @param minibatchStd whether to append the minibatch standard deviation
     */
    public GraphDiscriminator(String name, GraphSpec spec, int[] conv, int readout, int[] dense, boolean minibatchStd, long seed) {
        this.name = name;
        this.minibatchStd = minibatchStd;
        int t = spec.atomTypes();
        int in = t;
        for (int k = 0; k < conv.length; k++) {
            convs.add(new RelationalGraphConvolution("conv" + k, GraphSpec.BOND_TYPES - 1, in, conv[k], seed * 17 + k));
            in = conv[k];
        }
        gate = new Dense(readout).activation(Activation.SIGMOID).name("gate");
        value = new Dense(readout).activation(Activation.TANH).name("value");
        gate.seed(seed * 17 + 101);
        value.seed(seed * 17 + 102);
        gate.build(spec.maxAtoms(), in + t);
        value.build(spec.maxAtoms(), in + t);
        int width = readout + (minibatchStd ? 1 : 0);
        for (int k = 0; k < dense.length; k++) {
            Dense d = new Dense(dense[k]).activation(Activation.TANH).name("dense" + k);
            d.seed(seed * 17 + 200 + k);
            d.build(width);
            head.add(d);
            width = dense[k];
        }
        Dense out = new Dense(1).name("logit");
        out.seed(seed * 17 + 300);
        out.build(width);
        head.add(out);
    }

    /** One logit per graph, shape {@code (b, 1)}. */
    public Tensor call(GraphBatch g) {
        Tensor adj = g.adjacency();
        Tensor x = g.atoms();
        Tensor h = x;
        for (RelationalGraphConvolution c : convs) {
            h = c.call(h, adj);
        }
        Tensor hx = Ops.concat(2, h, x);
        Tensor graph = gate.call(hx).mul(value.call(hx)).sum(1).tanh();
        if (minibatchStd) {
            Tensor std = Ops.var(graph, new int[] {0}, false).add(1e-8f).sqrt().mean();
            graph = Ops.concat(1, graph, std.reshape(1, 1).expand(graph.size(0), 1));
        }
        Tensor y = graph;
        for (Dense d : head) {
            y = d.call(y);
        }
        return y;
    }

    /** Weights by name. */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (RelationalGraphConvolution c : convs) {
            c.namedWeights().forEach((k, v) -> m.put(name + "/" + k, v));
        }
        for (Dense d : List.of(gate, value)) {
            d.namedWeights().forEach((k, v) -> m.put(name + "/" + d.name() + "/" + k, v));
        }
        for (Dense d : head) {
            d.namedWeights().forEach((k, v) -> m.put(name + "/" + d.name() + "/" + k, v));
        }
        return m;
    }

    /** The trainable weights. */
    public List<Tensor> trainableWeights() {
        return List.copyOf(namedWeights().values());
    }
}

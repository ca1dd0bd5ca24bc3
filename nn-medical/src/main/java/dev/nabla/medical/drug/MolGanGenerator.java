package dev.nabla.medical.drug;

import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

/**
 * MolGAN's generator (De Cao &amp; Kipf 2018, §3): an MLP {@code z → 128 → 256 → 512} with tanh, then
 * two linear heads: atom logits {@code (b, N, T)} and bond logits {@code (b, N, N, B)}, symmetrised as
 * {@code (L + Lᵀ) / 2} over the two slot axes.
 */
public final class MolGanGenerator implements GraphGenerator {
    private final GraphSpec spec;
    private final int noiseDim;
    private final Sequential body;
    private final Dense atomHead;
    private final Dense bondHead;
    private final Sequential model;

    /** A generator for {@code spec} with hidden widths {@code hidden} (MolGAN: 128, 256, 512), seeded. */
    public MolGanGenerator(GraphSpec spec, int noiseDim, int[] hidden, long seed) {
        this.spec = spec;
        this.noiseDim = noiseDim;
        body = new Sequential().name("body");
        for (int i = 0; i < hidden.length; i++) {
            body.add(new Dense(hidden[i]).activation(Activation.TANH).name("dense" + i));
        }
        int n = spec.maxAtoms();
        atomHead = new Dense(n * spec.atomTypes()).name("atoms");
        bondHead = new Dense(n * n * GraphSpec.BOND_TYPES).name("bonds");
        model = new Sequential(body, atomHead, bondHead).name("generator");
        model.seed(seed);
        body.seed(seed * 31 + 1);
        atomHead.seed(seed * 31 + 2);
        bondHead.seed(seed * 31 + 3);
        body.build(noiseDim);
        int last = hidden.length == 0 ? noiseDim : hidden[hidden.length - 1];
        atomHead.build(last);
        bondHead.build(last);
    }

    @Override
    public GraphLogits logits(Tensor z) {
        Tensor h = body.call(z);
        int b = z.size(0);
        int n = spec.maxAtoms();
        Tensor atoms = atomHead.call(h).reshape(b, n, spec.atomTypes());
        Tensor bonds = bondHead.call(h).reshape(b, n, n, GraphSpec.BOND_TYPES);
        return GraphLogits.symmetrised(atoms, bonds);
    }

    @Override
    public int noiseDim() {
        return noiseDim;
    }

    @Override
    public Sequential model() {
        return model;
    }

    @Override
    public String kind() {
        return "molgan";
    }
}

package dev.nabla.medical.drug;

import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Dense;
import dev.nabla.nn.LeakyReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

/**
 * The seed's generator structure over the same graph representation: {@code Dense(256) → LeakyReLU(0.2)
 * → BatchNormalization(momentum 0.8) → Dense(512) → LeakyReLU(0.2) → BatchNormalization(0.8) →
 * Dense(1024) → LeakyReLU(0.2) → BatchNormalization(0.8) → Dense(N·T + N·N·B) → tanh}. The tanh output
 * in (−1, 1), times {@link #LOGIT_SCALE}, is read as the atom and bond logits (bonds symmetrised).
 */
public final class BaselineGenerator implements GraphGenerator {
    /** Factor from the tanh output to logits, so that a saturated unit gives a probability near 1 (e^8 : 1). */
    public static final float LOGIT_SCALE = 4f;

    private final GraphSpec spec;
    private final int noiseDim;
    private final Sequential model;

    /** The seed structure for {@code spec}, seeded. */
    public BaselineGenerator(GraphSpec spec, int noiseDim, long seed) {
        this.spec = spec;
        this.noiseDim = noiseDim;
        int n = spec.maxAtoms();
        int out = n * spec.atomTypes() + n * n * GraphSpec.BOND_TYPES;
        model = new Sequential(
                new Dense(256).name("dense0"), new LeakyReLU(0.2f).name("act0"), new BatchNormalization().momentum(0.8).name("bn0"),
                new Dense(512).name("dense1"), new LeakyReLU(0.2f).name("act1"), new BatchNormalization().momentum(0.8).name("bn1"),
                new Dense(1024).name("dense2"), new LeakyReLU(0.2f).name("act2"), new BatchNormalization().momentum(0.8).name("bn2"),
                new Dense(out).activation(Activation.TANH).name("out")).name("baseline");
        model.seed(seed);
        model.build(noiseDim);
    }

    @Override
    public GraphLogits logits(Tensor z) {
        int b = z.size(0);
        int n = spec.maxAtoms();
        int na = n * spec.atomTypes();
        Tensor y = model.call(z).mul(LOGIT_SCALE);
        Tensor atoms = y.slice(1, 0, na).reshape(b, n, spec.atomTypes());
        Tensor bonds = y.slice(1, na, y.size(1)).reshape(b, n, n, GraphSpec.BOND_TYPES);
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
        return "baseline";
    }
}

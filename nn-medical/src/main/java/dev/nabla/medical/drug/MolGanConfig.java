package dev.nabla.medical.drug;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of one MolGAN training run.
 *
 * @param generator     {@code molgan} (MLP, tanh) or {@code baseline} (the seed structure)
 * @param spec          the graph setting
 * @param noiseDim      length of z (MolGAN: 32)
 * @param batchSize     graphs per step (MolGAN: 32)
 * @param steps         generator steps
 * @param learningRate  Adam learning rate of the generator and the reward network (β₁ = 0.5)
 * @param discriminatorLearningRate Adam learning rate of the discriminator (lower: a less-trained D, against collapse)
 * @param tau           Gumbel-softmax temperature during training
 * @param rewardWeight  λ of the reward-network term in the generator loss (0: plain GAN; MolGAN's RL part)
 * @param valenceWeight weight of the differentiable valence penalty (0: off)
 * @param minibatchStd  whether the discriminator sees the minibatch standard deviation
 * @param diversityWeight weight of the mode-seeking term (Mao et al. 2019) in the generator loss (0: off)
 * @param seed          seed of weights, noise, batches
 */
public record MolGanConfig(String generator, GraphSpec spec, int noiseDim, int batchSize, int steps, double learningRate, double discriminatorLearningRate,
        double tau, double rewardWeight, double valenceWeight, boolean minibatchStd, double diversityWeight, long seed) {
    /** Checks the values. */
    public MolGanConfig {
        if (!generator.equals("molgan") && !generator.equals("baseline")) {
            throw new IllegalArgumentException("generator must be molgan or baseline, got '" + generator + "'");
        }
        if (noiseDim < 1 || batchSize < 2 || steps < 0 || learningRate <= 0 || discriminatorLearningRate <= 0 || tau <= 0 || rewardWeight < 0
                || rewardWeight > 1 || valenceWeight < 0 || diversityWeight < 0) {
            throw new IllegalArgumentException("invalid MolGanConfig: noiseDim ≥ 1, batchSize ≥ 2, steps ≥ 0, "
                    + "learningRate > 0, tau > 0, 0 ≤ rewardWeight ≤ 1, valenceWeight ≥ 0, diversityWeight ≥ 0; got " + this);
        }
    }

    /** The defaults of {@code ./nabla drug train}. */
    public static MolGanConfig defaults(GraphSpec spec) {
        return new MolGanConfig("molgan", spec, 32, 32, 2000, 1e-3, 1e-4, 1.0, 0.8, 10.0, true, 30.0, 1);
    }

    /** A copy with another generator kind. */
    public MolGanConfig withGenerator(String kind) {
        return new MolGanConfig(kind, spec, noiseDim, batchSize, steps, learningRate, discriminatorLearningRate, tau, rewardWeight, valenceWeight, minibatchStd, diversityWeight, seed);
    }

    /** A copy with another number of steps. */
    public MolGanConfig withSteps(int n) {
        return new MolGanConfig(generator, spec, noiseDim, batchSize, n, learningRate, discriminatorLearningRate, tau, rewardWeight, valenceWeight, minibatchStd, diversityWeight, seed);
    }

    /** As strings, for checkpoint metadata and reports. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("generator", generator);
        m.put("spec", spec.name());
        m.put("noiseDim", Integer.toString(noiseDim));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("steps", Integer.toString(steps));
        m.put("learningRate", Double.toString(learningRate));
        m.put("discriminatorLearningRate", Double.toString(discriminatorLearningRate));
        m.put("tau", Double.toString(tau));
        m.put("rewardWeight", Double.toString(rewardWeight));
        m.put("valenceWeight", Double.toString(valenceWeight));
        m.put("minibatchStd", Boolean.toString(minibatchStd));
        m.put("diversityWeight", Double.toString(diversityWeight));
        m.put("seed", Long.toString(seed));
        return m;
    }

    /** Reads {@link #toMap()} back. */
    public static MolGanConfig fromMap(Map<String, String> m) {
        try {
            return new MolGanConfig(m.get("generator"), GraphSpec.named(m.get("spec")), Integer.parseInt(m.get("noiseDim")),
                    Integer.parseInt(m.get("batchSize")), Integer.parseInt(m.get("steps")), Double.parseDouble(m.get("learningRate")),
                    Double.parseDouble(m.get("discriminatorLearningRate")),
                    Double.parseDouble(m.get("tau")), Double.parseDouble(m.get("rewardWeight")),
                    Double.parseDouble(m.get("valenceWeight")), Boolean.parseBoolean(m.get("minibatchStd")),
                    Double.parseDouble(m.get("diversityWeight")), Long.parseLong(m.get("seed")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint metadata is not a MolGanConfig: " + m, e);
        }
    }
}

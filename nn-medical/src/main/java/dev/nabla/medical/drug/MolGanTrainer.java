package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import dev.nabla.ops.Ops;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;

/**
 * The MolGAN training loop, written with nn-core's autograd and Adam (the {@code dev.nabla.gan}
 * trainer expects single-tensor models; a graph discriminator reads two tensors). Per step, with the
 * non-saturating GAN loss (Goodfellow et al. 2014) and {@code s(x) = softplus(x) = −log σ(−x)}:
 * <pre>
 *   fake     = straight-through Gumbel sample of G(z)
 *   L_D      = mean s(−D(real)) + mean s(D(fake))
 *   L_R      = mean BCE(R(fake), y),  y = valid(fake) / (copies of it in the batch and the memory)
 *   L_G      = (1 − λ) · mean s(−D(fake)) + λ · mean s(−R(fake)) + μ · (valence penalty(P) + isolation penalty(P))
 *              − ν · mean|P(z₁) − P(z₂)| / mean|z₁ − z₂|          P = softmax G(z)
 * </pre>
 * The memory holds the last {@link #MEMORY} valid generated SMILES: a molecule the generator keeps
 * producing earns less and less reward (a diversity penalty across batches, not only within one).
 * The last term is the mode-seeking regulariser of Mao et al. (2019), with the batch's first half as
 * z₁ and its second half as z₂: it rewards the generator for mapping different noise to different
 * graphs, against mode collapse. Everything is seeded: one run with the same config on one thread gives the same weights.
 */
public final class MolGanTrainer {
    /** What one logged step measured: losses and the decoded training batch's validity and uniqueness. */
    public record StepLog(int step, double discriminatorLoss, double generatorLoss, double rewardLoss, double valence,
            double batchValidity, double batchUniqueness, double seconds) {
        @Override
        public String toString() {
            return String.format("step %5d  L_D %.3f  L_G %.3f  L_R %.3f  valence %.4f  batch valid %.2f unique %.2f  %.0f s",
                    step, discriminatorLoss, generatorLoss, rewardLoss, valence, batchValidity, batchUniqueness, seconds);
        }
    }

    /** Length of the memory of recent valid samples behind the reward's diversity penalty. */
    public static final int MEMORY = 2048;

    /** Samples drawn at each {@code selectEvery} step to pick the best generator. */
    public static final int SELECTION_SAMPLES = 500;

    private MolGanTrainer() {
    }

    /** Trains a fresh {@link MolGan} on the canonical SMILES {@code train}, calling {@code log} every {@code logEvery} steps. */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log)
            throws MoleculeFormatException {
        return train(cfg, train, logEvery, log, 0);
    }

    /**
     * As {@link #train(MolGanConfig, List, int, Consumer)}; with {@code selectEvery > 0}, every
     * {@code selectEvery} steps {@link #SELECTION_SAMPLES} graphs are drawn (temperature 1, a seed of
     * their own) and the generator with the best score {@code min(validity / 0.9, uniqueness / 0.5,
     * novelty / 0.8)} — the goal, met when ≥ 1 — is the one returned. Only generated samples and
     * the training set are used, no held-out data.
     */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log, int selectEvery)
            throws MoleculeFormatException {
        int lastSelected = 0;
        if (train.isEmpty()) {
            throw new IllegalArgumentException("MolGAN training needs at least one molecule, got none");
        }
        GraphSpec spec = cfg.spec();
        List<MolecularGraph> real = new ArrayList<>(train.size());
        for (String s : train) {
            real.add(MoleculeCuration.graphOf(s, spec));
        }
        MolGan gan = new MolGan(cfg);
        GraphGenerator g = gan.generator();
        GraphDiscriminator d = gan.discriminator();
        GraphDiscriminator r = gan.reward();
        Optimizer optG = new Adam(cfg.learningRate()).beta1(0.5);
        Optimizer optD = new Adam(cfg.discriminatorLearningRate()).beta1(0.5);
        Optimizer optR = new Adam(cfg.learningRate()).beta1(0.5);
        List<Tensor> pg = g.trainableWeights();
        List<Tensor> pd = d.trainableWeights();
        List<Tensor> pr = r.trainableWeights();
        ValencePenalty valence = new ValencePenalty(spec);
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        long t0 = System.nanoTime();
        double sumD = 0, sumG = 0, sumR = 0, sumV = 0, sumValid = 0, sumUnique = 0;
        int logged = 0;
        java.util.ArrayDeque<String> memory = new java.util.ArrayDeque<>();
        Map<String, Integer> memoryCount = new HashMap<>();
        Map<String, float[]> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        g.setTraining(true);
        for (int step = 1; step <= cfg.steps(); step++) {
            int b = cfg.batchSize();
            List<MolecularGraph> batch = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                batch.add(real.get(rng.nextInt(real.size())));
            }
            GraphBatch realBatch = GraphBatch.of(batch, spec);
            Tensor z = Tensor.randn(rng, b, g.noiseDim());
            GraphLogits logits = g.logits(z);
            GraphBatch fake = logits.gumbel(rng, cfg.tau(), true);
            GraphBatch fakeConst = fake.detach();

            // discriminator
            optD.zeroGrad(pd);
            Tensor lossD = Ops.softplus(d.call(realBatch).neg()).mean().add(Ops.softplus(d.call(fakeConst)).mean());
            lossD.backward();
            optD.step(pd);

            // reward network on the decoded batch
            List<MolecularGraph> graphs = fakeConst.toGraphs();
            float[] target = new float[b];
            Map<String, Integer> copies = new HashMap<>();
            List<String> smiles = new ArrayList<>(b);
            for (MolecularGraph mg : graphs) {
                MolecularGraph.Decoded dec = mg.decode(spec);
                smiles.add(dec.smiles());
                if (dec.valid()) {
                    copies.merge(dec.smiles(), 1, Integer::sum);
                }
            }
            for (int i = 0; i < b; i++) {
                String sm = smiles.get(i);
                target[i] = sm == null ? 0f : 1f / (copies.get(sm) + memoryCount.getOrDefault(sm, 0));
            }
            for (String sm : smiles) {
                if (sm != null) {
                    memory.addLast(sm);
                    memoryCount.merge(sm, 1, Integer::sum);
                    if (memory.size() > MEMORY) {
                        memoryCount.merge(memory.removeFirst(), -1, Integer::sum);
                    }
                }
            }
            double lossRValue = 0;
            if (cfg.rewardWeight() > 0) {
                optR.zeroGrad(pr);
                Tensor logit = r.call(fakeConst);
                Tensor y = Tensor.wrap(target, b, 1);
                Tensor lossR = Ops.softplus(logit).sub(logit.mul(y)).mean();
                lossR.backward();
                optR.step(pr);
                lossRValue = lossR.item();
            }

            // generator
            optG.zeroGrad(pg);
            Tensor adversarial = Ops.softplus(d.call(fake).neg()).mean();
            Tensor lossG = adversarial.mul((float) (1 - cfg.rewardWeight()));
            if (cfg.rewardWeight() > 0) {
                lossG = lossG.add(Ops.softplus(r.call(fake).neg()).mean().mul((float) cfg.rewardWeight()));
            }
            GraphBatch probs = logits.probabilities();
            Tensor pen = valence.of(probs);
            if (cfg.valenceWeight() > 0) {
                lossG = lossG.add(pen.add(valence.isolation(probs)).mul((float) cfg.valenceWeight()));
            }
            if (cfg.diversityWeight() > 0) {
                lossG = lossG.sub(modeSeeking(probs, z).mul((float) cfg.diversityWeight()));
            }
            lossG.backward();
            optG.step(pg);

            sumD += lossD.item();
            sumG += lossG.item();
            sumR += lossRValue;
            sumV += pen.item();
            sumValid += copies.values().stream().mapToInt(Integer::intValue).sum() / (double) b;
            int valid = copies.values().stream().mapToInt(Integer::intValue).sum();
            sumUnique += valid == 0 ? 0 : copies.size() / (double) valid;
            logged++;
            if (selectEvery > 0 && step % selectEvery == 0) {
                double score = selectionScore(gan, train, step);
                g.setTraining(true);
                if (score > bestScore) {
                    bestScore = score;
                    best = copy(g.namedWeights());
                    lastSelected = step;
                }
            }
            if (log != null && logEvery > 0 && (step % logEvery == 0 || step == cfg.steps())) {
                log.accept(new StepLog(step, sumD / logged, sumG / logged, sumR / logged, sumV / logged, sumValid / logged,
                        sumUnique / logged, (System.nanoTime() - t0) / 1e9));
                sumD = sumG = sumR = sumV = sumValid = sumUnique = 0;
                logged = 0;
            }
        }
        g.setTraining(false);
        if (best != null) {
            for (Map.Entry<String, Tensor> e : g.namedWeights().entrySet()) {
                float[] v = best.get(e.getKey());
                System.arraycopy(v, 0, e.getValue().storage(), e.getValue().offset(), v.length);
            }
            if (log != null) {
                System.out.printf(java.util.Locale.ROOT, "kept the generator of step %d (selection score %.3f)%n", lastSelected, bestScore);
            }
        }
        return gan;
    }

    /** {@code mean|P(z₁) − P(z₂)| / mean|z₁ − z₂|} between the two halves of the batch. */
    static Tensor modeSeeking(GraphBatch p, Tensor z) {
        int b = z.size(0);
        int half = b / 2;
        Tensor flat = Ops.concat(1, p.atoms().reshape(b, -1), p.bonds().reshape(b, -1));
        Tensor dp = flat.slice(0, 0, half).sub(flat.slice(0, half, 2 * half)).abs().mean();
        float dz = z.slice(0, 0, half).sub(z.slice(0, half, 2 * half)).abs().mean().item();
        return dp.div(dz);
    }

    /** {@code min(validity / 0.9, uniqueness / 0.5, novelty / 0.8)} of {@link #SELECTION_SAMPLES} samples. */
    static double selectionScore(MolGan gan, List<String> train, int step) {
        List<String> smiles = new ArrayList<>();
        for (MolecularGraph mg : gan.sample(SELECTION_SAMPLES, 1.0, 1_000_003L * step)) {
            smiles.add(mg.decode(gan.config().spec()).smiles());
        }
        return Math.min(MoleculeMetrics.validity(smiles) / 0.9, Math.min(MoleculeMetrics.uniqueness(smiles) / 0.5,
                MoleculeMetrics.novelty(smiles, train) / 0.8));
    }

    private static Map<String, float[]> copy(Map<String, Tensor> weights) {
        Map<String, float[]> m = new HashMap<>();
        weights.forEach((k, v) -> m.put(k, v.toArray()));
        return m;
    }
}

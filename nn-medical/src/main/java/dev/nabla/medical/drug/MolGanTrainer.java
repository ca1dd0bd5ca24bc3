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

    /** Default number of samples drawn at each {@code selectEvery} step and temperature to pick the best generator (as many as an evaluation). */
    public static final int SELECTION_SAMPLES = 1000;

    /** Sampling temperatures {@code {atoms, bonds}} tried at each selection step; the best pair is kept with the generator. */
    static final double[][] SELECTION_TEMPERATURES = {{0.75, 0.5}, {1.0, 0.5}, {1.25, 0.5}, {0.75, 1.0}, {1.0, 1.0}, {1.25, 1.0}};

    /**
     * The temperatures tried when selecting with the valence mask: the mask removes the over-bonded
     * graphs that hot atom sampling produces, so hotter (more diverse) atom draws are worth trying.
     */
    static final double[][] MASKED_SELECTION_TEMPERATURES = {{1.0, 0.5}, {1.25, 0.5}, {1.5, 0.5}, {1.0, 1.0}, {1.25, 1.0}, {1.5, 1.0}};

    /** Candidates (checkpoint × temperature pair) of the screening that are re-scored on fresh draws. */
    public static final int SELECTION_FINALISTS = 8;

    /** Default number of fresh draws each finalist is re-scored on ({@link SeedAveragedSelection}); 0: keep the screening's best. */
    public static final int SELECTION_SEEDS = 4;

    private MolGanTrainer() {
    }

    /** Trains a fresh {@link MolGan} on the canonical SMILES {@code train}, calling {@code log} every {@code logEvery} steps. */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log)
            throws MoleculeFormatException {
        return train(cfg, train, logEvery, log, 0);
    }

    /**
     * As {@link #train(MolGanConfig, List, int, Consumer)}; with {@code selectEvery > 0}, every
     * {@code selectEvery} steps {@link #SELECTION_SAMPLES} (1,000) graphs are drawn at each of the
     * {@link #SELECTION_TEMPERATURES} (atom, bond; seeds of their own, derived from the step) and the generator and
     * temperatures with the best score {@code min(validity / 0.9, uniqueness / 0.5, novelty / 0.8)} — the
     * issue's goal, met when ≥ 1; novelty the smaller of the two definitions in {@link MoleculeMetrics} —
     * are the ones returned ({@link MolGan#atomTemperature()}, {@link MolGan#bondTemperature()}) — this screening nominates
     * the {@link #SELECTION_FINALISTS} best, and the one kept is the finalist with the best mean score on
     * {@link #SELECTION_SEEDS} further draws ({@link SeedAveragedSelection}). Only generated samples and the
     * training set are used, no held-out data; figures to report must come from fresh samples (another
     * seed), not from these.
     */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log, int selectEvery)
            throws MoleculeFormatException {
        return train(cfg, train, logEvery, log, selectEvery, SELECTION_SAMPLES);
    }

    /**
     * As {@link #train(MolGanConfig, List, int, Consumer, int)} with {@code selectSamples} samples per
     * selection step and temperature (uniqueness falls with the sample count: select with as many as
     * will be evaluated).
     */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log, int selectEvery,
            int selectSamples) throws MoleculeFormatException {
        return train(cfg, train, logEvery, log, selectEvery, selectSamples, SELECTION_SEEDS);
    }

    /**
     * As {@link #train(MolGanConfig, List, int, Consumer, int, int)}, selecting in two rounds
     * ({@link SeedAveragedSelection}): the screening above scores every checkpoint × temperature pair on
     * one draw; its {@link #SELECTION_FINALISTS} best are re-scored on {@code selectSeeds} fresh draws of
     * {@code selectSamples} each (seeds of their own, derived from the step), and the finalist with the
     * best mean re-score is kept. {@code selectSeeds = 0} keeps the screening's best (one draw).
     */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log, int selectEvery,
            int selectSamples, int selectSeeds) throws MoleculeFormatException {
        return train(cfg, train, logEvery, log, selectEvery, selectSamples, selectSeeds, Decoding.PLAIN);
    }

    /**
     * As {@link #train(MolGanConfig, List, int, Consumer, int, int, int)}, every selection draw decoded by
     * {@code decoding} (over {@link #MASKED_SELECTION_TEMPERATURES} unless plain), so the generator and
     * temperatures kept are the best ones for that decoding; the returned model samples with it by
     * default ({@link MolGan#decoding()}, saved with it).
     */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log, int selectEvery,
            int selectSamples, int selectSeeds, Decoding decoding) throws MoleculeFormatException {
        double[][] temperatures = decoding == Decoding.PLAIN ? SELECTION_TEMPERATURES : MASKED_SELECTION_TEMPERATURES;
        if (selectEvery > 0 && selectSamples < 1) {
            throw new IllegalArgumentException("model selection needs at least one sample per step, got " + selectSamples);
        }
        if (selectSeeds < 0) {
            throw new IllegalArgumentException("model selection re-scores on ≥ 0 seeds, got " + selectSeeds);
        }
        int finalistCount = selectSeeds == 0 ? 1 : SELECTION_FINALISTS;
        List<int[]> candidates = new ArrayList<>(); // {step, temperature index}
        List<Double> screening = new ArrayList<>();
        Map<Integer, Map<String, float[]>> checkpoints = new HashMap<>();
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
                for (int ti = 0; ti < temperatures.length; ti++) {
                    double[] t = temperatures[ti];
                    double[] m = selectionMetrics(gan, train, 1_000_003L * step, t[0], t[1], selectSamples, decoding);
                    if (log != null) {
                        System.out.printf(java.util.Locale.ROOT, "selection at step %d, temperature %.2f/%.2f: valid %.3f unique %.3f novel %.3f → score %.3f%n",
                                step, t[0], t[1], m[0], m[1], m[2], m[3]);
                    }
                    candidates.add(new int[] {step, ti});
                    screening.add(m[3]);
                }
                checkpoints.put(step, copy(g.namedWeights()));
                // keep only the weights of checkpoints that are still among the finalists
                java.util.Set<Integer> keep = new java.util.HashSet<>();
                for (int f : SeedAveragedSelection.finalists(scores(screening), finalistCount)) {
                    keep.add(candidates.get(f)[0]);
                }
                checkpoints.keySet().retainAll(keep);
                g.setTraining(true);
            }
            if (log != null && logEvery > 0 && (step % logEvery == 0 || step == cfg.steps())) {
                log.accept(new StepLog(step, sumD / logged, sumG / logged, sumR / logged, sumV / logged, sumValid / logged,
                        sumUnique / logged, (System.nanoTime() - t0) / 1e9));
                sumD = sumG = sumR = sumV = sumValid = sumUnique = 0;
                logged = 0;
            }
        }
        g.setTraining(false);
        if (!candidates.isEmpty()) {
            List<Integer> finalists = SeedAveragedSelection.finalists(scores(screening), finalistCount);
            int kept = finalists.get(0);
            double keptScore = screening.get(kept);
            if (selectSeeds > 0) {
                double[][] rescores = new double[finalists.size()][selectSeeds];
                for (int f = 0; f < finalists.size(); f++) {
                    int[] c = candidates.get(finalists.get(f));
                    double[] t = temperatures[c[1]];
                    load(g, checkpoints.get(c[0]));
                    for (int s = 0; s < selectSeeds; s++) {
                        rescores[f][s] = selectionMetrics(gan, train, 1_000_003L * c[0] + 1 + s, t[0], t[1], selectSamples, decoding)[3];
                    }
                    if (log != null) {
                        System.out.printf(java.util.Locale.ROOT, "finalist step %d, temperature %.2f/%.2f: screening %.3f, re-scores %s → mean %.3f%n",
                                c[0], t[0], t[1], screening.get(finalists.get(f)), java.util.Arrays.toString(rescores[f]),
                                SeedAveragedSelection.means(rescores)[f]);
                    }
                }
                int bestFinalist = SeedAveragedSelection.best(rescores);
                kept = finalists.get(bestFinalist);
                keptScore = SeedAveragedSelection.means(rescores)[bestFinalist];
            }
            int[] c = candidates.get(kept);
            double[] t = temperatures[c[1]];
            load(g, checkpoints.get(c[0]));
            gan.setSamplingTemperatures(t[0], t[1]);
            if (log != null) {
                System.out.printf(java.util.Locale.ROOT, "kept the generator of step %d at sampling temperatures %.2f (atoms), %.2f (bonds) (selection score %.3f%s)%n",
                        c[0], t[0], t[1], keptScore, selectSeeds > 0 ? ", mean of " + selectSeeds + " fresh draws" : "");
            }
        }
        gan.setDecoding(decoding);
        return gan;
    }

    private static double[] scores(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void load(GraphGenerator g, Map<String, float[]> weights) {
        for (Map.Entry<String, Tensor> e : g.namedWeights().entrySet()) {
            float[] v = weights.get(e.getKey());
            System.arraycopy(v, 0, e.getValue().storage(), e.getValue().offset(), v.length);
        }
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

    /**
     * Validity, uniqueness, novelty (the smaller of the two definitions) and the score
     * {@code min(validity / 0.9, uniqueness / 0.5, novelty / 0.8)} of {@code n} samples at the given
     * temperatures under {@code decoding}.
     */
    static double[] selectionMetrics(MolGan gan, List<String> train, long seed, double atomT, double bondT, int n, Decoding decoding) {
        List<String> smiles = new ArrayList<>();
        for (MolecularGraph mg : gan.sample(n, atomT, bondT, seed, decoding)) {
            smiles.add(mg.decode(gan.config().spec()).smiles());
        }
        double v = MoleculeMetrics.validity(smiles);
        double u = MoleculeMetrics.uniqueness(smiles);
        double nov = Math.min(MoleculeMetrics.novelty(smiles, train), MoleculeMetrics.noveltyPerSample(smiles, train));
        return new double[] {v, u, nov, Math.min(v / 0.9, Math.min(u / 0.5, nov / 0.8))};
    }

    private static Map<String, float[]> copy(Map<String, Tensor> weights) {
        Map<String, float[]> m = new HashMap<>();
        weights.forEach((k, v) -> m.put(k, v.toArray()));
        return m;
    }
}

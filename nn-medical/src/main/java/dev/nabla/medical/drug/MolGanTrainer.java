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
 *   L_R      = mean BCE(R(fake), y),  y = valid(fake) / copies of it in the batch
 *   L_G      = (1 − λ) · mean s(−D(fake)) + λ · mean s(−R(fake)) + μ · valence penalty(softmax G(z))
 * </pre>
 * Everything is seeded: one run with the same config on one thread gives the same weights.
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

    private MolGanTrainer() {
    }

    /** Trains a fresh {@link MolGan} on the canonical SMILES {@code train}, calling {@code log} every {@code logEvery} steps. */
    public static MolGan train(MolGanConfig cfg, List<String> train, int logEvery, Consumer<StepLog> log)
            throws MoleculeFormatException {
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
        Optimizer optD = new Adam(cfg.learningRate()).beta1(0.5);
        Optimizer optR = new Adam(cfg.learningRate()).beta1(0.5);
        List<Tensor> pg = g.trainableWeights();
        List<Tensor> pd = d.trainableWeights();
        List<Tensor> pr = r.trainableWeights();
        ValencePenalty valence = new ValencePenalty(spec);
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        long t0 = System.nanoTime();
        double sumD = 0, sumG = 0, sumR = 0, sumV = 0, sumValid = 0, sumUnique = 0;
        int logged = 0;
        g.setTraining(true);
        for (int step = 1; step <= cfg.steps(); step++) {
            int b = cfg.batchSize();
            List<MolecularGraph> batch = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                batch.add(real.get(rng.nextInt(real.size())));
            }
            GraphBatch realBatch = GraphBatch.of(batch, spec);
            GraphLogits logits = g.logits(Tensor.randn(rng, b, g.noiseDim()));
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
                target[i] = smiles.get(i) == null ? 0f : 1f / copies.get(smiles.get(i));
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
            Tensor pen = valence.of(logits.probabilities());
            if (cfg.valenceWeight() > 0) {
                lossG = lossG.add(pen.mul((float) cfg.valenceWeight()));
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
            if (log != null && logEvery > 0 && (step % logEvery == 0 || step == cfg.steps())) {
                log.accept(new StepLog(step, sumD / logged, sumG / logged, sumR / logged, sumV / logged, sumValid / logged,
                        sumUnique / logged, (System.nanoTime() - t0) / 1e9));
                sumD = sumG = sumR = sumV = sumValid = sumUnique = 0;
                logged = 0;
            }
        }
        g.setTraining(false);
        return gan;
    }
}

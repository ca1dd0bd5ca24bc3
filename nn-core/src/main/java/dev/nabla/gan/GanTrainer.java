package dev.nabla.gan;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.Dataset;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Layer;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.History;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Trains a generator {@code G} (noise {@code z ~ N(0, 1)} of {@code noiseDim} values → a sample) against
 * a discriminator {@code D} (a sample → one score per sample), alternating two phases, each with its
 * own optimizer:
 * <pre>
 *   D phase:  fakes = G(z), computed without a graph (detached)
 *             L_D = BCE(D(x_real), r) + BCE(D(fakes), 0)      r = real label: 1, or 0.9 with label smoothing
 *             step D's optimizer on D's weights only
 *   G phase:  L_G = BCE(D(G(z)), 1) = −(1/n) Σ log D(G(z))     (the non-saturating loss)
 *             step G's optimizer on G's weights only; D's gradients are cleared, not used
 * </pre>
 * With {@code r = 1}, {@code L_D = −V(D, G)} of {@link dev.nabla.formula.GanObjective} and {@code L_G}
 * is its {@code nonSaturatingGeneratorLoss}. By default D outputs a logit and BCE is taken from
 * logits (stable); {@link #discriminatorOutputsProbabilities()} switches to a D that ends in a sigmoid.
 *
 * <p>Each phase changes only its own network: besides the optimizer step, the other network's
 * non-trainable weights (batch-norm moving statistics, updated by the forward pass in training
 * mode) are put back as they were. {@link #fit} runs one D phase per batch of real data and one
 * G phase after every {@link #discriminatorSteps k}-th D phase; it records every step in
 * {@link #steps()} and returns the epoch means.
 *
 * <p>{@link #conditional(int) Conditional} GAN: the one-hot label is {@linkplain Conditioning#append
 * appended} to G's noise and to D's input; real samples bring their labels (the dataset's
 * targets, one-hot), fakes get labels drawn uniformly. {@link #generate(Tensor, Tensor)} then
 * makes samples of a chosen class.
 *
 * <p>Noise, fake labels and the shuffling order come from {@link #seed(long)}, so a run on one thread
 * is reproducible.
 */
public final class GanTrainer {
    private final Layer generator;
    private final Layer discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final int noiseDim;
    private int discriminatorSteps = 1;
    private double realLabel = 1;
    private boolean fromLogits = true;
    private int classes;
    private long seed = 42;
    private SplittableRandom random = new SplittableRandom(seed);
    private final List<GanCallback> callbacks = new ArrayList<>();
    private final History steps = new History();
    private int epochsTrained;
    private long dSteps;
    private boolean checkedSharing;

    /**
     * A trainer for {@code generator} (input {@code (batch, noiseDim)}, or {@code noiseDim + classes} when
     * conditional) and {@code discriminator} (output {@code (batch, 1)}), each updated by its own optimizer.
     *
     * @throws IllegalArgumentException if an argument is null, the two networks or the two optimizers are
     *                                  the same object, or {@code noiseDim < 1}
     */
    public GanTrainer(Layer generator, Layer discriminator, Optimizer generatorOptimizer,
                      Optimizer discriminatorOptimizer, int noiseDim) {
        require(generator != null && discriminator != null, "expected a generator and a discriminator, got "
                + (generator == null ? "no generator" : "no discriminator"));
        require(generator != discriminator, "the generator and the discriminator must be two different networks, got "
                + "the same layer " + generator + " twice");
        require(generatorOptimizer != null && discriminatorOptimizer != null, "expected one optimizer per network, got "
                + (generatorOptimizer == null ? "no generator optimizer" : "no discriminator optimizer"));
        require(generatorOptimizer != discriminatorOptimizer, "the generator and the discriminator need separate "
                + "optimizers (each keeps its own moments and step count), got the same " + generatorOptimizer
                + " twice");
        require(noiseDim >= 1, "noiseDim must be ≥ 1, got " + noiseDim);
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.noiseDim = noiseDim;
    }

    // ------------------------------------------------------------------ settings

    /** D phases per G phase in {@link #fit} ({@code k ≥ 1}, default 1). */
    public GanTrainer discriminatorSteps(int k) {
        require(k >= 1, "discriminatorSteps must be ≥ 1 (D phases per G phase), got " + k);
        this.discriminatorSteps = k;
        return this;
    }

    /** The target for real samples in the D loss: 1 (default), or e.g. 0.9 for one-sided label smoothing. */
    public GanTrainer realLabel(double label) {
        require(label > 0 && label <= 1, "realLabel must be in (0, 1] (1, or e.g. 0.9 to smooth), got " + label);
        this.realLabel = label;
        return this;
    }

    /** For a discriminator that outputs {@code D(x)} in [0, 1] (ends in a sigmoid) instead of a logit. */
    public GanTrainer discriminatorOutputsProbabilities() {
        this.fromLogits = false;
        return this;
    }

    /** Makes a conditional GAN over {@code classes} (≥ 2) labels; see the class comment. */
    public GanTrainer conditional(int classes) {
        require(classes >= 2, "a conditional GAN needs at least 2 classes, got " + classes);
        this.classes = classes;
        return this;
    }

    /** Seeds the noise, the fake labels and the shuffling (default 42); restarts the noise stream. */
    public GanTrainer seed(long value) {
        this.seed = value;
        this.random = new SplittableRandom(value);
        return this;
    }

    /** Adds callbacks run after each epoch of {@link #fit}. */
    public GanTrainer callbacks(GanCallback... more) {
        for (GanCallback c : more) {
            require(c != null, "a callback must not be null");
            callbacks.add(c);
        }
        return this;
    }

    public Layer generator() {
        return generator;
    }

    public Layer discriminator() {
        return discriminator;
    }

    public int noiseDim() {
        return noiseDim;
    }

    /** The number of classes of a conditional GAN, 0 if unconditional. */
    public int classes() {
        return classes;
    }

    /** Every step so far: {@code d_loss}, {@code d_real}, {@code d_fake} per D phase, {@code g_loss} per G phase. */
    public History steps() {
        return steps;
    }

    // ------------------------------------------------------------------ training

    /**
     * Trains for {@code epochs} passes over {@code real} in shuffled batches of {@code batchSize} (the
     * last incomplete batch is dropped) and returns the epoch means of {@code d_loss}, {@code g_loss},
     * {@code d_real} and {@code d_fake} (mean D output, as a probability, on real and fake samples).
     * For a conditional GAN the dataset's targets are the one-hot labels.
     */
    public History fit(Dataset real, int epochs, int batchSize) {
        require(real != null, "fit: expected a dataset of real samples, got null");
        require(epochs >= 1, "fit: epochs must be ≥ 1, got " + epochs);
        require(batchSize >= 1, "fit: batchSize must be ≥ 1, got " + batchSize);
        require(real.size() >= batchSize, "fit: " + real.size() + " real samples make no full batch of " + batchSize);
        History history = new History();
        boolean gWas = generator.isTraining();
        boolean dWas = discriminator.isTraining();
        try {
            for (int e = 0; e < epochs; e++) {
                int epoch = epochsTrained;
                SplittableRandom shuffle = new SplittableRandom(seed + (epoch + 1) * 0x9E3779B97F4A7C15L);
                Map<String, double[]> sums = new LinkedHashMap<>();
                for (Batch batch : real.batches(batchSize, shuffle, true)) {
                    Map<String, Double> d = discriminatorStep(batch.x(), classes > 0 ? batch.y() : null);
                    d.forEach((k, v) -> add(sums, k, v));
                    if (dSteps % discriminatorSteps == 0) {
                        add(sums, "g_loss", generatorStep(batch.size()));
                    }
                }
                Map<String, Double> logs = new LinkedHashMap<>();
                for (String key : List.of("d_loss", "g_loss", "d_real", "d_fake")) {
                    double[] s = sums.get(key);
                    logs.put(key, s == null ? Double.NaN : s[0] / s[1]);
                }
                history.record(logs);
                epochsTrained++;
                Map<String, Double> view = Collections.unmodifiableMap(logs);
                callbacks.forEach(c -> c.onEpochEnd(this, epoch, view));
            }
        } finally {
            generator.setTraining(gWas);
            discriminator.setTraining(dWas);
        }
        return history;
    }

    /**
     * One D phase on a batch of real samples ({@code labels}: their one-hot labels if conditional, else
     * null): updates only the discriminator. Returns {@code d_loss}, {@code d_real} and {@code d_fake}
     * (also appended to {@link #steps()}).
     */
    public Map<String, Double> discriminatorStep(Tensor realBatch, Tensor labels) {
        require(realBatch != null && realBatch.rank() >= 2, "discriminatorStep: expected a batch of real samples "
                + "(batch, …), got " + (realBatch == null ? "null" : Shape.format(realBatch.shape())));
        int n = realBatch.size(0);
        checkLabels("discriminatorStep", labels, n);
        buildIfNeeded(realBatch);
        generator.setTraining(true);
        discriminator.setTraining(true);
        Tensor fakeLabels = classes > 0 ? randomLabels(n) : null;
        Tensor fakes;
        StateSnapshot gState = StateSnapshot.of(generator.nonTrainableWeights());
        try (Grad.Scope off = Grad.off()) {
            fakes = generator.call(generatorInput(noise(n), fakeLabels));
        }
        gState.restore();
        Tensor realOut = discriminator.call(discriminatorInput(realBatch, labels));
        Tensor fakeOut = discriminator.call(discriminatorInput(fakes, fakeLabels));
        checkOutput(realOut, n);
        Tensor loss = bce().compute(realOut, Tensor.full((float) realLabel, n, 1))
                .add(bce().compute(fakeOut, Tensor.zeros(n, 1)));
        float value = finite(loss, "discriminator");
        List<Tensor> dParams = discriminator.trainableWeights();
        discriminatorOptimizer.zeroGrad(dParams);
        loss.backward();
        discriminatorOptimizer.step(dParams);
        discriminatorOptimizer.zeroGrad(dParams);
        dSteps++;
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("d_loss", (double) value);
        logs.put("d_real", meanProbability(realOut));
        logs.put("d_fake", meanProbability(fakeOut));
        steps.record(logs);
        return logs;
    }

    /**
     * One G phase on {@code n} fresh noise vectors (with random labels if conditional): updates only the
     * generator with the non-saturating loss. Returns {@code g_loss} (also appended to {@link #steps()}).
     */
    public double generatorStep(int n) {
        require(n >= 1, "generatorStep: the batch size must be ≥ 1, got " + n);
        require(discriminator.isBuilt(), "generatorStep: the discriminator is not built yet; run a "
                + "discriminatorStep first or build it for the sample shape");
        generator.setTraining(true);
        discriminator.setTraining(true);
        Tensor labels = classes > 0 ? randomLabels(n) : null;
        StateSnapshot dState = StateSnapshot.of(discriminator.nonTrainableWeights());
        Tensor fakes = generator.call(generatorInput(noise(n), labels));
        Tensor out = discriminator.call(discriminatorInput(fakes, labels));
        dState.restore();
        checkOutput(out, n);
        Tensor loss = bce().compute(out, Tensor.ones(n, 1));
        float value = finite(loss, "generator");
        List<Tensor> gParams = generator.trainableWeights();
        List<Tensor> dParams = discriminator.trainableWeights();
        generatorOptimizer.zeroGrad(gParams);
        discriminatorOptimizer.zeroGrad(dParams);
        loss.backward();
        generatorOptimizer.step(gParams);
        generatorOptimizer.zeroGrad(gParams);
        discriminatorOptimizer.zeroGrad(dParams); // D's gradients from this phase are thrown away
        steps.record(Map.of("g_loss", (double) value));
        return value;
    }

    // ------------------------------------------------------------------ sampling

    /** {@code n} noise vectors {@code z ~ N(0, 1)}, shape {@code (n, noiseDim)}, from the trainer's stream. */
    public Tensor noise(int n) {
        require(n >= 1, "noise: the number of samples must be ≥ 1, got " + n);
        return Tensor.randn(random, n, noiseDim);
    }

    /**
     * {@code G(z)} in inference mode, without a graph. {@code labels}: one-hot {@code (n, classes)} for a
     * conditional GAN (the classes to draw), null otherwise.
     */
    public Tensor generate(Tensor z, Tensor labels) {
        require(z != null && z.rank() == 2 && z.size(1) == noiseDim, "generate: expected noise (n, " + noiseDim
                + "), got " + (z == null ? "null" : Shape.format(z.shape())));
        checkLabels("generate", labels, z.size(0));
        boolean was = generator.isTraining();
        generator.setTraining(false);
        try (Grad.Scope off = Grad.off()) {
            return generator.call(generatorInput(z, labels));
        } finally {
            generator.setTraining(was);
        }
    }

    /** {@code n} samples from fresh noise (unconditional GAN). */
    public Tensor generate(int n) {
        require(classes == 0, "generate(n): this GAN is conditional; pass the labels with generate(z, labels)");
        return generate(noise(n), null);
    }

    // ------------------------------------------------------------------ helpers

    private Tensor generatorInput(Tensor z, Tensor labels) {
        return labels == null ? z : Conditioning.append(z, labels);
    }

    private Tensor discriminatorInput(Tensor x, Tensor labels) {
        return labels == null ? x : Conditioning.append(x, labels);
    }

    private void buildIfNeeded(Tensor realBatch) {
        if (!generator.isBuilt()) {
            generator.build(noiseDim + classes);
        }
        if (!discriminator.isBuilt()) {
            int[] sample = Arrays.copyOfRange(realBatch.shape(), 1, realBatch.rank());
            if (classes > 0) {
                sample[0] += classes;
            }
            discriminator.build(sample);
        }
        if (checkedSharing) {
            return;
        }
        Set<Tensor> gWeights = Collections.newSetFromMap(new IdentityHashMap<>());
        gWeights.addAll(generator.namedWeights().values());
        for (Tensor w : discriminator.namedWeights().values()) {
            require(!gWeights.contains(w), "the generator and the discriminator share a weight; each phase must "
                    + "update one network only");
        }
        checkedSharing = true;
    }

    private Tensor randomLabels(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(classes);
        }
        return Dataset.oneHot(ids, classes);
    }

    private void checkLabels(String fn, Tensor labels, int n) {
        if (classes == 0) {
            require(labels == null, fn + ": this GAN is not conditional, but labels were given; call conditional(classes)");
            return;
        }
        require(labels != null, fn + ": this GAN is conditional on " + classes + " classes; expected one-hot labels ("
                + n + ", " + classes + "), got null");
        require(labels.rank() == 2 && labels.size(0) == n && labels.size(1) == classes, fn + ": expected one-hot labels ("
                + n + ", " + classes + "), got " + Shape.format(labels.shape()));
    }

    private void checkOutput(Tensor out, int n) {
        if (out.rank() != 2 || out.size(0) != n || out.size(1) != 1) {
            throw new IllegalArgumentException("GanTrainer: the discriminator must output one score per sample, ("
                    + n + ", 1), got " + Shape.format(out.shape()));
        }
    }

    private Loss bce() {
        return Losses.binaryCrossentropy(fromLogits);
    }

    private double meanProbability(Tensor out) {
        float[] v = out.toArray();
        double s = 0;
        for (float o : v) {
            s += fromLogits ? 1 / (1 + Math.exp(-o)) : o;
        }
        return s / v.length;
    }

    private float finite(Tensor loss, String phase) {
        float v = loss.item();
        if (!Float.isFinite(v)) {
            throw new IllegalStateException("GanTrainer: the " + phase + " loss became " + v + " after "
                    + dSteps + " discriminator steps; lower the learning rates or check the data for NaN");
        }
        return v;
    }

    private static void add(Map<String, double[]> sums, String key, double v) {
        double[] s = sums.computeIfAbsent(key, k -> new double[2]);
        s[0] += v;
        s[1]++;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("GanTrainer: " + message);
        }
    }
}

package dev.nabla.medical.privacy;

import dev.nabla.data.Batch;
import dev.nabla.loss.PerSampleLoss;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.train.BatchGradients;
import dev.nabla.train.Fit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DP-SGD through {@code Model.fit}, so private training keeps callbacks, the progress bar, validation,
 * {@code History} and checkpoints:
 * <pre>
 *     model.compile(new SGD(0.15).momentum(0.9), Losses.categoricalCrossentropy(), Metrics.accuracy());
 *     DpFit dp = new DpFit(1.0, 1.1, Sampling.POISSON, 1e-5, 43);        // C, σ, sampling, δ, noise seed
 *     History h = model.fit(train, dp.applyTo(Fit.epochs(4).batchSize(256).seed(42).validation(test)
 *             .callbacks(new EarlyStopping("val_loss", 2))));
 *     h.get("epsilon");   // ε at δ after each epoch
 * </pre>
 * {@link #applyTo} makes the fit draw its batches with {@code sampling} ({@link Sampling} is an nn-core
 * {@code BatchSampler}; rate {@code q = batchSize / n}) and form each batch's gradient with
 * {@link DpGradient} (per-example clipping to C, Gaussian noise σC, divided by the expected batch size); the
 * model's compiled optimizer then steps. Every step is recorded in an {@link RdpAccountant} with the analysis
 * of the sampling (Poisson, or without replacement for {@link Sampling#FIXED_SIZE}), and each epoch's logs
 * gain {@code epsilon}, {@code delta}, {@code clipped_fraction} and {@code steps}. The accountant lives in this
 * object, so ε keeps adding up over several {@code fit} calls with the same {@code DpFit}.
 *
 * <p>The model must be a {@link Sequential} of layers {@link PerExampleGradients} supports, compiled with a
 * per-example loss; sample weights are refused (they would change each example's sensitivity). The
 * {@code loss} in the logs is the mean per-example loss over the epoch's batches; training metrics are
 * computed from the same forward pass.
 */
public final class DpFit implements BatchGradients {
    private final DpGradient gradient;
    private final Sampling sampling;
    private final double delta;
    private final RdpAccountant accountant = new RdpAccountant();
    private boolean noiseless;
    private long steps;
    private int batchSize;
    private double q = Double.NaN;
    private double clippedSum;
    private int counted;

    /**
     * @param clipNorm        C &gt; 0, the per-example L2 bound
     * @param noiseMultiplier σ ≥ 0 (0: no privacy, ε = ∞)
     * @param sampling        how batches are drawn, and so which RDP analysis applies
     * @param delta           the δ at which ε is reported
     * @param noiseSeed       seed of the Gaussian noise (the batch draws use the fit's seed)
     */
    public DpFit(double clipNorm, double noiseMultiplier, Sampling sampling, double delta, long noiseSeed) {
        if (sampling == null) {
            throw new IllegalArgumentException("DpFit: sampling must not be null");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("DpFit: δ must be in (0, 1), got " + delta);
        }
        this.gradient = new DpGradient(clipNorm, noiseMultiplier, noiseSeed);
        this.sampling = sampling;
        this.delta = delta;
    }

    /** Sets {@code fit}'s batch sampler to this sampling and its batch gradients to DP-SGD's; returns {@code fit}. */
    public Fit applyTo(Fit fit) {
        return fit.batchSampler(sampling).batchGradients(this);
    }

    /** The accountant holding every noisy step taken so far. */
    public RdpAccountant accountant() {
        return accountant;
    }

    /** The privacy spent so far at this object's δ (ε = ∞ once a step ran without noise). */
    public PrivacySpent spent() {
        if (noiseless) {
            return new PrivacySpent(Double.POSITIVE_INFINITY, delta, Double.NaN);
        }
        return accountant.epsilon(delta);
    }

    /** The number of DP-SGD steps taken so far (over all fit calls). */
    public long steps() {
        return steps;
    }

    @Override
    public void begin(Model model, int trainSize, Fit fit) {
        if (!(model instanceof Sequential)) {
            throw new IllegalArgumentException("DpFit: per-example gradients need a Sequential model, got "
                    + model.getClass().getSimpleName());
        }
        if (!(model.loss() instanceof PerSampleLoss)) {
            throw new IllegalArgumentException("DpFit: the model's loss must be defined per example (a PerSampleLoss), got "
                    + model.loss());
        }
        if (fit.batchSampler() != sampling) {
            throw new IllegalStateException("DpFit: the fit draws batches with " + fit.batchSampler() + " but ε is "
                    + "accounted for " + sampling + " sampling; configure the fit with dpFit.applyTo(fit)");
        }
        if (fit.batchSize() > trainSize) {
            throw new IllegalArgumentException("DpFit: batch size " + fit.batchSize() + " exceeds the " + trainSize
                    + " training examples");
        }
        batchSize = fit.batchSize();
        q = (double) batchSize / trainSize;
    }

    @Override
    public Result compute(Model model, Batch batch) {
        if (Double.isNaN(q)) {
            throw new IllegalStateException("DpFit: compute before begin; configure the fit with dpFit.applyTo(fit)");
        }
        if (batch != null && batch.sampleWeights() != null) {
            throw new IllegalArgumentException("DpFit: sample weights are not supported with DP-SGD (they change each "
                    + "example's sensitivity); give a data set without them");
        }
        DpGradient.Result r = batch == null
                ? gradient.apply((Sequential) model, model.loss(), null, null, batchSize)
                : gradient.apply((Sequential) model, model.loss(), batch.x(), batch.y(), batchSize);
        if (gradient.noiseMultiplier() > 0) {
            accountant.step(sampling, q, gradient.noiseMultiplier(), 1);
        } else {
            noiseless = true;
        }
        steps++;
        if (r.batchSize() > 0) {
            clippedSum += r.clippedFraction();
            counted++;
        }
        return new Result(r.loss(), r.batchSize(), r.outputs());
    }

    @Override
    public Map<String, Double> epochLogs(Model model, int epoch) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("clipped_fraction", counted == 0 ? 0.0 : clippedSum / counted);
        logs.put("epsilon", spent().epsilon());
        logs.put("delta", delta);
        logs.put("steps", (double) steps);
        clippedSum = 0;
        counted = 0;
        return logs;
    }

    @Override
    public String toString() {
        return "DpFit(" + gradient + ", " + sampling + " sampling, δ = " + delta + ")";
    }
}

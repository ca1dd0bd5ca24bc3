package dev.nabla.medical.privacy;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Sequential;
import dev.nabla.train.Callback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A DP-SGD training loop: draws batches with a {@link Sampling}, takes {@link DpSgd} steps, records every
 * step in an {@link RdpAccountant} (rate {@code q = batchSize / n}, the step's σ, and the analysis of the
 * sampling: Poisson, or without replacement for {@link Sampling#FIXED_SIZE}) and, after each epoch,
 * calls the {@link Callback}s with logs {@code loss}, {@code clipped_fraction}, {@code epsilon}, {@code delta},
 * {@code steps} and, with validation data, {@code val_accuracy}. {@link EpsilonLogger} prints them.
 */
public final class DpTrainer {
    private final Sequential model;
    private final Loss loss;
    private final DpSgd dp;
    private final Sampling sampling;
    private final int batchSize;
    private final double delta;
    private final SplittableRandom rng;
    private final RdpAccountant accountant = new RdpAccountant();
    private boolean noiseless;

    /**
     * @param sampling  how batches are drawn
     * @param batchSize the (expected) batch size; {@code q = batchSize / n}
     * @param delta     the δ at which ε is reported
     * @param seed      seed of the batch sampling
     */
    public DpTrainer(Sequential model, Loss loss, DpSgd dp, Sampling sampling, int batchSize, double delta, long seed) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("DpTrainer: δ must be in (0, 1), got " + delta);
        }
        this.model = model;
        this.loss = loss;
        this.dp = dp;
        this.sampling = sampling;
        this.batchSize = batchSize;
        this.delta = delta;
        this.rng = new SplittableRandom(seed);
    }

    /** The accountant holding every step taken so far. */
    public RdpAccountant accountant() {
        return accountant;
    }

    /** The privacy spent so far at this trainer's δ (ε = ∞ once a step ran without noise). */
    public PrivacySpent spent() {
        if (noiseless) {
            return new PrivacySpent(Double.POSITIVE_INFINITY, delta, Double.NaN);
        }
        return accountant.epsilon(delta);
    }

    /** Trains for {@code epochs} passes; returns each epoch's logs. {@code validation} may be null. */
    public List<Map<String, Double>> fit(Dataset train, int epochs, Dataset validation, Callback... callbacks) {
        int n = train.size();
        double q = (double) batchSize / n;
        List<Map<String, Double>> history = new ArrayList<>();
        for (Callback c : callbacks) {
            c.onTrainBegin(model);
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Callback c : callbacks) {
                c.onEpochBegin(model, epoch);
            }
            double lossSum = 0;
            double clipSum = 0;
            int counted = 0;
            int batchIndex = 0;
            for (int[] idx : sampling.epoch(n, batchSize, rng)) {
                Map<String, Double> r = idx.length == 0
                        ? dp.step(model, loss, null, null, batchSize)
                        : dp.step(model, loss, Accuracy.rows(train.x(), idx), Accuracy.rows(train.y(), idx), batchSize);
                if (dp.noiseMultiplier() > 0) {
                    accountant.step(sampling, q, dp.noiseMultiplier(), 1);
                } else {
                    noiseless = true;
                }
                if (idx.length > 0) {
                    lossSum += r.get("loss");
                    clipSum += r.get("clipped_fraction");
                    counted++;
                }
                Map<String, Double> running = new LinkedHashMap<>();
                running.put("loss", lossSum / Math.max(1, counted));
                for (Callback c : callbacks) {
                    c.onBatchEnd(model, batchIndex, running);
                }
                batchIndex++;
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / Math.max(1, counted));
            logs.put("clipped_fraction", clipSum / Math.max(1, counted));
            PrivacySpent spent = spent();
            logs.put("epsilon", spent.epsilon());
            logs.put("delta", delta);
            logs.put("steps", (double) (epoch + 1) * (n / batchSize));
            if (validation != null) {
                logs.put("val_accuracy", Accuracy.of(model, validation));
            }
            history.add(logs);
            for (Callback c : callbacks) {
                c.onEpochEnd(model, epoch, logs);
            }
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(model);
        }
        return history;
    }
}

package dev.nabla.medical.privacy;

import dev.nabla.loss.Loss;
import dev.nabla.nn.Sequential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Federated averaging (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from
 * Decentralized Data", Algorithm 1). Each round the server sends the global weights {@code w} to every
 * {@link Site} (or a seeded fraction of them), each runs {@code E} local epochs of minibatch SGD and returns
 * {@code w_k}; the server sets
 * <pre>
 *     w ← Σ_k (n_k / n) · w_k          (n_k = examples at site k, n = Σ n_k over the round's sites)
 * </pre>
 * Only weights and counts cross the site boundary (see {@link Site}).
 *
 * <p><b>Optional DP on the updates</b> ({@link #withUpdateNoise}, after McMahan et al. 2018, DP-FedAvg): each
 * site's update {@code Δ_k = w_k − w} is clipped to L2 norm {@code S}, the server forms {@code Σ_k (n_k/n) Δ_k} and
 * adds {@code N(0, (σ · S · max_k n_k/n)²)} per coordinate — the largest change one site can make to the average.
 * This protects whole sites (site-level DP); with all sites in every round there is no sampling
 * amplification, and {@link #spent} accounts it as the Gaussian mechanism with {@code q} = the fraction of sites
 * per round.
 */
public final class FederatedAveraging {
    private final Supplier<Sequential> architecture;
    private final int[] sampleShape;
    private final Loss loss;
    private final List<Site> sites;
    private final SplittableRandom rng;
    private float[][] global;
    private double learningRate = 0.05;
    private int localEpochs = 1;
    private int localBatchSize = 32;
    private double fraction = 1.0;
    private double clip = Double.NaN;
    private double sigma;
    private final RdpAccountant accountant = new RdpAccountant();

    /**
     * @param architecture builds a fresh, unbuilt model of the shared architecture (called at the server and
     *                     at each site every round)
     * @param sampleShape  one example's shape (no batch axis)
     * @param seed         seeds the initial weights (via the model's seed), site selection and update noise
     */
    public FederatedAveraging(Supplier<Sequential> architecture, int[] sampleShape, Loss loss, List<Site> sites, long seed) {
        if (sites == null || sites.isEmpty()) {
            throw new IllegalArgumentException("FederatedAveraging: needs at least one site");
        }
        this.architecture = architecture;
        this.sampleShape = sampleShape.clone();
        this.loss = loss;
        this.sites = List.copyOf(sites);
        this.rng = new SplittableRandom(seed);
        Sequential init = architecture.get();
        init.build(sampleShape);
        this.global = ModelWeights.get(init);
    }

    /** Local SGD step size; default 0.05. */
    public FederatedAveraging learningRate(double lr) {
        this.learningRate = lr;
        return this;
    }

    /** Local epochs E per round; default 1. */
    public FederatedAveraging localEpochs(int epochs) {
        this.localEpochs = epochs;
        return this;
    }

    /** Local batch size B ({@link Integer#MAX_VALUE}: full batch, FedSGD when E = 1); default 32. */
    public FederatedAveraging localBatchSize(int batchSize) {
        this.localBatchSize = batchSize;
        return this;
    }

    /** The fraction C of sites taking part in each round (at least one); default 1. */
    public FederatedAveraging fraction(double c) {
        if (!(c > 0 && c <= 1)) {
            throw new IllegalArgumentException("FederatedAveraging: site fraction must be in (0, 1], got " + c);
        }
        this.fraction = c;
        return this;
    }

    /** Clips each site's update to L2 norm {@code clipNorm} and adds noise σ·S·max(n_k/n) to the average. */
    public FederatedAveraging withUpdateNoise(double clipNorm, double noiseMultiplier) {
        if (!(clipNorm > 0) || !(noiseMultiplier >= 0)) {
            throw new IllegalArgumentException("FederatedAveraging: need clip norm > 0 and σ ≥ 0, got " + clipNorm
                    + ", " + noiseMultiplier);
        }
        this.clip = clipNorm;
        this.sigma = noiseMultiplier;
        return this;
    }

    /** Runs one round; returns {@code sites} (how many took part) and {@code examples}. */
    public Map<String, Double> round() {
        List<Site> chosen = choose();
        List<Site.Update> updates = new ArrayList<>();
        for (Site s : chosen) {
            updates.add(s.train(architecture, sampleShape, ModelWeights.copy(global), loss, learningRate, localEpochs,
                    localBatchSize));
        }
        long n = 0;
        long maxK = 0;
        for (Site.Update u : updates) {
            n += u.examples();
            maxK = Math.max(maxK, u.examples());
        }
        float[][] next = new float[global.length][];
        for (int p = 0; p < global.length; p++) {
            next[p] = new float[global[p].length];
        }
        for (Site.Update u : updates) {
            double weight = (double) u.examples() / n;
            double scale = 1;
            if (!Double.isNaN(clip)) {
                double norm = 0;
                for (int p = 0; p < global.length; p++) {
                    for (int i = 0; i < global[p].length; i++) {
                        double d = u.weights()[p][i] - global[p][i];
                        norm += d * d;
                    }
                }
                scale = Math.min(1, clip / (Math.sqrt(norm) + 1e-12));
            }
            for (int p = 0; p < global.length; p++) {
                float[] g = global[p];
                float[] w = u.weights()[p];
                float[] out = next[p];
                for (int i = 0; i < g.length; i++) {
                    out[i] += (float) (weight * scale * (w[i] - g[i]));
                }
            }
        }
        double std = Double.isNaN(clip) ? 0 : sigma * clip * maxK / n;
        for (int p = 0; p < global.length; p++) {
            for (int i = 0; i < global[p].length; i++) {
                double noise = std > 0 ? std * rng.nextGaussian() : 0;
                next[p][i] = (float) (global[p][i] + next[p][i] + noise);
            }
        }
        global = next;
        if (!Double.isNaN(clip) && sigma > 0) {
            accountant.step((double) chosen.size() / sites.size(), sigma, 1);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("sites", (double) chosen.size());
        out.put("examples", (double) n);
        return out;
    }

    /** Site-level privacy spent by the noisy rounds so far (ε = ∞ if update noise is off). */
    public PrivacySpent spent(double delta) {
        if (Double.isNaN(clip) || sigma == 0) {
            return new PrivacySpent(Double.POSITIVE_INFINITY, delta, Double.NaN);
        }
        return accountant.epsilon(delta);
    }

    /** A model of the shared architecture holding the current global weights. */
    public Sequential globalModel() {
        Sequential m = architecture.get();
        m.build(sampleShape);
        ModelWeights.set(m, global);
        return m;
    }

    /** A copy of the current global weights. */
    public float[][] globalWeights() {
        return ModelWeights.copy(global);
    }

    /** The participating sites. */
    public List<Site> sites() {
        return sites;
    }

    private List<Site> choose() {
        int m = Math.max(1, (int) Math.round(fraction * sites.size()));
        if (m == sites.size()) {
            return sites;
        }
        List<Site> pool = new ArrayList<>(sites);
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            out.add(pool.remove(rng.nextInt(pool.size())));
        }
        return out;
    }
}

package dev.nabla.medical.privacy;

import java.util.Arrays;

/**
 * Rényi differential privacy (RDP) accountant for the sampled Gaussian mechanism (SGM), the mechanism
 * DP-SGD applies at every step: each example enters the batch with probability {@code q} (Poisson
 * sampling), the clipped per-example gradients (L2 sensitivity C) are summed and Gaussian noise
 * {@code N(0, σ²C²)} is added.
 *
 * <p><b>RDP of one step</b> (Mironov, Talwar, Zhang 2019, "Rényi Differential Privacy of the Sampled
 * Gaussian Mechanism", Sections 3.3–3.4): {@code ε_RDP(α) = log(A_α) / (α − 1)} with, for integer α,
 * <pre>
 *     A_α = Σ_{i=0..α} C(α, i) · (1 − q)^(α−i) · q^i · exp((i² − i) / (2σ²))
 * </pre>
 * and, for fractional α, the two-sided series with complementary error functions split at
 * {@code z₀ = σ²·log(1/q − 1) + 1/2}. All sums are done in log space. With {@code q = 1} it is the
 * plain Gaussian mechanism {@code α / (2σ²)}. RDP composes additively over steps (Mironov 2017, Prop. 1).
 *
 * <p><b>Sampling without replacement</b> ({@link Sampling#FIXED_SIZE}: batches of exactly {@code m = q·n}
 * examples, neighbouring data sets differ by <em>replacing</em> one record, n public): Wang, Balle,
 * Kasiviswanathan 2019, "Subsampled Rényi Differential Privacy and Analytical Moments Accountant" (AISTATS),
 * the bound of Theorem 27 in arXiv:1808.00087 (strengthened for the subsampled Gaussian mechanism), as
 * implemented by TensorFlow Privacy / {@code dp_accounting} in {@code _compute_rdp_sample_wor_gaussian}. With the Gaussian mechanism's
 * cumulant generating function {@code K(λ) = λ(λ+1)/(2σ²)} (its RDP at order λ+1, times λ) and
 * {@code f(x) = x/(2σ²)}, for integer α ≥ 2
 * <pre>
 *     log A_α = log( 1 + q² C(α,2) · min(4(e^{f(2)} − 1), 2e^{f(2)})
 *                      + Σ_{j=3..α} q^j C(α,j) · min(4·√(|Δ^{2⌊j/2⌋−1}|·|Δ^{2⌈j/2⌉−1}|), 2e^{K(j−1)}) )
 * </pre>
 * where {@code Δ^k} is the k-th forward difference at 0 of the sequence {@code (1, e^{K(0)}, e^{K(1)}, …)}
 * (computed in log space with signs, as the reference does); for α &gt; 256 the forward-difference term is
 * dropped (only {@code 2e^{K(j−1)}}, O(α)). {@code ε_RDP(α) = log A_α / (α − 1)}. For fractional α the
 * bound interpolates linearly between ⌊α⌋ and ⌈α⌉ (their Corollary 10):
 * {@code ε_RDP(α) = ((1−t)·log A_⌊α⌋ + t·log A_⌈α⌉) / (α − 1)}, {@code t = α − ⌊α⌋}, with
 * {@code log A_1 = 0}. This is a bound under the replace-one relation, which is about twice as strong a
 * change as add/remove-one, so ε comes out larger than Poisson's for the same q and σ. An accountant holds
 * steps of one sampling only (the two neighbouring relations do not compose).
 *
 * <p><b>Conversion to (ε, δ)</b>: the improved bound used by TensorFlow Privacy's
 * {@code rdp_accountant.get_privacy_spent} (since 2020) and Opacus's {@code analysis/rdp.get_privacy_spent}
 * (Balle et al. 2020, "Hypothesis testing interpretations and Rényi DP", Prop. 12; Canonne, Kamath,
 * Steinke 2020, eq. 20):
 * <pre>
 *     ε = min_α [ ε_RDP(α) + log(1 − 1/α) − (log δ + log α) / (α − 1) ]
 * </pre>
 * (orders α ≤ 1.01 are skipped as numerically unstable, as the references do). {@link #classicEpsilon}
 * gives Mironov 2017's original Prop. 3, {@code ε = min_α ε_RDP(α) + log(1/δ)/(α − 1)}, which is what the
 * DP-SGD paper era tools reported.
 *
 * <p>Usage: {@code new RdpAccountant().step(q, σ, steps).epsilon(1e-5)}. The accountant is mutable and
 * accumulates steps; it is not thread-safe.
 */
public final class RdpAccountant {
    /**
     * The orders of TensorFlow Privacy's {@code compute_dp_sgd_privacy_lib}:
     * 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5..63, 128, 256, 512.
     */
    public static final double[] DEFAULT_ORDERS = defaultOrders();

    /** Opacus's {@code DEFAULT_ALPHAS}: 1.1, 1.2, …, 10.9, then 12..63. */
    public static final double[] OPACUS_ORDERS = opacusOrders();

    private final double[] orders;
    private final double[] rdp;
    private long steps;
    private Sampling sampling;
    // The per-step RDP of the last (sampling, q, σ), reused: DP-SGD records one step at a time.
    private Sampling cachedSampling;
    private double cachedQ = Double.NaN;
    private double cachedSigma = Double.NaN;
    private double[] cachedRdp;

    /** An accountant over {@link #DEFAULT_ORDERS}, with nothing spent yet. */
    public RdpAccountant() {
        this(DEFAULT_ORDERS);
    }

    /** An accountant over the given orders (each &gt; 1, finite), with nothing spent yet. */
    public RdpAccountant(double[] orders) {
        if (orders == null || orders.length == 0) {
            throw new IllegalArgumentException("RdpAccountant: at least one Rényi order is needed");
        }
        for (double a : orders) {
            if (!(a > 1) || Double.isInfinite(a)) {
                throw new IllegalArgumentException("RdpAccountant: Rényi orders must be finite and > 1, got " + a);
            }
        }
        this.orders = orders.clone();
        this.rdp = new double[orders.length];
    }

    /**
     * Records {@code count} steps of the sampled Gaussian mechanism with sampling rate {@code q} (0..1)
     * and noise multiplier {@code sigma} (noise standard deviation / L2 sensitivity, &gt; 0).
     */
    public RdpAccountant step(double q, double sigma, long count) {
        return step(Sampling.POISSON, q, sigma, count);
    }

    /**
     * Records {@code count} steps of the subsampled Gaussian mechanism drawn by {@code sampling}: Poisson with
     * rate {@code q}, or without replacement with {@code q = batchSize / n} (see the class comment).
     *
     * @throws IllegalStateException if this accountant already holds steps of the other sampling
     */
    public RdpAccountant step(Sampling sampling, double q, double sigma, long count) {
        if (sampling == null) {
            throw new IllegalArgumentException("RdpAccountant: sampling must not be null");
        }
        if (this.sampling != null && this.sampling != sampling) {
            throw new IllegalStateException("RdpAccountant: holds " + this.sampling + " steps (" + relation(this.sampling)
                    + ") and cannot add " + sampling + " steps (" + relation(sampling) + "); use one accountant per sampling");
        }
        if (count < 0) {
            throw new IllegalArgumentException("RdpAccountant: steps must be ≥ 0, got " + count);
        }
        if (sampling != cachedSampling || q != cachedQ || sigma != cachedSigma) {
            cachedRdp = sampling == Sampling.POISSON ? computeRdp(q, sigma, 1, orders)
                    : computeRdpWithoutReplacement(q, sigma, 1, orders);
            cachedSampling = sampling;
            cachedQ = q;
            cachedSigma = sigma;
        }
        for (int i = 0; i < orders.length; i++) {
            rdp[i] += cachedRdp[i] * count;
        }
        steps += count;
        this.sampling = sampling;
        return this;
    }

    /** The sampling of the recorded steps, or null before the first step. */
    public Sampling sampling() {
        return sampling;
    }

    private static String relation(Sampling s) {
        return s == Sampling.POISSON ? "add/remove-one neighbours" : "replace-one neighbours";
    }

    /** The number of steps recorded. */
    public long steps() {
        return steps;
    }

    /** The orders this accountant tracks. */
    public double[] orders() {
        return orders.clone();
    }

    /** The accumulated RDP at each order. */
    public double[] rdp() {
        return rdp.clone();
    }

    /** ε at {@code delta} with the improved conversion (see the class comment), and the best order. */
    public PrivacySpent epsilon(double delta) {
        return epsilon(orders, rdp, delta);
    }

    // ------------------------------------------------------------------ static API (TF Privacy names)

    /**
     * RDP of {@code steps} compositions of the sampled Gaussian mechanism at each order; may be
     * {@link Double#POSITIVE_INFINITY}. Same contract as TF Privacy's {@code compute_rdp}.
     */
    public static double[] computeRdp(double q, double sigma, long steps, double[] orders) {
        checkMechanism(q, sigma, steps);
        double[] out = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            out[i] = rdpOfOneStep(q, sigma, orders[i]) * steps;
        }
        return out;
    }

    private static void checkMechanism(double q, double sigma, long steps) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("RdpAccountant: sampling rate q must be in [0, 1], got " + q);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("RdpAccountant: noise multiplier σ must be finite and > 0, got " + sigma);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("RdpAccountant: steps must be ≥ 0, got " + steps);
        }
    }

    /**
     * RDP of {@code steps} compositions of the Gaussian mechanism on a batch sampled without replacement
     * ({@code q = batchSize / n}; replace-one neighbours), at each order; see the class comment for the
     * bound. Same contract as {@code dp_accounting}'s {@code _compute_rdp_sample_wor_gaussian}, times steps.
     */
    public static double[] computeRdpWithoutReplacement(double q, double sigma, long steps, double[] orders) {
        checkMechanism(q, sigma, steps);
        double[] out = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            out[i] = rdpOfOneStepWithoutReplacement(q, sigma, orders[i]) * steps;
        }
        return out;
    }

    /** ε for a target δ from RDP values (improved conversion, as TF Privacy and Opacus). */
    public static PrivacySpent epsilon(double[] orders, double[] rdp, double delta) {
        checkConversion(orders, rdp, delta);
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = orders[0];
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double r = rdp[i];
            double eps;
            if (delta * delta + Math.expm1(-r) >= 0) {
                eps = 0; // the KL bound δ ≤ sqrt(1 − exp(−KL)) already gives ε = 0
            } else if (a > 1.01) {
                eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
            } else {
                eps = Double.POSITIVE_INFINITY;
            }
            if (eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new PrivacySpent(Math.max(0, best), delta, bestOrder);
    }

    /** ε for a target δ with Mironov 2017's Prop. 3: {@code min_α ε_RDP(α) + log(1/δ)/(α − 1)}. */
    public static PrivacySpent classicEpsilon(double[] orders, double[] rdp, double delta) {
        checkConversion(orders, rdp, delta);
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = orders[0];
        for (int i = 0; i < orders.length; i++) {
            double eps = rdp[i] - Math.log(delta) / (orders[i] - 1);
            if (eps < best) {
                best = eps;
                bestOrder = orders[i];
            }
        }
        return new PrivacySpent(Math.max(0, best), delta, bestOrder);
    }

    /**
     * ε of DP-SGD over {@code n} examples with batch size {@code batchSize}, {@code epochs} epochs and
     * noise multiplier {@code sigma}, as TF Privacy's {@code compute_dp_sgd_privacy}: {@code q = batch/n},
     * {@code steps = ceil(epochs · n / batch)}, over {@link #DEFAULT_ORDERS}.
     */
    public static PrivacySpent dpSgdEpsilon(int n, int batchSize, double sigma, double epochs, double delta) {
        return dpSgdEpsilon(Sampling.POISSON, n, batchSize, sigma, epochs, delta);
    }

    /**
     * {@link #dpSgdEpsilon(int, int, double, double, double)} with the analysis of {@code sampling}
     * (Poisson, or without replacement for {@link Sampling#FIXED_SIZE}); same q and step count.
     */
    public static PrivacySpent dpSgdEpsilon(Sampling sampling, int n, int batchSize, double sigma, double epochs,
                                            double delta) {
        if (n < 1 || batchSize < 1 || batchSize > n) {
            throw new IllegalArgumentException("RdpAccountant: need 1 ≤ batch size ≤ n, got batch " + batchSize
                    + " of n = " + n);
        }
        double q = (double) batchSize / n;
        long steps = (long) Math.ceil(epochs * n / batchSize);
        return new RdpAccountant().step(sampling, q, sigma, steps).epsilon(delta);
    }

    /**
     * The smallest noise multiplier (to 3 significant digits, by bisection) whose DP-SGD run of
     * {@code steps} steps at rate {@code q} stays within {@code targetEpsilon} at {@code delta}.
     */
    public static double noiseForEpsilon(double q, long steps, double targetEpsilon, double delta) {
        return noiseForEpsilon(Sampling.POISSON, q, steps, targetEpsilon, delta);
    }

    /** {@link #noiseForEpsilon(double, long, double, double)} under the analysis of {@code sampling}. */
    public static double noiseForEpsilon(Sampling sampling, double q, long steps, double targetEpsilon, double delta) {
        if (!(targetEpsilon > 0)) {
            throw new IllegalArgumentException("RdpAccountant: target ε must be > 0, got " + targetEpsilon);
        }
        double lo = 0.05;
        double hi = 1;
        while (new RdpAccountant().step(sampling, q, hi, steps).epsilon(delta).epsilon() > targetEpsilon) {
            hi *= 2;
            if (hi > 1e6) {
                throw new IllegalArgumentException("RdpAccountant: no noise multiplier ≤ 1e6 reaches ε = "
                        + targetEpsilon);
            }
        }
        while (hi - lo > 1e-3 * hi) {
            double mid = 0.5 * (lo + hi);
            if (new RdpAccountant().step(sampling, q, mid, steps).epsilon(delta).epsilon() > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static void checkConversion(double[] orders, double[] rdp, double delta) {
        if (orders.length != rdp.length || orders.length == 0) {
            throw new IllegalArgumentException("RdpAccountant: " + orders.length + " orders but " + rdp.length
                    + " RDP values");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("RdpAccountant: δ must be in (0, 1), got " + delta);
        }
        for (int i = 0; i < orders.length; i++) {
            if (!(orders[i] >= 1) || !(rdp[i] >= 0)) {
                throw new IllegalArgumentException("RdpAccountant: need orders ≥ 1 and RDP ≥ 0, got α = " + orders[i]
                        + ", RDP = " + rdp[i]);
            }
        }
    }

    // ------------------------------------------------------------------ one step

    static double rdpOfOneStep(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        if (Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        double logA = alpha == Math.rint(alpha) && alpha < Integer.MAX_VALUE
                ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    static double rdpOfOneStepWithoutReplacement(double q, double sigma, double alpha) {
        if (q == 0) {
            return 0;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        if (Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        if (alpha == Math.rint(alpha)) {
            return logAWithoutReplacement(q, sigma, (long) alpha) / (alpha - 1);
        }
        long lo = (long) Math.floor(alpha);
        double t = alpha - lo;
        double x = logAWithoutReplacement(q, sigma, lo);
        double y = logAWithoutReplacement(q, sigma, lo + 1);
        return ((1 - t) * x + t * y) / (alpha - 1);
    }

    /** Above this order the forward-difference term (O(α²)) is dropped, as in the reference. */
    private static final int WOR_EXACT_MAX_ORDER = 256;

    /**
     * log A_α of the Gaussian mechanism under sampling without replacement, integer α (Wang et al. 2019,
     * Theorem 27; the class comment gives the formula).
     */
    static double logAWithoutReplacement(double q, double sigma, long alpha) {
        if (alpha <= 1) {
            return 0;
        }
        if (alpha > Integer.MAX_VALUE / 2) {
            return Double.POSITIVE_INFINITY;
        }
        int a = (int) alpha;
        double twoSigma2 = 2 * sigma * sigma;
        double f2 = 2.0 / twoSigma2;
        double logF2m1 = f2 + Math.log(1 - Math.exp(-f2)); // log(e^{f(2)} − 1)
        double logQ = Math.log(q);
        double log2 = Math.log(2);
        double log4 = Math.log(4);
        double logA = 0; // log 1
        logA = logAdd(logA, 2 * logQ + logBinomial(a, 2) + Math.min(log4 + logF2m1, f2 + log2));
        double[] deltas = a <= WOR_EXACT_MAX_ORDER ? logForwardDifferences(sigma, a) : null;
        for (int j = 3; j <= a; j++) {
            double cgf = cgf(j - 1, twoSigma2);
            double s = log2 + cgf;
            if (deltas != null) {
                double lo = deltas[2 * (j / 2) - 1];
                double hi = deltas[2 * ((j + 1) / 2) - 1];
                s = Math.min(log4 + 0.5 * (lo + hi), s);
            }
            logA = logAdd(logA, s + j * logQ + logBinomial(a, j));
        }
        return logA;
    }

    /** K(λ) = λ(λ+1)/(2σ²): log E[(μ₁/μ₀)^λ] of the Gaussian mechanism with sensitivity 1. */
    private static double cgf(double lambda, double twoSigma2) {
        return lambda * (lambda + 1) / twoSigma2;
    }

    /**
     * {@code log |Δ^k|} for k = 0..n+1, the k-th forward differences at 0 of {@code (1, e^{K(0)}, …, e^{K(n)})},
     * differencing in place in log space with a sign per entry (the reference's {@code _get_forward_diffs}).
     */
    static double[] logForwardDifferences(double sigma, int n) {
        double twoSigma2 = 2 * sigma * sigma;
        double[] vec = new double[n + 3];
        boolean[] positive = new boolean[n + 3];
        Arrays.fill(positive, true);
        for (int i = 1; i < n + 3; i++) {
            vec[i] = cgf(i - 1, twoSigma2);
        }
        double[] deltas = new double[n + 2];
        for (int i = 0; i < n + 2; i++) {
            int m = n + 2 - i;
            for (int j = 0; j < m; j++) {
                if (positive[j] == positive[j + 1]) {
                    // |b − a| with a = vec[j], b = vec[j+1] of equal sign
                    double x = vec[j + 1];
                    double y = vec[j];
                    boolean sign;
                    double mag;
                    if (x > y) {
                        sign = true;
                        mag = x + Math.log(1 - Math.exp(y - x));
                    } else if (x < y) {
                        sign = false;
                        mag = y + Math.log(1 - Math.exp(x - y));
                    } else {
                        sign = true;
                        mag = Double.NEGATIVE_INFINITY;
                    }
                    positive[j] = positive[j + 1] ? sign : !sign;
                    vec[j] = mag;
                } else {
                    vec[j] = logAdd(vec[j], vec[j + 1]);
                    positive[j] = positive[j + 1];
                }
            }
            deltas[i] = vec[0];
        }
        return deltas;
    }

    /** log A_α for integer α: the binomial expansion (Mironov et al. 2019, Section 3.3). */
    static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        for (int i = 0; i <= alpha; i++) {
            double term = logBinomial(alpha, i) + i * logQ + (alpha - i) * log1mQ
                    + ((double) i * i - i) / (2 * sigma * sigma);
            logA = logAdd(logA, term);
        }
        return logA;
    }

    /** log A_α for fractional α: the two-sided series (Mironov et al. 2019, Section 3.4). */
    static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double coef = 1; // binom(alpha, i), updated incrementally
        for (int i = 0; i < 100_000; i++) {
            if (i > 0) {
                coef *= (alpha - (i - 1)) / i;
            }
            double logCoef = Math.log(Math.abs(coef));
            double j = alpha - i;
            double logT0 = logCoef + i * logQ + j * log1mQ;
            double logT1 = logCoef + j * logQ + i * log1mQ;
            double logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + ((double) i * i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (coef > 0) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return logAdd(logA0, logA1);
    }

    static double logAdd(double x, double y) {
        double a = Math.min(x, y);
        double b = Math.max(x, y);
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        return Math.log1p(Math.exp(a - b)) + b;
    }

    static double logSub(double x, double y) {
        if (x < y) {
            throw new ArithmeticException("RdpAccountant: log-space subtraction went negative");
        }
        if (y == Double.NEGATIVE_INFINITY) {
            return x;
        }
        if (x == y) {
            return Double.NEGATIVE_INFINITY;
        }
        double d = Math.expm1(x - y);
        return Double.isInfinite(d) ? x : Math.log(d) + y;
    }

    static double logBinomial(int n, int k) {
        return logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0);
    }

    /** log Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error below 1e-14). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /**
     * log erfc(x), accurate in the far tail where erfc underflows: a continued fraction for x &gt; 2,
     * {@code erfc = 1 − erf} with erf's all-positive series for |x| ≤ 2, {@code erfc(x) = 2 − erfc(−x)} below −2.
     */
    static double logErfc(double x) {
        if (x > 2) {
            // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up.
            double f = x;
            for (int n = 200; n >= 1; n--) {
                f = x + (n / 2.0) / f;
            }
            return -x * x - 0.5 * Math.log(Math.PI) - Math.log(f);
        }
        if (x < -2) {
            return Math.log(2 - Math.exp(logErfc(-x)));
        }
        return Math.log(1 - erf(x));
    }

    /** erf(x) = 2/√π · exp(−x²) · Σ_n 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), for |x| ≤ 2. */
    private static double erf(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }

    private static double[] defaultOrders() {
        double[] head = {1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5};
        double[] out = Arrays.copyOf(head, head.length + 59 + 3);
        for (int a = 5; a < 64; a++) {
            out[head.length + a - 5] = a;
        }
        out[out.length - 3] = 128;
        out[out.length - 2] = 256;
        out[out.length - 1] = 512;
        return out;
    }

    private static double[] opacusOrders() {
        double[] out = new double[99 + 52];
        for (int x = 1; x < 100; x++) {
            out[x - 1] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            out[99 + a - 12] = a;
        }
        return out;
    }

    @Override
    public String toString() {
        return "RdpAccountant(" + steps + " steps over " + orders.length + " orders)";
    }
}

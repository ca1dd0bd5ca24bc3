package dev.nabla.medical.clinical;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded percentile bootstrap confidence intervals for any statistic of a set of scored cases
 * (AUC, average precision, sensitivity at a threshold, …; Efron &amp; Tibshirani 1993, ch. 13).
 *
 * <p>Each replicate draws cases with replacement <em>within each class</em> (a stratified bootstrap,
 * as pROC's {@code ci.auc} default), so every replicate keeps the observed numbers of positives and
 * negatives and the ROC curve stays defined. The interval is the {@code (1−level)/2} and
 * {@code (1+level)/2} quantiles of the replicate statistics, with linear interpolation between order
 * statistics ({@code h = (R − 1)·q}, NumPy's default / R's type 7). Replicates whose statistic is NaN
 * (e.g. a PPV with no positive calls) are left out; {@link Result#used()} says how many remain.
 */
public final class Bootstrap {
    private final int replicates;
    private final double level;
    private final long seed;

    /**
     * A bootstrap with {@code replicates} resamples (≥ 100), a confidence {@code level} in (0, 1) and a seed.
     */
    public Bootstrap(int replicates, double level, long seed) {
        if (replicates < 100) {
            throw new IllegalArgumentException("bootstrap: at least 100 replicates, got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("bootstrap: level must be in (0, 1), got " + level);
        }
        this.replicates = replicates;
        this.level = level;
        this.seed = seed;
    }

    /** 2000 replicates at 95 % with this seed. */
    public static Bootstrap of(long seed) {
        return new Bootstrap(2000, 0.95, seed);
    }

    /** The interval with its replicate statistics. */
    public record Result(ConfidenceInterval interval, double[] replicateValues, int used) {
    }

    /** The percentile interval of {@code statistic} on {@code cases}; the estimate is the statistic on all cases. */
    public ConfidenceInterval interval(ScoredCases cases, ToDoubleFunction<ScoredCases> statistic) {
        return run(cases, statistic).interval();
    }

    /** As {@link #interval}, with the replicate values kept. */
    public Result run(ScoredCases cases, ToDoubleFunction<ScoredCases> statistic) {
        double estimate = statistic.applyAsDouble(cases);
        int[] pos = new int[cases.positives()];
        int[] neg = new int[cases.negatives()];
        for (int i = 0, a = 0, b = 0; i < cases.size(); i++) {
            if (cases.label(i) == 1) {
                pos[a++] = i;
            } else {
                neg[b++] = i;
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[replicates];
        int used = 0;
        int[] sample = new int[cases.size()];
        for (int r = 0; r < replicates; r++) {
            int k = 0;
            for (int i = 0; i < pos.length; i++) {
                sample[k++] = pos[rng.nextInt(pos.length)];
            }
            for (int i = 0; i < neg.length; i++) {
                sample[k++] = neg[rng.nextInt(neg.length)];
            }
            double v = statistic.applyAsDouble(cases.select(sample));
            if (!Double.isNaN(v)) {
                values[used++] = v;
            }
        }
        if (used == 0) {
            throw new IllegalArgumentException("bootstrap: the statistic was NaN on every replicate");
        }
        double[] kept = Arrays.copyOf(values, used);
        Arrays.sort(kept);
        double lower = quantile(kept, (1 - level) / 2);
        double upper = quantile(kept, (1 + level) / 2);
        String method = "bootstrap percentile, " + used + " stratified replicates, seed " + seed;
        return new Result(new ConfidenceInterval(estimate, lower, upper, level, method), kept, used);
    }

    /** The {@code q}-quantile of sorted values, linear between order statistics ({@code h = (n−1)q}). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

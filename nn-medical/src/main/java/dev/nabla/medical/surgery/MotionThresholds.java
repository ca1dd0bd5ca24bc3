package dev.nabla.medical.surgery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The thresholds of {@link MotionMonitor}, one per gesture: how far off a tool-tip forecast may be before it
 * counts as a deviation depends on what the surgeon is doing (a long reach such as G4 is forecast far worse
 * than holding the needle). Calibrated on training trials as quantiles of the residuals {@code e_t}
 * ({@link MotionMonitor}) grouped by the true gesture at the check frame:
 * <pre>
 *   τ_g = Q_q({e_t : label(t) = g})   when gesture g has ≥ minChecks checks ({@link #MIN_CHECKS}), else τ = Q_q({all e_t})
 * </pre>
 * and {@code τ} (the pooled quantile) when the gesture is unknown.
 */
public final class MotionThresholds {
    /** Fewest residuals of a gesture for its own threshold. */
    public static final int MIN_CHECKS = 200;

    private final double pooled;
    private final double[] perGesture;

    /**
     * @param pooled     τ, mm, for an unknown gesture
     * @param perGesture τ_g by gesture index, mm; NaN for "use the pooled one"
     */
    public MotionThresholds(double pooled, double[] perGesture) {
        if (!(pooled > 0)) {
            throw new IllegalArgumentException("motion thresholds: pooled threshold must be > 0 mm, got " + pooled);
        }
        if (perGesture.length != Gesture.COUNT) {
            throw new IllegalArgumentException("motion thresholds: need " + Gesture.COUNT + " gesture thresholds, got "
                    + perGesture.length);
        }
        for (int g = 0; g < perGesture.length; g++) {
            if (!Double.isNaN(perGesture[g]) && !(perGesture[g] > 0)) {
                throw new IllegalArgumentException("motion thresholds: threshold of " + Gesture.ofIndex(g)
                        + " must be > 0 mm or NaN, got " + perGesture[g]);
            }
        }
        this.pooled = pooled;
        this.perGesture = perGesture.clone();
    }

    /** One threshold for every gesture. */
    public static MotionThresholds uniform(double mm) {
        double[] none = new double[Gesture.COUNT];
        Arrays.fill(none, Double.NaN);
        return new MotionThresholds(mm, none);
    }

    /** Calibrates τ and the τ_g at {@code quantile} on the residuals of {@code predictor} over {@code trials}. */
    public static MotionThresholds calibrate(TipPredictor predictor, List<Trial> trials, double quantile) {
        return calibrate(predictor, trials, quantile, MIN_CHECKS);
    }

    /** As {@link #calibrate(TipPredictor, List, double)}, with gestures of fewer than {@code minChecks} residuals pooled. */
    public static MotionThresholds calibrate(TipPredictor predictor, List<Trial> trials, double quantile, int minChecks) {
        List<List<Double>> byGesture = new ArrayList<>();
        for (int g = 0; g < Gesture.COUNT; g++) {
            byGesture.add(new ArrayList<>());
        }
        List<Double> all = new ArrayList<>();
        MotionMonitor.residuals(predictor, trials, (trial, frame, e) -> {
            all.add(e);
            int label = trial.labels()[frame];
            if (label >= 0) {
                byGesture.get(label).add(e);
            }
        });
        double[] per = new double[Gesture.COUNT];
        for (int g = 0; g < Gesture.COUNT; g++) {
            List<Double> r = byGesture.get(g);
            per[g] = r.size() < minChecks ? Double.NaN : Percentiles.of(toArray(r), quantile);
        }
        return new MotionThresholds(Percentiles.of(toArray(all), quantile), per);
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** τ_g, or τ when {@code g} is null or has no threshold of its own. */
    public double of(Gesture g) {
        return g == null || Double.isNaN(perGesture[g.index()]) ? pooled : perGesture[g.index()];
    }

    /** τ, mm. */
    public double pooled() {
        return pooled;
    }

    /** τ_g by gesture index (NaN: pooled), a copy. */
    public double[] perGesture() {
        return perGesture.clone();
    }
}

package dev.nabla.medical.surgery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kinematic deviation alert: forecasts the slave tool tips {@code L} frames ahead with a
 * {@link TipPredictor} and, when those frames arrive, compares forecast and truth. At every check frame
 * {@code t} (a multiple of the predictor's stride {@code s}, {@code t ≥ L}) the residual is the larger of
 * the two tips' forecast errors,
 * <pre>
 *   e_t = max over tips k ∈ {left, right} of ‖p̂_k(t | t − L) − p_k(t)‖ · 1000   (mm),
 * </pre>
 * and with {@code r_t} the number of consecutive checks up to {@code t} with {@code e_t > τ_{g_t}}, an alert is
 * raised when {@code r_t = m} (the persistence rule: one alert per excursion, none for a single-check spike;
 * the next one needs the residual to fall to {@code ≤ τ} first). {@code g_t} is the current gesture given
 * to {@link #step(float[], Gesture)} (null: unknown) and {@code τ_g} its threshold ({@link MotionThresholds}:
 * a high quantile of {@code e} on the training trials, per gesture); they are stored with a saved
 * forecaster under {@link MotionForecaster#THRESHOLD_KEY}.
 *
 * <p>What it catches: motion the forecaster did not expect from the motion so far — jumps, jerks, strong
 * tremor below the Nyquist rate of the checks ({@code 30/(2s)} Hz). A slow drift that the forecaster
 * follows is not caught.
 */
public final class MotionMonitor {
    /**
     * What a frame gave.
     *
     * @param frame   0-based frame number
     * @param errorMm the residual {@code e_t} of this frame, NaN when it is not a check frame
     * @param alert   the alert message, or null
     */
    public record Check(int frame, double errorMm, String alert) {
    }

    private final TipPredictor predictor;
    private final MotionThresholds thresholds;
    private final int persistence;
    private final ArrayDeque<double[]> pending = new ArrayDeque<>();
    private int frame;
    private int run;

    /** A monitor with one threshold τ (mm) for every gesture. */
    public MotionMonitor(TipPredictor predictor, double thresholdMm, int persistence) {
        this(predictor, MotionThresholds.uniform(thresholdMm), persistence);
    }

    /**
     * @param predictor   the forecaster (or the constant-velocity baseline)
     * @param thresholds  τ and the τ_g, mm
     * @param persistence m ≥ 1, consecutive checks above τ before an alert
     */
    public MotionMonitor(TipPredictor predictor, MotionThresholds thresholds, int persistence) {
        if (persistence < 1) {
            throw new IllegalArgumentException("motion monitor: persistence must be >= 1, got " + persistence);
        }
        if (predictor.lead() % predictor.stride() != 0) {
            throw new IllegalArgumentException("motion monitor: lead " + predictor.lead() + " is not a multiple of stride "
                    + predictor.stride());
        }
        this.predictor = predictor;
        this.thresholds = thresholds;
        this.persistence = persistence;
    }

    /** Feeds one 30 Hz frame of {@link Kinematics#COLUMNS} values, gesture unknown (the pooled τ). */
    public Check step(float[] kinematics) {
        return step(kinematics, null);
    }

    /** Feeds one 30 Hz frame with the current gesture (null: unknown), which picks the threshold τ_g. */
    public Check step(float[] kinematics, Gesture gesture) {
        double e = Double.NaN;
        String alert = null;
        if (frame % predictor.stride() == 0) {
            if (pending.size() == predictor.lead() / predictor.stride()) {
                double[] forecast = pending.poll();
                int[] worst = new int[1];
                e = error(forecast, kinematics, worst);
                double tau = thresholds.of(gesture);
                run = e > tau ? run + 1 : 0;
                if (run == persistence) {
                    alert = String.format(Locale.ROOT, "motion deviates from forecast: %s tip off by %.1f mm > %.1f mm for %d checks",
                            worst[0] == 0 ? "left" : "right", e, tau, persistence);
                }
            }
            pending.add(predictor.step(kinematics));
        }
        return new Check(frame++, e, alert);
    }

    /** Starts a new trial. */
    public void reset() {
        predictor.reset();
        pending.clear();
        frame = 0;
        run = 0;
    }

    /** The thresholds. */
    public MotionThresholds thresholds() {
        return thresholds;
    }

    /** {@code e} of a forecast against a frame, mm; {@code worst[0]} gets the tip (0 left, 1 right) that is further off. */
    static double error(double[] forecast, float[] frame, int[] worst) {
        double max = -1;
        for (int tip = 0; tip < 2; tip++) {
            double d = 0;
            for (int a = 0; a < 3; a++) {
                double diff = forecast[tip * 3 + a] - frame[TipPredictor.TIPS[tip] + a];
                d += diff * diff;
            }
            d = Math.sqrt(d) * 1000;
            if (d > max) {
                max = d;
                worst[0] = tip;
            }
        }
        return max;
    }

    /** Receives the residuals of {@link #residuals(TipPredictor, List, Residuals)}. */
    @FunctionalInterface
    public interface Residuals {
        /** Residual {@code e} (mm) at check frame {@code frame} of {@code trial}. */
        void accept(Trial trial, int frame, double e);
    }

    /** Every residual {@code e_t} of {@code predictor} on {@code trials}, mm, in order (the predictor is reset per trial). */
    public static double[] residuals(TipPredictor predictor, List<Trial> trials) {
        List<Double> out = new ArrayList<>();
        residuals(predictor, trials, (t, f, e) -> out.add(e));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Feeds every residual {@code e_t} of {@code predictor} on {@code trials} to {@code sink}. */
    public static void residuals(TipPredictor predictor, List<Trial> trials, Residuals sink) {
        for (Trial t : trials) {
            MotionMonitor m = new MotionMonitor(predictor, Double.MAX_VALUE, 1);
            m.reset();
            for (float[] f : t.kinematics()) {
                Check c = m.step(f);
                if (!Double.isNaN(c.errorMm())) {
                    sink.accept(t, c.frame(), c.errorMm());
                }
            }
        }
        predictor.reset();
    }

    /**
     * One τ = the {@code quantile} ({@link Percentiles}) of all residuals of {@code predictor} on {@code trials},
     * mm; {@link MotionThresholds#calibrate} gives the per-gesture ones.
     */
    public static double calibrate(TipPredictor predictor, List<Trial> trials, double quantile) {
        return Percentiles.of(residuals(predictor, trials), quantile);
    }
}

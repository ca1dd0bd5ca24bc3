package dev.nabla.medical.surgery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Duration alert: a gesture that lasts far longer than it does in the training trials (a hesitation, a
 * struggle with the needle). With {@code D_g} the lengths in frames of the training segments of gesture
 * {@code g} and {@code limit_g = Q_q(D_g)} their {@code q} quantile ({@link Percentiles}), an alert is
 * raised once per gesture occurrence, at the frame {@code t} where
 * <pre>
 *   t − start + 1 &gt; limit_g
 * </pre>
 * with {@code start} the first frame of the current run of {@code g}. Gestures never seen in training
 * have no limit. Fed the current gesture of each frame (the debounced output of {@link GestureStream}, or
 * the true labels).
 */
public final class DurationMonitor {
    private final double[] limits;
    private Gesture current;
    private int start;
    private boolean alerted;

    /** A monitor with {@code limits[g]} frames per gesture index (NaN: no limit). */
    public DurationMonitor(double[] limits) {
        if (limits.length != Gesture.COUNT) {
            throw new IllegalArgumentException("duration monitor: need " + Gesture.COUNT + " limits, got " + limits.length);
        }
        this.limits = limits.clone();
    }

    /** Limits at the {@code quantile} of the segment lengths of each gesture in {@code trials}. */
    public static DurationMonitor calibrate(List<Trial> trials, double quantile) {
        List<List<Double>> lengths = new ArrayList<>();
        for (int g = 0; g < Gesture.COUNT; g++) {
            lengths.add(new ArrayList<>());
        }
        for (Trial t : trials) {
            for (Segment s : t.segments()) {
                lengths.get(s.label()).add((double) s.length());
            }
        }
        double[] limits = new double[Gesture.COUNT];
        for (int g = 0; g < Gesture.COUNT; g++) {
            List<Double> d = lengths.get(g);
            limits[g] = d.isEmpty() ? Double.NaN : Percentiles.of(d.stream().mapToDouble(Double::doubleValue).toArray(), quantile);
        }
        return new DurationMonitor(limits);
    }

    /** The limit of {@code g} in frames, NaN when none. */
    public double limit(Gesture g) {
        return limits[g.index()];
    }

    /** Feeds the current gesture (null: none yet) of frame {@code frame}; returns an alert or null. */
    public String step(int frame, Gesture gesture) {
        if (gesture != current) {
            current = gesture;
            start = frame;
            alerted = false;
        }
        if (current == null || alerted || Double.isNaN(limits[current.index()])) {
            return null;
        }
        int length = frame - start + 1;
        if (length > limits[current.index()]) {
            alerted = true;
            return String.format(Locale.ROOT, "%s has lasted %.2f s, longer than the training limit %.2f s", current,
                    length / Kinematics.HZ, limits[current.index()] / Kinematics.HZ);
        }
        return null;
    }

    /** Starts a new trial. */
    public void reset() {
        current = null;
        alerted = false;
    }
}

package dev.nabla.medical.surgery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The streaming assistant of issue 9 in one object: fed one 30 Hz kinematic frame per {@link #step}, it
 * reports the current gesture and the expected next one ({@link GestureStream}) and three kinds of alert:
 * <ul>
 *   <li>{@link Kind#GRAMMAR}: an unusual gesture transition ({@link GestureStream});</li>
 *   <li>{@link Kind#MOTION}: the tool tips are not where the motion forecast put them ({@link MotionMonitor},
 *       whose per-gesture threshold follows the current gesture);</li>
 *   <li>{@link Kind#DURATION}: the current gesture lasts longer than it does in training
 *       ({@link DurationMonitor}).</li>
 * </ul>
 * Without a gesture stream (null) the caller passes the current gesture to {@link #step(float[], Gesture)},
 * e.g. the true labels when measuring the motion and duration alerts alone.
 */
public final class SurgicalAssistant {
    /** What raised an alert. */
    public enum Kind { GRAMMAR, MOTION, DURATION }

    /**
     * An alert.
     *
     * @param frame   0-based frame number
     * @param kind    what raised it
     * @param message what it says
     */
    public record Alert(int frame, Kind kind, String message) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%7.2f s (frame %5d) %-8s %s", frame / Kinematics.HZ, frame,
                    kind.name().toLowerCase(Locale.ROOT), message);
        }
    }

    /**
     * What the assistant says after a frame.
     *
     * @param frame         0-based frame number
     * @param current       the current gesture, or null
     * @param confidence    the recogniser's top-class probability (NaN without a gesture stream)
     * @param next          the expected next gesture, or null
     * @param motionErrorMm the motion residual of this frame, NaN when it is not a check frame
     * @param alerts        the alerts of this frame (usually none)
     */
    public record Update(int frame, Gesture current, double confidence, Gesture next, double motionErrorMm,
                         List<Alert> alerts) {
    }

    private final GestureStream gestures;
    private final MotionMonitor motion;
    private final DurationMonitor duration;

    /**
     * @param gestures the gesture stream, or null to be given the gesture with each frame
     * @param motion   the motion monitor
     * @param duration the duration monitor
     */
    public SurgicalAssistant(GestureStream gestures, MotionMonitor motion, DurationMonitor duration) {
        this.gestures = gestures;
        this.motion = motion;
        this.duration = duration;
    }

    /** Feeds one frame; the current gesture comes from the gesture stream. */
    public Update step(float[] kinematics) {
        if (gestures == null) {
            throw new IllegalStateException("surgical assistant without a gesture stream: pass the current gesture to step");
        }
        return step(kinematics, null);
    }

    /**
     * Feeds one frame with the current gesture {@code known} (used only without a gesture stream; null: none
     * yet).
     */
    public Update step(float[] kinematics, Gesture known) {
        List<Alert> alerts = new ArrayList<>(0);
        GestureStream.Update u = gestures == null ? null : gestures.step(kinematics);
        Gesture current = u == null ? known : u.current();
        MotionMonitor.Check check = motion.step(kinematics, current);
        int frame = check.frame();
        if (u != null && u.alert() != null) {
            alerts.add(new Alert(frame, Kind.GRAMMAR, u.alert()));
        }
        if (check.alert() != null) {
            alerts.add(new Alert(frame, Kind.MOTION, check.alert()));
        }
        String late = duration.step(frame, current);
        if (late != null) {
            alerts.add(new Alert(frame, Kind.DURATION, late));
        }
        return new Update(frame, current, u == null ? Double.NaN : u.confidence(), u == null ? null : u.next(),
                check.errorMm(), alerts);
    }

    /** Starts a new trial. */
    public void reset() {
        if (gestures != null) {
            gestures.reset();
        }
        motion.reset();
        duration.reset();
    }
}

package dev.nabla.medical.surgery;

import java.util.List;

/**
 * One recorded (or simulated) task execution: kinematics {@code (frames, 76)} in the {@link Kinematics}
 * layout, a gesture label per frame ({@link #UNLABELLED} where the transcription covers no gesture) and
 * the trial's meta data.
 *
 * @param name       e.g. {@code Suturing_B001}
 * @param user       the operator's id, e.g. {@code B}
 * @param skill      the operator's self-reported skill
 * @param grs        the global rating score (6–30 in JIGSAWS), or -1 when unknown
 * @param kinematics frames × {@link Kinematics#COLUMNS}
 * @param labels     one gesture index per frame, or {@link #UNLABELLED}
 * @param simulated  true for trials made by {@link SurgerySimulator}
 */
public record Trial(String name, String user, Skill skill, int grs, float[][] kinematics, int[] labels,
                    boolean simulated) {
    /** The label of a frame no gesture covers. */
    public static final int UNLABELLED = -1;

    public Trial {
        if (kinematics.length != labels.length) {
            throw new IllegalArgumentException("trial " + name + ": " + kinematics.length + " kinematic frames but "
                    + labels.length + " labels");
        }
        for (int t = 0; t < kinematics.length; t++) {
            if (kinematics[t].length != Kinematics.COLUMNS) {
                throw new IllegalArgumentException("trial " + name + ", frame " + t + ": " + kinematics[t].length
                        + " values, expected " + Kinematics.COLUMNS);
            }
        }
    }

    /** Number of frames. */
    public int frames() {
        return labels.length;
    }

    /** Duration in seconds at {@link Kinematics#HZ}. */
    public double seconds() {
        return frames() / Kinematics.HZ;
    }

    /** The labelled runs of frames (unlabelled frames split segments and are left out). */
    public List<Segment> segments() {
        return SegmentMetrics.segments(labels);
    }
}

package dev.nabla.medical.surgery;

import java.util.List;

/**
 * Slows one gesture of a trial down, to test the duration alert on (SIMULATED): segment {@code i}
 * ({@link Trial#segments()}), frames {@code a..b} of length {@code L}, is replaced by
 * {@code L' = round(λ·L)} frames that replay it at speed {@code 1/λ}: frame {@code j} is the linear
 * interpolation of the original frames at {@code u = a + j·(L − 1)/(L' − 1)}, with every velocity column
 * (linear and rotational, all manipulators) scaled by {@code (L − 1)/(L' − 1)}. The frames before and after
 * are unchanged, so the trial grows by {@code L' − L} frames.
 */
public final class GestureStretch {
    private GestureStretch() {
    }

    /** A copy of {@code trial} with segment {@code segment} stretched by {@code factor} (≥ 1). */
    public static Trial apply(Trial trial, int segment, double factor) {
        List<Segment> segments = trial.segments();
        if (segment < 0 || segment >= segments.size()) {
            throw new IllegalArgumentException("stretch: trial " + trial.name() + " has " + segments.size()
                    + " segments, asked for " + segment);
        }
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("stretch: factor must be >= 1, got " + factor);
        }
        Segment s = segments.get(segment);
        int length = s.length();
        int stretched = Math.max(length, (int) Math.round(factor * length));
        int n = trial.frames() - length + stretched;
        float[][] k = new float[n][];
        int[] labels = new int[n];
        float[][] src = trial.kinematics();
        for (int t = 0; t < s.start(); t++) {
            k[t] = src[t].clone();
            labels[t] = trial.labels()[t];
        }
        double speed = length == 1 ? 1 : (length - 1.0) / (stretched - 1.0);
        for (int j = 0; j < stretched; j++) {
            double u = s.start() + j * speed;
            int lo = Math.min((int) Math.floor(u), s.end());
            int hi = Math.min(lo + 1, s.end());
            double w = u - lo;
            float[] row = new float[Kinematics.COLUMNS];
            for (int c = 0; c < row.length; c++) {
                row[c] = (float) ((1 - w) * src[lo][c] + w * src[hi][c]);
            }
            for (int arm = 0; arm < Kinematics.ARMS; arm++) {
                for (int a = 0; a < 3; a++) {
                    row[Kinematics.column(arm, Kinematics.LINEAR_VELOCITY) + a] *= (float) speed;
                    row[Kinematics.column(arm, Kinematics.ANGULAR_VELOCITY) + a] *= (float) speed;
                }
            }
            k[s.start() + j] = row;
            labels[s.start() + j] = s.label();
        }
        for (int t = s.end() + 1; t < trial.frames(); t++) {
            k[t - length + stretched] = src[t].clone();
            labels[t - length + stretched] = trial.labels()[t];
        }
        return new Trial(trial.name(), trial.user(), trial.skill(), trial.grs(), k, labels, trial.simulated());
    }
}

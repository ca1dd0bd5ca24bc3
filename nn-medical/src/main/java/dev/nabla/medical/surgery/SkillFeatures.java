package dev.nabla.medical.surgery;

/**
 * Classic motion-efficiency measures of a trial (used in surgical skill assessment since the ICSAD and
 * ROVIMAS studies): task time, tool-tip path length, and the share of the tip's motion that is jitter
 * (the path of the position minus its 5-frame moving average, over the whole path).
 */
public final class SkillFeatures {
    private SkillFeatures() {
    }

    /** Total distance travelled by the tool tip of {@code arm} (a {@link Kinematics} arm index), in metres. */
    public static double pathLength(Trial trial, int arm) {
        float[][] k = trial.kinematics();
        int x = Kinematics.column(arm, Kinematics.POSITION);
        double sum = 0;
        for (int t = 1; t < k.length; t++) {
            double dx = k[t][x] - k[t - 1][x];
            double dy = k[t][x + 1] - k[t - 1][x + 1];
            double dz = k[t][x + 2] - k[t - 1][x + 2];
            sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        return sum;
    }

    /** Path of the tip's deviation from its 5-frame moving average, divided by the path length. */
    public static double jitterShare(Trial trial, int arm) {
        float[][] k = trial.kinematics();
        int x = Kinematics.column(arm, Kinematics.POSITION);
        double jitter = 0;
        double[] prev = null;
        for (int t = 2; t < k.length - 2; t++) {
            double[] d = new double[3];
            for (int a = 0; a < 3; a++) {
                double mean = 0;
                for (int s = -2; s <= 2; s++) {
                    mean += k[t + s][x + a];
                }
                d[a] = k[t][x + a] - mean / 5;
            }
            if (prev != null) {
                jitter += Math.sqrt(sq(d[0] - prev[0]) + sq(d[1] - prev[1]) + sq(d[2] - prev[2]));
            }
            prev = d;
        }
        double path = pathLength(trial, arm);
        return path > 0 ? jitter / path : 0;
    }

    /** {@code [seconds, left path (m), right path (m), left jitter share, right jitter share]} of the slaves. */
    public static double[] of(Trial trial) {
        return new double[] {
                trial.seconds(),
                pathLength(trial, Kinematics.SLAVE_LEFT),
                pathLength(trial, Kinematics.SLAVE_RIGHT),
                jitterShare(trial, Kinematics.SLAVE_LEFT),
                jitterShare(trial, Kinematics.SLAVE_RIGHT)};
    }

    private static double sq(double v) {
        return v * v;
    }
}

package dev.nabla.medical.surgery;

/**
 * An injected motion deviation, to test the alerts on (SIMULATED): for frames
 * {@code start ≤ t < start + frames} the slave tip of one arm is moved by
 * <pre>
 *   Δ(t) = offset + tremor · sin(2π f (t − start) / 30 Hz) · (1, 1, 1)/√3
 * </pre>
 * (a jump by {@code offset}, a tremor of amplitude {@code tremor} at {@code f} Hz along the diagonal, or both),
 * and its master by {@code 3Δ} (the 3:1 motion scaling of the simulator, as if the hand made the move).
 * The linear velocities of both manipulators are recomputed as central differences where the positions
 * changed.
 *
 * @param arm      0 left, 1 right
 * @param start    first deviating frame, 0-based
 * @param frames   number of deviating frames
 * @param offsetMm the jump {x, y, z}, mm
 * @param tremorMm the tremor amplitude, mm
 * @param tremorHz the tremor frequency, Hz
 */
public record MotionDeviation(int arm, int start, int frames, double[] offsetMm, double tremorMm, double tremorHz) {
    public MotionDeviation {
        if (arm != 0 && arm != 1) {
            throw new IllegalArgumentException("deviation: arm must be 0 (left) or 1 (right), got " + arm);
        }
        if (start < 0 || frames < 1) {
            throw new IllegalArgumentException("deviation: need start >= 0 and frames >= 1, got " + start + ", " + frames);
        }
        if (offsetMm.length != 3) {
            throw new IllegalArgumentException("deviation: offset needs 3 values (x, y, z mm), got " + offsetMm.length);
        }
        offsetMm = offsetMm.clone();
    }

    /** A jump of {@code mm} along x of one arm's tip for {@code frames} frames. */
    public static MotionDeviation jump(int arm, int start, int frames, double mm) {
        return new MotionDeviation(arm, start, frames, new double[] {mm, 0, 0}, 0, 0);
    }

    /** A tremor of amplitude {@code mm} at {@code hz} of one arm's tip for {@code frames} frames. */
    public static MotionDeviation tremor(int arm, int start, int frames, double mm, double hz) {
        return new MotionDeviation(arm, start, frames, new double[3], mm, hz);
    }

    /** A copy of {@code trial} with the deviation (it must start inside the trial; it is cut at its end). */
    public Trial apply(Trial trial) {
        int n = trial.frames();
        if (start >= n) {
            throw new IllegalArgumentException("deviation: starts at frame " + start + " but trial " + trial.name()
                    + " has " + n + " frames");
        }
        int end = Math.min(n, start + frames);
        float[][] k = new float[n][];
        for (int t = 0; t < n; t++) {
            k[t] = trial.kinematics()[t].clone();
        }
        int[] arms = {arm == 0 ? Kinematics.SLAVE_LEFT : Kinematics.SLAVE_RIGHT, arm == 0 ? Kinematics.MASTER_LEFT : Kinematics.MASTER_RIGHT};
        double[] scale = {1, 3};
        for (int t = start; t < end; t++) {
            double wave = tremorMm * Math.sin(2 * Math.PI * tremorHz * (t - start) / Kinematics.HZ) / Math.sqrt(3);
            for (int i = 0; i < 2; i++) {
                int c = Kinematics.column(arms[i], Kinematics.POSITION);
                for (int a = 0; a < 3; a++) {
                    k[t][c + a] += (float) (scale[i] * (offsetMm[a] + wave) * 1e-3);
                }
            }
        }
        for (int t = Math.max(0, start - 1); t <= Math.min(n - 1, end); t++) {
            int prev = Math.max(0, t - 1);
            int next = Math.min(n - 1, t + 1);
            double span = (next - prev) / Kinematics.HZ;
            for (int i = 0; i < 2; i++) {
                int p = Kinematics.column(arms[i], Kinematics.POSITION);
                int v = Kinematics.column(arms[i], Kinematics.LINEAR_VELOCITY);
                for (int a = 0; a < 3; a++) {
                    k[t][v + a] = (float) ((k[next][p + a] - k[prev][p + a]) / span);
                }
            }
        }
        return new Trial(trial.name(), trial.user(), trial.skill(), trial.grs(), k, trial.labels().clone(), trial.simulated());
    }
}

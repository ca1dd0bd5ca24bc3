package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MotionDeviationTest {
    private static Trial still(int n) {
        return new Trial("Suturing_X001", "X", Skill.EXPERT, -1, new float[n][Kinematics.COLUMNS], new int[n], true);
    }

    @Test
    void jumpMovesSlaveAndMasterAndRecomputesVelocities() {
        Trial t = MotionDeviation.jump(0, 5, 5, 3).apply(still(15));     // left tip +3 mm in x on frames 5..9
        int slave = Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.POSITION);
        int master = Kinematics.column(Kinematics.MASTER_LEFT, Kinematics.POSITION);
        int v = Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.LINEAR_VELOCITY);
        for (int f = 0; f < 15; f++) {
            boolean in = f >= 5 && f < 10;
            assertEquals(in ? 0.003 : 0, t.kinematics()[f][slave], 1e-7, "slave x, frame " + f);
            assertEquals(in ? 0.009 : 0, t.kinematics()[f][master], 1e-7, "master x (3:1 scaling), frame " + f);
            assertEquals(0, t.kinematics()[f][slave + 1], 0.0);
            assertEquals(0, t.kinematics()[f][Kinematics.column(Kinematics.SLAVE_RIGHT, Kinematics.POSITION)], 0.0);
            // central differences: ±3 mm over 2 frames (1/15 s) = ±0.045 m/s next to each edge
            double expected = f == 4 || f == 5 ? 0.045 : f == 9 || f == 10 ? -0.045 : 0;
            assertEquals(expected, t.kinematics()[f][v], 1e-6, "velocity, frame " + f);
        }
    }

    @Test
    void tremorIsASineAlongTheDiagonal() {
        // 7.5 Hz at 30 Hz: a quarter period per frame, so the sine is 0, 1, 0, −1, …
        Trial t = MotionDeviation.tremor(1, 2, 8, Math.sqrt(3), 7.5).apply(still(12));
        int c = Kinematics.column(Kinematics.SLAVE_RIGHT, Kinematics.POSITION);
        double[] expected = {0, 0, 0, 1e-3, 0, -1e-3, 0, 1e-3, 0, -1e-3, 0, 0};
        for (int f = 0; f < 12; f++) {
            for (int a = 0; a < 3; a++) {
                assertEquals(expected[f], t.kinematics()[f][c + a], 1e-7, "frame " + f + " axis " + a);
            }
        }
    }

    @Test
    void leavesTheInputAloneAndRefusesBadArguments() {
        Trial t = still(10);
        MotionDeviation.jump(1, 0, 20, 5).apply(t);                     // cut at the end of the trial
        assertArrayEquals(new float[Kinematics.COLUMNS], t.kinematics()[3]);
        assertThrows(IllegalArgumentException.class, () -> MotionDeviation.jump(2, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> MotionDeviation.jump(0, 10, 5, 1).apply(t));
    }
}

package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionForecasterTest {
    @Test
    void constantVelocityIsExactOnAStraightLineAtConstantSpeed() {
        // both tips move 1 mm per frame along x at 30 mm/s (30 Hz): the baseline has no error
        int n = 20;
        float[][] k = new float[n][Kinematics.COLUMNS];
        for (int f = 0; f < n; f++) {
            for (int arm : new int[] {Kinematics.SLAVE_LEFT, Kinematics.SLAVE_RIGHT}) {
                k[f][Kinematics.column(arm, Kinematics.POSITION)] = 0.001f * f;
                k[f][Kinematics.column(arm, Kinematics.LINEAR_VELOCITY)] = 0.03f;
            }
        }
        Trial line = new Trial("Suturing_X001", "X", Skill.EXPERT, -1, k, new int[n], true);
        assertEquals(0.0, MotionForecaster.constantVelocityError(List.of(line), 1, 5), 1e-4);
        // zero velocity recorded: the forecast stays put and misses by exactly 5 frames × 1 mm
        for (float[] row : k) {
            row[Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.LINEAR_VELOCITY)] = 0;
            row[Kinematics.column(Kinematics.SLAVE_RIGHT, Kinematics.LINEAR_VELOCITY)] = 0;
        }
        assertEquals(5.0, MotionForecaster.constantVelocityError(List.of(line), 1, 5), 1e-4);
        assertEquals(10f * 0.5f, MotionForecaster.displacements(line, 5)[0][0] * 10, 1e-4);   // 0.5 cm = 5 mm
    }

    @Test
    void networkTrainsAndIsScoredInMillimetres() {
        SurgerySimulator sim = new SurgerySimulator(2);
        List<Trial> train = List.of(sim.trial("D", Skill.EXPERT, 1), sim.trial("E", Skill.EXPERT, 1));
        MotionForecaster.Trained f = MotionForecaster.train(train, 3, 3, 16, 40, 3, 1);
        double net = MotionForecaster.error(f, List.of(sim.trial("E", Skill.EXPERT, 2)));
        assertTrue(net > 0 && net < 20, "mean tip error " + net + " mm");
    }
}

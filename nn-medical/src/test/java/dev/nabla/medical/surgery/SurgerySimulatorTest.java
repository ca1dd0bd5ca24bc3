package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurgerySimulatorTest {
    @Test
    void sameSeedSameTrialOtherSeedOtherTrial() {
        Trial a = new SurgerySimulator(7).trial("B", Skill.NOVICE, 1);
        Trial b = new SurgerySimulator(7).trial("B", Skill.NOVICE, 1);
        Trial c = new SurgerySimulator(8).trial("B", Skill.NOVICE, 1);
        assertArrayEquals(a.labels(), b.labels());
        for (int t = 0; t < a.frames(); t++) {
            assertArrayEquals(a.kinematics()[t], b.kinematics()[t]);
        }
        assertFalse(a.frames() == c.frames() && a.kinematics()[a.frames() / 2][0] == c.kinematics()[a.frames() / 2][0]);
        assertTrue(a.simulated());
        assertEquals("Suturing_B001", a.name());
    }

    @Test
    void framesFollowTheJigsawsLayout() {
        Trial t = new SurgerySimulator(1).trial("D", Skill.EXPERT, 2);
        assertEquals(Kinematics.COLUMNS, t.kinematics()[0].length);
        for (int f = 0; f < t.frames(); f += 97) {
            for (int arm = 0; arm < Kinematics.ARMS; arm++) {
                double[][] r = new double[3][3];
                for (int i = 0; i < 9; i++) {
                    r[i / 3][i % 3] = t.kinematics()[f][Kinematics.column(arm, Kinematics.ROTATION + i)];
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double dot = r[i][0] * r[j][0] + r[i][1] * r[j][1] + r[i][2] * r[j][2];
                        assertEquals(i == j ? 1 : 0, dot, 1e-5, "R·Rᵀ of arm " + arm + " at frame " + f);
                    }
                }
            }
        }
        // linear velocity is the central difference of the position
        int f = t.frames() / 2;
        int x = Kinematics.column(Kinematics.SLAVE_RIGHT, Kinematics.POSITION);
        int vx = Kinematics.column(Kinematics.SLAVE_RIGHT, Kinematics.LINEAR_VELOCITY);
        double expected = (t.kinematics()[f + 1][x] - t.kinematics()[f - 1][x]) * Kinematics.HZ / 2;
        assertEquals(expected, t.kinematics()[f][vx], 1e-4);
    }

    @Test
    void gesturesFollowTheSuturingGrammar() {
        for (Trial t : new SurgerySimulator(3).generate(2)) {
            List<Segment> s = t.segments();
            assertEquals(Gesture.G1.index(), s.get(0).label(), t.name());
            assertEquals(Gesture.G5.index(), s.get(1).label(), t.name());
            assertEquals(Gesture.G8.index(), s.get(2).label(), t.name());
            assertEquals(Gesture.G2.index(), s.get(3).label(), t.name());
            assertEquals(Gesture.G3.index(), s.get(4).label(), t.name());
            assertEquals(Gesture.G11.index(), s.get(s.size() - 1).label(), t.name());
            assertTrue(s.stream().filter(g -> g.label() == Gesture.G3.index()).count() >= 4, t.name());
            assertEquals(Trial.UNLABELLED, t.labels()[0]);
            assertEquals(Trial.UNLABELLED, t.labels()[t.frames() - 1]);
        }
    }

    @Test
    void novicesAreSlowerShakierAndScoreLower() {
        List<Trial> trials = new SurgerySimulator(5).generate(3);
        double[] seconds = new double[3];
        double[] path = new double[3];
        double[] grs = new double[3];
        int[] n = new int[3];
        for (Trial t : trials) {
            int k = t.skill().ordinal();
            seconds[k] += t.seconds();
            path[k] += SkillFeatures.pathLength(t, Kinematics.SLAVE_RIGHT);
            grs[k] += t.grs();
            n[k]++;
        }
        int nov = Skill.NOVICE.ordinal();
        int exp = Skill.EXPERT.ordinal();
        assertTrue(seconds[nov] / n[nov] > 1.4 * seconds[exp] / n[exp], "novice vs expert duration");
        assertTrue(path[nov] / n[nov] > 1.2 * path[exp] / n[exp], "novice vs expert path length");
        assertTrue(grs[nov] / n[nov] < grs[exp] / n[exp] - 5, "novice vs expert GRS");
    }
}

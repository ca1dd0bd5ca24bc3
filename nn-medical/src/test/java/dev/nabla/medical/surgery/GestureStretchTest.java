package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GestureStretchTest {
    @Test
    void replaysOneSegmentSlowerAndKeepsTheRest() {
        // labels: G1 ×2, G5 ×4 (x = 0, 1, 2, 3 mm, velocity 30 mm/s), G8 ×2
        int[] labels = {0, 0, 4, 4, 4, 4, 7, 7};
        float[][] k = new float[8][Kinematics.COLUMNS];
        int x = Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.POSITION);
        int v = Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.LINEAR_VELOCITY);
        for (int f = 0; f < 8; f++) {
            k[f][x] = 0.001f * Math.max(0, Math.min(3, f - 2));
            k[f][v] = 0.03f;
        }
        Trial t = new Trial("Suturing_X001", "X", Skill.EXPERT, -1, k, labels, true);
        Trial slow = GestureStretch.apply(t, 1, 2.5);                   // L = 4 → L' = 10, speed (4−1)/(10−1) = 1/3
        assertEquals(14, slow.frames());
        assertArrayEquals(new int[] {0, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 7, 7}, slow.labels());
        for (int j = 0; j < 10; j++) {
            assertEquals(0.001 * j / 3, slow.kinematics()[2 + j][x], 1e-7, "stretched frame " + j);
            assertEquals(0.01, slow.kinematics()[2 + j][v], 1e-7, "velocity / 3, frame " + j);
        }
        assertEquals(0.003, slow.kinematics()[12][x], 1e-7);
        assertEquals(0.03, slow.kinematics()[12][v], 1e-7);
        assertEquals(10, slow.segments().get(1).length());
        assertThrows(IllegalArgumentException.class, () -> GestureStretch.apply(t, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> GestureStretch.apply(t, 0, 0.5));
    }
}

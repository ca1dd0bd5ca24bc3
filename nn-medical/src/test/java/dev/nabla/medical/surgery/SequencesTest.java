package dev.nabla.medical.surgery;

import dev.nabla.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SequencesTest {
    private static float[][] ramp(int frames, int features, float start) {
        float[][] f = new float[frames][features];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < features; c++) {
                f[t][c] = start + t + 100 * c;
            }
        }
        return f;
    }

    @Test
    void windowsCoverTheEndAndOneHotTheLabels() {
        float[][] f = ramp(10, 2, 0);
        int[] labels = {-1, 0, 0, 1, 1, 1, 2, 2, 2, -1};
        Dataset d = Sequences.windows(List.<float[][]>of(f), List.of(labels), 4, 3, 3);
        // starts 0, 3, 6 (6 + 4 = 10 reaches the end)
        assertArrayEquals(new int[] {3, 4, 2}, d.x().shape());
        assertArrayEquals(new int[] {3, 4, 3}, d.y().shape());
        assertEquals(3f, d.x().get(1, 0, 0));
        assertEquals(106f, d.x().get(2, 0, 1));
        assertArrayEquals(new float[] {0, 0, 0}, new float[] {d.y().get(0, 0, 0), d.y().get(0, 0, 1), d.y().get(0, 0, 2)});
        assertEquals(1f, d.y().get(0, 1, 0));
        assertEquals(1f, d.y().get(2, 0, 2));

        // stride 4: starts 0, 4 and then 6 so the last frames are covered
        assertEquals(3, Sequences.windows(List.<float[][]>of(f), List.of(labels), 4, 4, 3).size());
    }

    @Test
    void padMasksTheTail() {
        Sequences.Padded p = Sequences.pad(List.of(ramp(3, 2, 1), ramp(5, 2, 1)));
        assertArrayEquals(new int[] {2, 5, 2}, p.x().shape());
        assertArrayEquals(new float[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, p.mask().toArray());
        assertEquals(0f, p.x().get(0, 4, 1));
        assertEquals(105f, p.x().get(1, 4, 1));
        assertArrayEquals(new int[] {3, 5}, p.lengths());
    }

    @Test
    void downsampleAndStandardize() {
        Trial t = new SurgerySimulator(2).trial("C", Skill.INTERMEDIATE, 1);
        Trial d = Sequences.downsample(t, 3);
        assertEquals((t.frames() + 2) / 3, d.frames());
        assertEquals(t.labels()[30], d.labels()[10]);
        assertArrayEquals(t.kinematics()[30], d.kinematics()[10]);

        Standardizer s = Standardizer.fit(List.of(t));
        float[][] z = s.apply(t.kinematics());
        double sum = 0;
        double sq = 0;
        for (float[] row : z) {
            sum += row[0];
            sq += row[0] * row[0];
        }
        assertEquals(0, sum / z.length, 1e-4);
        assertEquals(1, sq / z.length, 1e-3);
    }

    @Test
    void leaveOneUserOutHoldsOutEachUserOnce() {
        List<Trial> trials = new SurgerySimulator(4).generate(2);
        List<Sequences.Split> splits = Sequences.leaveOneUserOut(trials);
        assertEquals(8, splits.size());
        for (Sequences.Split s : splits) {
            assertEquals(2, s.test().size());
            assertEquals(14, s.train().size());
            s.train().forEach(t -> assertEquals(false, t.user().equals(s.heldOutUser())));
            s.test().forEach(t -> assertEquals(s.heldOutUser(), t.user()));
        }
        assertEquals("B", splits.get(0).heldOutUser());
    }
}

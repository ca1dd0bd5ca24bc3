package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationMonitorTest {
    private static Trial labelled(int... labels) {
        return new Trial("t", "X", Skill.EXPERT, -1, new float[labels.length][Kinematics.COLUMNS], labels, true);
    }

    private static int[] runs(int... labelAndLength) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < labelAndLength.length; i += 2) {
            for (int k = 0; k < labelAndLength[i + 1]; k++) {
                out.add(labelAndLength[i]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void limitsAreQuantilesOfTheSegmentLengths() {
        // G1 segments of 10, 20, 30, 40 frames (split by G5 and unlabelled frames); G5 segments 5 and 7
        DurationMonitor m = DurationMonitor.calibrate(List.of(
                labelled(runs(0, 10, 4, 5, 0, 20)),
                labelled(runs(-1, 3, 0, 30, -1, 2, 0, 40, 4, 7))), 0.99);
        assertEquals(39.7, m.limit(Gesture.G1), 1e-9);                  // h = 3·0.99: 30 + 0.97·10
        assertEquals(6.98, m.limit(Gesture.G5), 1e-9);                  // h = 0.99: 5 + 0.99·2
        assertTrue(Double.isNaN(m.limit(Gesture.G11)));
        assertEquals(25.0, DurationMonitor.calibrate(List.of(labelled(runs(0, 10, 4, 5, 0, 20, 4, 5, 0, 30, 4, 5, 0, 40))), 0.5)
                .limit(Gesture.G1), 1e-9);
    }

    @Test
    void alertsOncePerOccurrenceWhenTheLimitIsPassed() {
        double[] limits = new double[Gesture.COUNT];
        java.util.Arrays.fill(limits, Double.NaN);
        limits[Gesture.G1.index()] = 3.5;
        DurationMonitor m = new DurationMonitor(limits);
        assertNull(m.step(0, null));
        assertNull(m.step(1, Gesture.G1));                              // lengths 1, 2, 3 ≤ 3.5
        assertNull(m.step(2, Gesture.G1));
        assertNull(m.step(3, Gesture.G1));
        assertEquals("G1 has lasted 0.13 s, longer than the training limit 0.12 s", m.step(4, Gesture.G1));   // 4 > 3.5 frames
        assertNull(m.step(5, Gesture.G1));                              // once per occurrence
        for (int f = 6; f < 20; f++) {
            assertNull(m.step(f, Gesture.G5), "no limit for G5");
        }
        assertNull(m.step(20, Gesture.G1));                             // a new occurrence starts counting again
        assertNull(m.step(22, Gesture.G1));
        assertTrue(m.step(23, Gesture.G1) != null);
    }

    @Test
    void firesOnAStretchedSimulatedGestureAndNotOnTheCleanTrial() {
        SurgerySimulator sim = new SurgerySimulator(11);
        List<Trial> train = new ArrayList<>();
        for (String user : List.of("C", "E", "F", "G", "H", "I")) {
            for (int k = 1; k <= 3; k++) {
                train.add(sim.trial(user, SurgerySimulator.JIGSAWS_USERS.get(user), k));
            }
        }
        DurationMonitor m = DurationMonitor.calibrate(train, 0.99);
        Trial clean = sim.trial("D", Skill.EXPERT, 1);
        assertEquals(-1, firstAlert(m, clean, 0), "an expert's clean trial is never slower than the 99% limits");
        int index = clean.segments().size() / 2;
        Segment s = clean.segments().get(index);
        Trial slow = GestureStretch.apply(clean, index, 5);
        double limit = m.limit(Gesture.ofIndex(s.label()));
        assertTrue(5 * s.length() > limit + 1, "the stretched " + Gesture.ofIndex(s.label()) + " (" + 5 * s.length()
                + " frames) outlasts its limit " + limit);
        // (limits are pooled over skills, and experts are 1.8× faster than novices: hence 5×, not 3×)
        // fed the true labels, the alert comes at the first frame whose run length exceeds the limit
        assertEquals(s.start() + (int) Math.floor(limit), firstAlert(m, slow, 0));
    }

    private static int firstAlert(DurationMonitor m, Trial t, int from) {
        m.reset();
        for (int f = 0; f < t.frames(); f++) {
            int label = t.labels()[f];
            if (m.step(f, label < 0 ? null : Gesture.ofIndex(label)) != null && f >= from) {
                return f;
            }
        }
        return -1;
    }
}

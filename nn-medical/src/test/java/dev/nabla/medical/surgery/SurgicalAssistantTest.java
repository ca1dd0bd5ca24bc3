package dev.nabla.medical.surgery;

import dev.nabla.nn.Sequential;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurgicalAssistantTest {
    private static double[] limits(double frames) {
        double[] l = new double[Gesture.COUNT];
        Arrays.fill(l, frames);
        return l;
    }

    @Test
    void combinesTheGestureStreamAndBothMonitorsFrameByFrame() {
        SurgerySimulator sim = new SurgerySimulator(3);
        Trial clean = sim.trial("E", Skill.EXPERT, 1);
        Trial trial = MotionDeviation.jump(0, 600, 60, 10).apply(clean);
        Sequential model = GestureRecognizer.lstm(8, Gesture.COUNT);
        model.seed(5);
        model.build(10, Kinematics.COLUMNS);
        GestureRecognizer.Trained trained = new GestureRecognizer.Trained(model,
                Standardizer.fit(List.of(Sequences.downsample(clean, 3))), 3, null);
        GestureGrammar grammar = GestureGrammar.fit(List.of(clean));
        SurgicalAssistant assistant = new SurgicalAssistant(new GestureStream(trained, grammar, 2, 0.05),
                new MotionMonitor(TipPredictor.constantVelocity(3, 9), 5, 2), new DurationMonitor(limits(60)));
        // the same three parts, run on their own
        GestureStream stream = new GestureStream(trained, grammar, 2, 0.05);
        MotionMonitor motion = new MotionMonitor(TipPredictor.constantVelocity(3, 9), 5, 2);
        DurationMonitor duration = new DurationMonitor(limits(60));
        List<SurgicalAssistant.Alert> got = new ArrayList<>();
        List<SurgicalAssistant.Alert> expected = new ArrayList<>();
        for (int f = 0; f < 900; f++) {
            float[] frame = trial.kinematics()[f];
            SurgicalAssistant.Update u = assistant.step(frame);
            GestureStream.Update g = stream.step(frame);
            MotionMonitor.Check c = motion.step(frame);
            String late = duration.step(f, g.current());
            assertEquals(f, u.frame());
            assertEquals(g.current(), u.current(), "frame " + f);
            assertEquals(g.next(), u.next(), "frame " + f);
            assertEquals(g.confidence(), u.confidence(), 0.0);
            assertEquals(c.errorMm(), u.motionErrorMm(), 0.0);
            if (g.alert() != null) {
                expected.add(new SurgicalAssistant.Alert(f, SurgicalAssistant.Kind.GRAMMAR, g.alert()));
            }
            if (c.alert() != null) {
                expected.add(new SurgicalAssistant.Alert(f, SurgicalAssistant.Kind.MOTION, c.alert()));
            }
            if (late != null) {
                expected.add(new SurgicalAssistant.Alert(f, SurgicalAssistant.Kind.DURATION, late));
            }
            got.addAll(u.alerts());
        }
        assertEquals(expected, got);
        // the jump of frame 600 is among them, within 5 frames (see MotionMonitorTest)
        assertTrue(got.stream().anyMatch(a -> a.kind() == SurgicalAssistant.Kind.MOTION && a.frame() >= 600 && a.frame() <= 605), got.toString());
        assertTrue(got.stream().anyMatch(a -> a.kind() == SurgicalAssistant.Kind.DURATION), "an untrained network holds one class > 2 s");
        assertEquals("  20.00 s (frame   600) motion   x",
                new SurgicalAssistant.Alert(600, SurgicalAssistant.Kind.MOTION, "x").toString());
    }

    @Test
    void withoutAGestureStreamItIsGivenTheGesture() {
        SurgicalAssistant a = new SurgicalAssistant(null, new MotionMonitor(TipPredictor.constantVelocity(1, 1), 5, 2),
                new DurationMonitor(limits(2)));
        float[] still = new float[Kinematics.COLUMNS];
        assertThrows(IllegalStateException.class, () -> a.step(still));
        assertTrue(a.step(still, Gesture.G1).alerts().isEmpty());
        assertTrue(a.step(still, Gesture.G1).alerts().isEmpty());
        SurgicalAssistant.Update u = a.step(still, Gesture.G1);                  // third frame of G1 > 2
        assertEquals(List.of(SurgicalAssistant.Kind.DURATION), u.alerts().stream().map(SurgicalAssistant.Alert::kind).toList());
        assertEquals(Gesture.G1, u.current());
        assertTrue(Double.isNaN(u.confidence()));
        a.reset();
        assertEquals(0, a.step(still, Gesture.G1).frame());
    }
}

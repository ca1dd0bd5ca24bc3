package dev.nabla.medical.surgery;

import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GestureStreamTest {
    private static Trial labelled(String name, int... labels) {
        return new Trial(name, "X", Skill.EXPERT, -1, new float[labels.length][Kinematics.COLUMNS], labels, true);
    }

    @Test
    void grammarCountsSegmentTransitions() {
        // segments: G1 G5 G8 | G1 G5 G2 → G1→G5 twice, G5→G8 once, G5→G2 once
        GestureGrammar g = GestureGrammar.fit(List.of(
                labelled("a", -1, 0, 0, 4, 4, 7),
                labelled("b", 0, 4, 1, 1, -1)));
        assertEquals(1.0, g.probability(Gesture.G1, Gesture.G5), 1e-12);
        assertEquals(0.5, g.probability(Gesture.G5, Gesture.G8), 1e-12);
        assertEquals(0.5, g.probability(Gesture.G5, Gesture.G2), 1e-12);
        assertEquals(0.0, g.probability(Gesture.G8, Gesture.G1), 1e-12);
        assertEquals(Gesture.G5, g.mostLikelyNext(Gesture.G1));
        assertNull(g.mostLikelyNext(Gesture.G11));
    }

    @Test
    void streamingGivesTheWholeSequenceResultFrameByFrame() {
        Trial trial = new SurgerySimulator(3).trial("E", Skill.EXPERT, 1);
        Sequential model = GestureRecognizer.lstm(8, Gesture.COUNT);
        model.seed(5);
        model.build(10, Kinematics.COLUMNS);
        GestureRecognizer.Trained trained = new GestureRecognizer.Trained(model,
                Standardizer.fit(List.of(Sequences.downsample(trial, 3))), 3, null);
        Tensor whole = GestureRecognizer.probabilities(trained, trial);          // (frames/3, 15)
        GestureStream stream = new GestureStream(trained, GestureGrammar.fit(List.of(trial)), 2, 0.05);
        for (int f = 0; f < 300; f++) {
            GestureStream.Update u = stream.step(trial.kinematics()[f]);
            assertEquals(f, u.frame());
            float max = 0;
            for (int c = 0; c < Gesture.COUNT; c++) {
                max = Math.max(max, whole.get(f / 3, c));
            }
            assertEquals(max, u.confidence(), 1e-4, "frame " + f);
        }
        stream.reset();
        assertEquals(0, stream.step(trial.kinematics()[0]).frame());
    }

    private static float[] onehot(Gesture g) {
        float[] p = new float[Gesture.COUNT];
        p[g.index()] = 1;
        return p;
    }

    @Test
    void debouncesFlickerAndAlertsOnUnseenTransitions() {
        Trial trial = new SurgerySimulator(3).trial("E", Skill.EXPERT, 1);
        Sequential model = GestureRecognizer.lstm(4, Gesture.COUNT);
        model.build(10, Kinematics.COLUMNS);
        GestureRecognizer.Trained trained = new GestureRecognizer.Trained(model, Standardizer.fit(List.of(trial)), 3, null);
        // training grammar: G1 → G5 → G8 only
        GestureGrammar grammar = GestureGrammar.fit(List.of(labelled("g", 0, 0, 4, 4, 7, 7)));
        GestureStream s = new GestureStream(trained, grammar, 2, 0.05);
        assertNull(s.observe(onehot(Gesture.G1)));                  // first step: not settled yet (hold 2)
        assertNull(s.observe(onehot(Gesture.G1)));                  // settled: G1, no alert for the first gesture
        assertNull(s.observe(onehot(Gesture.G11)));                 // one-step flicker …
        assertNull(s.observe(onehot(Gesture.G1)));                  // … is ignored
        assertNull(s.observe(onehot(Gesture.G5)));
        assertNull(s.observe(onehot(Gesture.G5)));                  // G1 → G5 seen in training: no alert
        assertNull(s.observe(onehot(Gesture.G3)));
        assertEquals("unusual transition G5 → G3 (P = 0.00 in training)", s.observe(onehot(Gesture.G3)));
    }
}

package dev.nabla.medical.surgery;

import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GestureRecognizerTest {
    @TempDir
    Path dir;

    @Test
    void bothArchitecturesLabelEveryFrame() {
        Sequential uni = GestureRecognizer.lstm(8, Gesture.COUNT);
        uni.build(20, Kinematics.COLUMNS);
        assertArrayEquals(new int[] {20, 15}, uni.outputShape(new int[] {20, Kinematics.COLUMNS}));
        Sequential bi = GestureRecognizer.bidirectional(8, Gesture.COUNT);
        bi.build(20, Kinematics.COLUMNS);
        Tensor y = bi.predict(Tensor.zeros(2, 20, Kinematics.COLUMNS));
        assertArrayEquals(new int[] {2, 20, 15}, y.shape());
        assertEquals(1f, y.slice(0, 0, 1).slice(1, 3, 4).sum().item(), 1e-5f);   // softmax per frame
    }

    @Test
    void learnsTheSimulatedGesturesAndSurvivesSaveLoad() throws Exception {
        SurgerySimulator sim = new SurgerySimulator(9);
        List<Trial> train = List.of(sim.trial("D", Skill.EXPERT, 1), sim.trial("E", Skill.EXPERT, 1),
                sim.trial("C", Skill.INTERMEDIATE, 1), sim.trial("D", Skill.EXPERT, 2));
        GestureRecognizer.Config config = new GestureRecognizer.Config(GestureRecognizer.Architecture.LSTM, 16, 3, 40, 20,
                4, 8, 1e-2, 1);
        GestureRecognizer.Trained trained = GestureRecognizer.train(train, config);
        List<Trial> test = List.of(sim.trial("E", Skill.EXPERT, 2));
        GestureRecognizer.Scores scores = GestureRecognizer.evaluate(trained, test);
        // chance is ~1/10 (10 gestures occur); a few epochs on 4 expert trials should reach well above it
        assertTrue(scores.accuracy() > 40, scores.toString());

        Path file = dir.resolve("g.nabla");
        GestureRecognizer.save(trained, file, Map.of("note", "test"));
        GestureRecognizer.Trained back = GestureRecognizer.load(file);
        assertArrayEquals(GestureRecognizer.predict(trained, test.get(0)), GestureRecognizer.predict(back, test.get(0)));
        assertEquals(scores.accuracy(), GestureRecognizer.evaluate(back, test).accuracy(), 1e-9);
    }
}

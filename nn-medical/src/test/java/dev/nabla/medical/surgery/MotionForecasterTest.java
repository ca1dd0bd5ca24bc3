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

    @Test
    void streamingPredictorMatchesTheWholeSequenceForecastAndSurvivesSaving(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Trial trial = new SurgerySimulator(4).trial("E", Skill.EXPERT, 1);
        Trial small = Sequences.downsample(trial, 3);
        dev.nabla.nn.Sequential model = new dev.nabla.nn.Sequential(new dev.nabla.nn.LSTM(8).returnSequences(true),
                new dev.nabla.nn.TimeDistributed(new dev.nabla.nn.Dense(6)));
        model.seed(3);
        model.build(10, Kinematics.COLUMNS);
        MotionForecaster.Trained f = new MotionForecaster.Trained(model, Standardizer.fit(List.of(small)), 3, 2);
        float[][] z = f.standardizer().apply(small.kinematics());
        float[] whole = model.predict(Sequences.pad(List.<float[][]>of(java.util.Arrays.copyOf(z, 50))).x()).contiguous().toArray();
        java.nio.file.Path file = dir.resolve("forecaster.nabla");
        double[] per = new double[Gesture.COUNT];
        java.util.Arrays.fill(per, Double.NaN);
        per[Gesture.G4.index()] = 7.5;
        MotionForecaster.save(f, file, MotionForecaster.thresholdMetadata(new MotionThresholds(4.25, per)));
        MotionThresholds thresholds = MotionForecaster.savedThresholds(file).orElseThrow();
        assertEquals(4.25, thresholds.pooled(), 1e-12);
        assertEquals(7.5, thresholds.of(Gesture.G4), 1e-12);
        assertEquals(4.25, thresholds.of(Gesture.G3), 1e-12);           // no threshold of its own: the pooled one
        assertEquals(4.25, thresholds.of(null), 1e-12);
        MotionForecaster.Trained back = MotionForecaster.load(file);
        assertEquals(3, back.downsample());
        assertEquals(2, back.horizon());
        for (MotionForecaster.Trained which : List.of(f, back)) {
            TipPredictor p = MotionForecaster.predictor(which);
            assertEquals(3, p.stride());
            assertEquals(6, p.lead());
            for (int step = 0; step < 50; step++) {
                float[] frame = trial.kinematics()[3 * step];
                double[] got = p.step(frame);
                for (int tip = 0; tip < 2; tip++) {
                    for (int a = 0; a < 3; a++) {
                        // tip position + the network's displacement (cm → m)
                        double expected = frame[TipPredictor.TIPS[tip] + a] + whole[step * 6 + tip * 3 + a] / 100.0;
                        assertEquals(expected, got[tip * 3 + a], 1e-6, "step " + step);
                    }
                }
            }
        }
    }
}

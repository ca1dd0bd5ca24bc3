package dev.nabla.medical.diagnosis;

import dev.nabla.medical.clinical.Bootstrap;
import dev.nabla.medical.clinical.ScoredCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagnosticReportTest {
    @Test
    void linesCarryTheSklearnExampleValues() {
        // roc_auc_score = 0.75, average_precision_score = 0.8333 (scikit-learn docs); at 0.5 only 0.8 is called
        ScoredCases c = ScoredCases.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
        DiagnosticReport r = DiagnosticReport.of(c, 0.5, new Bootstrap(200, 0.95, 1));
        List<String> lines = r.lines();
        assertTrue(lines.contains("roc_auc=0.7500"), lines.toString());
        assertTrue(lines.contains("average_precision=0.8333"), lines.toString());
        assertTrue(lines.contains("sensitivity=0.5000") && lines.contains("specificity=1.0000"), lines.toString());
        assertTrue(lines.contains("tp=1") && lines.contains("fn=1") && lines.contains("tn=2") && lines.contains("fp=0"));
        // Wilson interval of sensitivity 1/2 (R: prop.test(1, 2, correct = FALSE): 0.09453121 0.90546879)
        assertEquals(0.09453121, r.wilson("sensitivity").lower(), 1e-6);
        assertEquals(0.90546879, r.wilson("sensitivity").upper(), 1e-6);
    }

    @Test
    void undefinedMetricsBecomeNaNNotAnError() {
        ScoredCases c = ScoredCases.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
        DiagnosticReport r = DiagnosticReport.of(c, 0.99, new Bootstrap(100, 0.95, 1)); // nobody called positive
        assertTrue(Double.isNaN(r.interval("ppv").estimate()));
        assertTrue(Double.isNaN(r.interval("ppv").lower()));
        assertThrows(IllegalArgumentException.class, () -> r.interval("youden"));
    }

    @Test
    void trainedModelRoundTripsThroughItsFile(@TempDir Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(4);
        float[][] x = new float[60][3];
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = i % 2;
            for (int c = 0; c < 3; c++) {
                x[i][c] = (float) (100 + 10 * rng.nextDouble() + 5 * y[i] * c);
            }
        }
        TabularDiagnosis.Trained t = new TabularDiagnosis(4, 0, 5, 16, 1e-2, 3).train(x, y);
        Path file = dir.resolve("m.nabla");
        t.save(file, java.util.Map.of("data_sha256", "test"));
        TabularDiagnosis.Trained back = TabularDiagnosis.Trained.load(file);
        assertArrayEquals(t.probabilities(x), back.probabilities(x), 1e-6f);
        assertArrayEquals(t.standardizer().mean(), back.standardizer().mean(), 1e-3f);
        assertTrue(Files.size(file) > 0);
    }
}

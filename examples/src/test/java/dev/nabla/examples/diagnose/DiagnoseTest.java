package dev.nabla.examples.diagnose;

import dev.nabla.medical.clinical.ScoredCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagnoseTest {
    @TempDir
    Path dir;

    @Test
    void evaluateScoresCsvPrintsTheSklearnExampleAuc() throws Exception {
        // scikit-learn roc_auc_score doc example: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] → 0.75
        Path csv = Files.writeString(dir.resolve("s.csv"), "score,label\n0.1,0\n0.4,0\n0.35,1\n0.8,1\n");
        String out = run("evaluate", "--scores", csv.toString(), "--bootstrap", "200", "--out", dir.toString());
        assertTrue(out.contains("\nroc_auc=0.7500\n"), out);
        assertTrue(out.contains("\naverage_precision=0.8333\n"), out);
        assertTrue(out.contains("threshold_for_sensitivity_0.95=0.3500"), out);
        assertTrue(Files.exists(dir.resolve("scores-roc.png")));
        assertTrue(Files.exists(dir.resolve("scores-calibration.png")));
    }

    @Test
    void badScoreFilesNameTheLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "0.1,0\n0.4;1\n");
        IOException e = assertThrows(IOException.class, () -> ScoredCases.readCsv(csv));
        assertEquals(csv + ": line 2: expected 2 columns, got 1", e.getMessage());
    }

    @Test
    void segmentIsRegistered() {
        assertTrue(Diagnose.commandLine().getSubcommands().containsKey("segment"));
        assertEquals(2, Diagnose.commandLine().execute("train", "--task", "xray"));
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Diagnose.commandLine().execute(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

package dev.nabla.examples;

import dev.nabla.medical.surgery.JigsawsIO;
import dev.nabla.medical.surgery.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurgeryTest {
    @TempDir
    Path dir;

    @Test
    void simulateWritesReadableSimulatedTrialsAndSkillReadsThemBack() throws Exception {
        String out = run("simulate", "--trials-per-user", "1", "--out", dir.toString());
        assertTrue(out.contains("SIMULATED: wrote 8 trials"), out);
        List<Trial> trials = JigsawsIO.read(dir, "Suturing");
        assertEquals(8, trials.size());
        assertTrue(trials.stream().allMatch(Trial::simulated));

        String skill = run("skill", "--data", dir.toString(), "--epochs", "30");
        assertTrue(skill.contains("SIMULATED skill classification, leave-one-user-out over 8 trials"), skill);
    }

    @Test
    void alertsReportsFalseAlertRatesAndDetections() throws Exception {
        run("simulate", "--trials-per-user", "1", "--out", dir.toString());
        String out = run("alerts", "--data", dir.toString());            // test users B, D; 6 training trials
        assertTrue(out.contains("motion alert: constant-velocity forecast 9 frames ahead"), out);
        assertTrue(out.contains("SIMULATED clean held-out trials:"), out);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("SIMULATED jump 10 mm on either slave tip for 2 s from mid-trial \\(4 cases\\): detected (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        // a 10 mm jump is about twice the threshold (≈ 5 mm): the forecasts made before it miss by that much
        assertTrue(Integer.parseInt(m.group(1)) >= 3, out);
        assertTrue(out.contains("slowed 3.0×: duration alert during it in"), out);
    }

    @Test
    void unknownArchitectureIsRefused() {
        assertEquals(2, new CommandLine(new Surgery()).execute("train", "--arch", "cnn"));
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int rc = new CommandLine(new Surgery()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            assertEquals(0, rc, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

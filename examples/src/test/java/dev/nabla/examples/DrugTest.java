package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class DrugTest {
    @TempDir
    Path dir;

    @Test
    void prepareTrainSampleEvaluateEndToEnd() throws Exception {
        String prep = run("prepare", "--work", dir.toString());
        assertTrue(prep.contains("qm9: 337 train / 42 valid / 42 test molecules"), prep);
        String train = run("train", "--work", dir.toString(), "--steps", "4", "--samples", "50", "--select-every", "2");
        assertTrue(train.contains("| samples | 50 |"), train);
        Path model = dir.resolve("molgan-qm9.safetensors");
        assertTrue(Files.isRegularFile(model));
        String sample = run("sample", "--work", dir.toString(), "-n", "30");
        assertTrue(sample.startsWith("30 graphs → "), sample);
        assertEquals(31, Files.readAllLines(dir.resolve("samples-qm9").resolve("generated.smi")).size());
        String eval = run("evaluate", "--work", dir.toString(), "-n", "30");
        assertTrue(eval.contains("train.smi sha256 169c0ecfe8f273ba606b3580ebc41af6504a903a518b0eef72043d0f1d0bc4c6"), eval);
        assertTrue(eval.contains("sampling: 30 graphs"), eval);
        assertTrue(Files.isRegularFile(dir.resolve("report-molgan-qm9").resolve("properties.png")));
    }

    @Test
    void unknownGeneratorAndSettingAreRefusedWithAClearMessage() {
        assertTrue(failure("train", "--work", dir.toString(), "--generator", "vae").contains("generator must be molgan or baseline, got 'vae'"));
        assertTrue(failure("prepare", "--work", dir.toString(), "--setting", "zinc").contains("unknown graph setting 'zinc'"));
    }

    private static String failure(String... args) {
        String[] message = new String[1];
        CommandLine cmd = new CommandLine(new Drug());
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            message[0] = ex.getMessage();
            return 3;
        });
        assertEquals(3, cmd.execute(args));
        return message[0];
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Drug()).execute(args);
            assertEquals(0, code, () -> buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

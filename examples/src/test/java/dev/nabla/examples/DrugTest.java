package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nabla.medical.drug.DrugData;
import picocli.CommandLine;

class DrugTest {
    @TempDir
    Path dir;

    /**
     * The four commands in a temp folder, on the first records of each real source file (the full
     * preparation, 337 training molecules and the documented hash, is checked in nn-medical's
     * MoleculeDatasetTest; here a small subset keeps the test fast).
     */
    @Test
    void prepareTrainSampleEvaluateEndToEnd() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Path full = DrugData.moleculesDirectory();
        Files.write(src.resolve("first_5K.smi"), Files.readAllLines(full.resolve("first_5K.smi")).subList(0, 1500));
        Files.write(src.resolve("wehi_mols.csv"), Files.readAllLines(full.resolve("wehi_mols.csv")).subList(0, 1500));
        String sdf = Files.readString(full.resolve("first_200.props.sdf"));
        int cut = 0;
        for (int i = 0; i < 10; i++) {
            cut = sdf.indexOf("$$$$", cut) + 5;
        }
        Files.writeString(src.resolve("first_200.props.sdf"), sdf.substring(0, cut));
        String prep = run("prepare", "--work", dir.toString(), "--data", src.toString());
        Matcher m = Pattern.compile("qm9: (\\d+) train / (\\d+) valid / (\\d+) test molecules").matcher(prep);
        assertTrue(m.find(), prep);
        int train = Integer.parseInt(m.group(1));
        int valid = Integer.parseInt(m.group(2));
        int n = train + valid + Integer.parseInt(m.group(3));
        assertTrue(n > 20, "expected more than 20 small molecules in the subset, got " + n);
        assertEquals(Math.round(0.1 * n), valid, prep);
        assertEquals(train, Files.readAllLines(dir.resolve("data-qm9").resolve("train.smi")).size());

        String out = run("train", "--work", dir.toString(), "--steps", "4", "--samples", "50", "--select-every", "2", "--select-samples", "20");
        assertTrue(out.contains("| samples | 50 |"), out);
        assertTrue(out.contains("plain decoding:") && out.contains("the same draws, decoding connected (the model's default):"), out);
        assertTrue(out.contains("selection at step 4, temperature 1.25/0.50"), out);
        // two rounds: 2 checkpoints × 6 temperature pairs screened, the 8 best re-scored on 4 fresh draws each
        assertEquals(8, Pattern.compile("finalist step [24], ").matcher(out).results().count(), out);
        assertTrue(out.contains("mean of 4 fresh draws"), out);
        Path model = dir.resolve("molgan-qm9.safetensors");
        assertTrue(Files.isRegularFile(model));
        String sample = run("sample", "--work", dir.toString(), "-n", "30");
        assertTrue(sample.startsWith("30 graphs → "), sample);
        assertEquals(31, Files.readAllLines(dir.resolve("samples-qm9").resolve("generated.smi")).size());
        String eval = run("evaluate", "--work", dir.toString(), "-n", "30", "--bond-temperature", "0.5");
        String hash = DrugData.sha256(dir.resolve("data-qm9").resolve("train.smi"));
        assertTrue(eval.contains("train.smi sha256 " + hash), eval);
        assertTrue(eval.contains("sampling: 30 graphs"), eval);
        assertTrue(eval.contains("(atoms), 0.5 (bonds)"), eval);
        assertTrue(Files.isRegularFile(dir.resolve("report-molgan-qm9").resolve("properties.png")));
        String seeds = run("evaluate", "--work", dir.toString(), "-n", "30", "--seeds", "1,2,3", "--decoding", "connected");
        assertTrue(seeds.contains("30 samples per seed at temperatures") && seeds.contains("decoding connected"), seeds);
        assertEquals(3, Pattern.compile("(?m)^\\| [123] \\| ").matcher(seeds).results().count(), seeds);
        assertTrue(Pattern.compile("(?m)^\\| mean \\| .*\\| met on \\d of 3 \\|$").matcher(seeds).find(), seeds);
        assertTrue(seeds.contains("| min | "), seeds);
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

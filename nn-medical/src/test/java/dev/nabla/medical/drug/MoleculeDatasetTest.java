package dev.nabla.medical.drug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoleculeDatasetTest {
    @Test
    void qm9SettingFromTheRealFilesIsSplitDisjointlyAndReproducibly(@TempDir Path tmp) throws Exception {
        var ds = MoleculeDataset.prepare(DrugData.moleculesDirectory(), GraphSpec.QM9, tmp.resolve("a"), 7, 0.1, 0.1);
        int n = ds.train().size() + ds.valid().size() + ds.test().size();
        System.out.println("qm9 setting: " + ds.describe());
        System.out.println(Files.readString(tmp.resolve("a").resolve(MoleculeDataset.MANIFEST)));
        assertTrue(n > 100, "expected more than 100 small molecules, got " + n);
        var all = new HashSet<String>();
        all.addAll(ds.train());
        all.addAll(ds.valid());
        all.addAll(ds.test());
        assertEquals(n, all.size(), "splits overlap or hold duplicates");
        assertEquals(Math.round(n * 0.1), ds.valid().size());
        for (String s : ds.train()) {
            var d = MoleculeCuration.graphOf(s, GraphSpec.QM9).decode(GraphSpec.QM9);
            assertEquals(s, d.smiles());
        }
        var again = MoleculeDataset.prepare(DrugData.moleculesDirectory(), GraphSpec.QM9, tmp.resolve("b"), 7, 0.1, 0.1);
        assertEquals(ds.sha256(), again.sha256());
        var loaded = MoleculeDataset.load(tmp.resolve("a"), GraphSpec.QM9);
        assertEquals(ds.train(), loaded.train());
    }
}

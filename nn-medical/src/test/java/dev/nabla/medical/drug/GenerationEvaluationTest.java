package dev.nabla.medical.drug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationEvaluationTest {
    @Test
    void goalNeedsBothNoveltyDefinitions() {
        var empty = java.util.Map.<MolecularGraph.Failure, Integer>of();
        // 0.95 valid, 0.6 unique, 0.85 distinct-novel: met only if MolGAN's per-sample novelty is ≥ 0.8 too
        var met = new GenerationEvaluation(0, List.of(), List.of(), empty, 0.95, 0.6, 0.85, 0.8, 0, List.of(), List.of());
        var perSampleLow = new GenerationEvaluation(0, List.of(), List.of(), empty, 0.95, 0.6, 0.85, 0.79, 0, List.of(), List.of());
        var uniqueLow = new GenerationEvaluation(0, List.of(), List.of(), empty, 0.95, 0.49, 0.85, 0.9, 0, List.of(), List.of());
        assertTrue(met.meetsGoal());
        assertFalse(perSampleLow.meetsGoal());
        assertFalse(uniqueLow.meetsGoal());
    }

    @Test
    void handMadeSamplesGiveTheKnownMetricsAndFiles(@TempDir Path tmp) throws Exception {
        GraphSpec spec = GraphSpec.QM9;
        List<MolecularGraph> graphs = new ArrayList<>();
        for (String s : List.of("OCC", "OCC", "CCN", "c1ccccc1", "CC(=O)O", "OCC", "CC=O", "CCN")) {
            graphs.add(MoleculeCuration.graphOf(Chem.canonicalSmiles(MoleculeReader.parseSmiles(s, "t", 1, null)), spec));
        }
        int[] atoms = new int[9];
        atoms[0] = 4;
        atoms[1] = 4;
        int[][] none = new int[9][9];
        graphs.add(new MolecularGraph(atoms, none)); // F F, no bond: disconnected
        graphs.add(new MolecularGraph(new int[9], none)); // empty
        var train = List.of("OCC", Chem.canonicalSmiles(MoleculeReader.parseSmiles("CC=O", "t", 1, null)));
        var ev = GenerationEvaluation.of(graphs, spec, train);
        assertEquals(10, ev.samples());
        assertEquals(0.8, ev.validity(), 1e-12);                    // 8 of 10
        assertEquals(5 / 8.0, ev.uniqueness(), 1e-12);              // OCC, CCN, benzene, acetic acid, acetaldehyde
        assertEquals(3 / 5.0, ev.novelty(), 1e-12);                 // all but OCC and CC=O
        assertEquals(4 / 8.0, ev.noveltyPerSample(), 1e-12);        // CCN ×2, benzene, acetic acid
        assertEquals(1, ev.failures().get(MolecularGraph.Failure.DISCONNECTED));
        assertEquals(1, ev.failures().get(MolecularGraph.Failure.EMPTY));
        assertEquals(5, ev.generated().size());
        assertEquals(2, ev.training().size());
        assertFalse(ev.meetsGoal());
        assertTrue(ev.diversity() > 0.5 && ev.diversity() <= 1, "five different small molecules: " + ev.diversity());
        assertTrue(ev.toMarkdown().contains("| valid | 8 (80.0 %) |"), ev.toMarkdown());

        MoleculeOutputs.writeSamples(tmp, ev);
        MoleculeOutputs.writeHistograms(tmp, ev);
        var lines = Files.readAllLines(tmp.resolve("generated.smi"));
        assertEquals(11, lines.size()); // header + one line per sample
        assertEquals(2, lines.stream().filter(l -> l.contains("invalid")).count());
        var back = MoleculeReader.strict().read(tmp.resolve("generated.sdf"));
        assertEquals(5, back.molecules().size());
        assertTrue(Files.size(tmp.resolve("grid.png")) > 1000);
        assertTrue(Files.size(tmp.resolve("properties.png")) > 1000);
        var reread = MoleculeReader.strict().read(tmp.resolve("generated.smi"));
        assertEquals(8, reread.molecules().size());
    }
}

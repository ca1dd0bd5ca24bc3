package dev.nabla.medical.imaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InVesaliusReaderTest {
    @TempDir
    Path tmp;

    @Test
    void headCtMatchesItsPlist() throws IOException {
        // DATA.md: int16, shape [108, 256, 256], spacing [0.957, 0.957, 1.5], window 406 / level −18,
        // HU −1024..2986
        Path dir = TestData.file("head-ct", "main.plist").getParent();
        Volume v = InVesaliusReader.read(dir);
        assertArrayEquals(new int[] {256, 256, 108}, v.dims());
        assertArrayEquals(new double[] {0.9570312, 0.9570312, 1.5}, v.spacing(), 1e-6);
        assertEquals(Modality.CT, v.modality());
        assertEquals(-1024f, v.min());
        assertEquals(2986f, v.max());
        assertEquals("406.0", v.metadata().get("invesalius.window_width"));
        assertEquals("-18.0", v.metadata().get("invesalius.window_level"));
        // air outside the head, brain-like soft tissue (0–80 HU) at the centre of the middle slice
        assertEquals(-1024f, v.get(2, 2, 54), 30f);
        float centre = v.get(128, 128, 54);
        assertTrue(centre > 0 && centre < 80, "centre HU " + centre);
    }

    /** One ustar entry: a 512-byte header (name @0, octal size @124, type '0' @156) and the padded body. */
    private static void tarEntry(java.io.OutputStream out, String name, byte[] body) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", body.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        out.write(h);
        out.write(body);
        out.write(new byte[(512 - body.length % 512) % 512]);
    }

    @Test
    void readsAnInv3ArchiveWrittenByTheTest() throws IOException {
        String plist = "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict>"
                + "<key>matrix</key><dict><key>dtype</key><string>int16</string><key>filename</key><string>matrix.dat</string>"
                + "<key>shape</key><array><integer>2</integer><integer>3</integer><integer>4</integer></array></dict>"
                + "<key>modality</key><string>CT</string>"
                + "<key>spacing</key><array><real>0.5</real><real>0.75</real><real>2.0</real></array>"
                + "<key>window_width</key><real>80.0</real><key>window_level</key><real>40.0</real></dict></plist>";
        java.nio.ByteBuffer m = java.nio.ByteBuffer.allocate(2 * 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 24; i++) {
            m.putShort((short) (i * 100 - 1000));
        }
        Path inv3 = tmp.resolve("tiny.inv3");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(inv3))) {
            tarEntry(out, "tiny/main.plist", plist.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            tarEntry(out, "tiny/matrix.dat", m.array());
            out.write(new byte[1024]);
        }
        Volume v = InVesaliusReader.read(inv3);
        assertArrayEquals(new int[] {4, 3, 2}, v.dims()); // C order [2][3][4]: x fastest has 4
        assertArrayEquals(new double[] {0.5, 0.75, 2.0}, v.spacing(), 1e-12);
        assertEquals(-1000f, v.get(0, 0, 0));
        assertEquals(23 * 100 - 1000f, v.get(3, 2, 1)); // last voxel
        assertEquals(1 * 100 - 1000f, v.get(1, 0, 0));
        assertEquals(Modality.CT, v.modality());
        assertEquals("80.0", v.metadata().get("invesalius.window_width"));
    }

    @Test
    void truncatedMatrixIsExplained() throws IOException {
        Path dir = TestData.file("head-ct", "main.plist").getParent();
        Path copy = tmp.resolve("ct");
        Files.createDirectories(copy);
        Files.copy(dir.resolve("main.plist"), copy.resolve("main.plist"));
        Files.write(copy.resolve("matrix.dat"), new byte[1000]);
        ImagingException e = assertThrows(ImagingException.class, () -> InVesaliusReader.read(copy));
        assertTrue(e.getMessage().contains("matrix.dat") && e.getMessage().contains("truncated")
                && e.getMessage().contains("14155776"), e.getMessage());
        assertTrue(assertThrows(ImagingException.class, () -> InVesaliusReader.read(tmp.resolve("nope")))
                .getMessage().contains("fetch-data.sh head-ct"));
    }
}

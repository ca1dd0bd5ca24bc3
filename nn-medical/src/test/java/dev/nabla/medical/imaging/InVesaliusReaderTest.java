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

package dev.nabla.medical.imaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFilesTest {
    @TempDir
    Path tmp;

    @Test
    void windowedPngHasTheHandComputedGreys() throws IOException {
        // brain window W 80 / L 40: [0, 80] HU → [0, 255]; 40 HU → 127.5 → 128, −1000 → 0, 1000 → 255, 20 → 63.75 → 64
        Image2D img = new Image2D(new float[] {-1000, 0, 20, 40, 80, 1000}, 3, 2);
        Path p = tmp.resolve("w.png");
        ImageFiles.writePng(img, p, 80, 40);
        Image2D back = ImageFiles.read(p);
        assertEquals(3, back.width());
        assertEquals(2, back.height());
        float[] expect = {0, 0, 64, 128, 255, 255};
        for (int i = 0; i < 6; i++) {
            assertEquals(expect[i], back.data()[i], 0f, "pixel " + i);
        }
    }

    @Test
    void colourIsReadAsBt601Luminance() throws IOException {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x00FF00);
        Path p = tmp.resolve("c.png");
        ImageIO.write(rgb, "png", p.toFile());
        Image2D g = ImageFiles.read(p);
        assertEquals(0.299 * 255, g.get(0, 0), 1e-3);
        assertEquals(0.587 * 255, g.get(1, 0), 1e-3);
        Path jpg = tmp.resolve("c.jpg");
        ImageIO.write(rgb, "jpg", jpg.toFile());
        assertEquals(2, ImageFiles.read(jpg).width());
    }

    @Test
    void notAnImageIsExplained() throws IOException {
        Path p = tmp.resolve("x.png");
        Files.writeString(p, "hello");
        ImagingException e = assertThrows(ImagingException.class, () -> ImageFiles.read(p));
        assertTrue(e.getMessage().contains("x.png"), e.getMessage());
    }
}

package dev.nabla.medical.diagnosis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {
    @TempDir
    Path dir;

    /** An 8-bit grey PNG of {@code size × size} pixels all {@code v}, except pixel (0, 0) = {@code corner}. */
    static Path png(Path file, int size, int v, int corner) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, x == 0 && y == 0 ? corner : v);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private void classes(int a, int b) throws IOException {
        for (int i = 0; i < a; i++) {
            png(dir.resolve("normal/n" + i + ".png"), 4, 10, 200);
        }
        for (int i = 0; i < b; i++) {
            png(dir.resolve("abnormal/a" + i + ".png"), 4, 200, 10);
        }
    }

    @Test
    void minMaxAndAreaResamplingMatchHandValues() throws IOException {
        // 4×4 image: 15 pixels 10, pixel (0,0) 200 → min-max gives 1 there, 0 elsewhere; 2×2 area averages 2×2 blocks:
        // top-left block mean = 1/4, the others 0.
        Path f = png(dir.resolve("x.png"), 4, 10, 200);
        float[][] m = ImageFolder.load(f, null, 2);
        assertArrayEquals(new float[] {0.25f, 0f}, m[0], 1e-6f);
        assertArrayEquals(new float[] {0f, 0f}, m[1], 1e-6f);
    }

    @Test
    void dicomIsReadInHounsfieldUnitsThroughTheWindow() throws IOException {
        // pydicom's CT_small.dcm (DATA.md): 128×128 CT, rescale intercept −1024, HU −896..1167. At size 128 the area
        // resampling is the identity, so every pixel must equal clamp((HU − (L − W/2)) / W, 0, 1) for brain 80/40.
        Path src = dev.nabla.medical.imaging.DataSets.require("dicom", "pydicom/CT_small.dcm");
        float[] hu = dev.nabla.medical.imaging.DicomReader.readFile(src).data();
        float[][] brain = ImageFolder.load(src, dev.nabla.medical.imaging.Window.preset("brain"), 128);
        float[][] minMax = ImageFolder.load(src, null, 128);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                double h = hu[y * 128 + x];
                assertEquals(Math.max(0, Math.min(1, h / 80.0)), brain[y][x], 1e-6, "brain window at " + x + "," + y);
                assertEquals((h + 896) / (1167 + 896), minMax[y][x], 1e-6, "min-max at " + x + "," + y);
            }
        }
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.copy(src, dir.resolve("a/ct.dcm"));
        png(dir.resolve("b/x.png"), 4, 1, 2);
        ImageFolder f = ImageFolder.read(dir, "a", null, 32, false);
        assertEquals(List.of("b", "a"), f.classes());
        assertEquals(1, f.items().stream().filter(i -> i.label() == 1 && i.file().toString().endsWith("ct.dcm")).count());
    }

    @Test
    void positiveIsTheSecondSortedFolderByDefaultAndTheSplitIsStratified() throws IOException {
        classes(20, 10);
        ImageFolder f = ImageFolder.read(dir, null, null, 4, false);
        assertEquals(List.of("abnormal", "normal"), f.classes()); // sorted: abnormal, normal → positive = normal
        assertEquals(20, f.count(1));
        assertEquals(10, f.count(0));
        ImageFolder.Split s = f.split(0.15, 0.15, 7);
        // normal 20: round(3.0) = 3 val, 3 test, 14 train; abnormal 10: round(1.5) = 2 val, 2 test, 6 train
        assertEquals(3, s.validation().stream().filter(i -> i.label() == 1).count());
        assertEquals(2, s.validation().stream().filter(i -> i.label() == 0).count());
        assertEquals(3, s.test().stream().filter(i -> i.label() == 1).count());
        assertEquals(20, s.train().size());
        Set<Path> all = new HashSet<>();
        s.train().forEach(i -> all.add(i.file()));
        s.validation().forEach(i -> all.add(i.file()));
        s.test().forEach(i -> all.add(i.file()));
        assertEquals(30, all.size(), "the three parts are disjoint and cover every image");
        assertEquals(s.test().stream().map(ImageFolder.Item::file).toList(),
                f.split(0.15, 0.15, 7).test().stream().map(ImageFolder.Item::file).toList(), "seeded");
        ImageFolder g = ImageFolder.read(dir, "abnormal", null, 4, false);
        assertEquals(List.of("normal", "abnormal"), g.classes());
        assertEquals(64, f.sha256().length());
        assertEquals(f.sha256(), ImageFolder.read(dir, null, null, 4, false).sha256(), "same files, same hash");
        png(dir.resolve("normal/n0.png"), 4, 11, 200);
        assertTrue(!f.sha256().equals(ImageFolder.read(dir, null, null, 4, false).sha256()), "a changed file changes it");
    }

    @Test
    void emptyFolderAndOneClassAreClearErrors() throws IOException {
        IOException empty = assertThrows(IOException.class, () -> ImageFolder.read(dir, null, null, 4, false));
        assertEquals(dir + ": expected exactly 2 class sub-folders (binary classification, e.g. normal/ and abnormal/), "
                + "found 0 []", empty.getMessage());
        classes(3, 0);
        IOException one = assertThrows(IOException.class, () -> ImageFolder.read(dir, null, null, 4, false));
        assertTrue(one.getMessage().contains("found 1 [normal]"), one.getMessage());
        Files.createDirectories(dir.resolve("abnormal"));
        IOException none = assertThrows(IOException.class, () -> ImageFolder.read(dir, null, null, 4, false));
        assertEquals(dir.resolve("abnormal") + ": class folder has no readable images (expected .png/.jpg/.jpeg/.dcm files)",
                none.getMessage());
        png(dir.resolve("abnormal/a.png"), 4, 1, 2);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.read(dir, null, null, 4, false).split(0.15, 0.15, 1));
        assertTrue(few.getMessage().contains("class 'abnormal' has 1 image(s); need at least 3"), few.getMessage());
        IOException unknown = assertThrows(IOException.class, () -> ImageFolder.read(dir, "tumour", null, 4, false));
        assertTrue(unknown.getMessage().contains("--positive 'tumour' is not one of the class folders [abnormal, normal]"));
    }

    @Test
    void anUnreadableFileIsNamedOrWithSkipBadCountedAndListed() throws IOException {
        classes(4, 4);
        Path bad = Files.writeString(dir.resolve("abnormal/broken.png"), "not a png");
        Path odd = Files.writeString(dir.resolve("normal/notes.txt"), "hello");
        Files.writeString(dir.resolve("normal/.DS_Store"), "ignored");
        IOException e = assertThrows(IOException.class, () -> ImageFolder.read(dir, null, null, 4, false));
        assertTrue(e.getMessage().startsWith(bad.toString() + ": "), e.getMessage());
        ImageFolder f = ImageFolder.read(dir, null, null, 4, true);
        assertEquals(8, f.items().size());
        assertEquals(2, f.skipped().size());
        assertTrue(f.skipped().get(0).startsWith(bad + ": "), f.skipped().toString());
        assertEquals(odd + ": unsupported file type '.txt'; expected .png, .jpg, .jpeg, .dcm", f.skipped().get(1));
    }
}

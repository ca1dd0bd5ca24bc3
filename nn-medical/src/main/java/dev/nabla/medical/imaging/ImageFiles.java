package dev.nabla.medical.imaging;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * PNG/JPEG (anything {@link ImageIO} reads) to {@link Image2D} and back. Reading gives grey levels: the
 * sample itself for 8- or 16-bit grey images, luminance {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601)
 * for colour. Writing maps values to 8-bit grey through a display window: {@code grey = 255 · clamp((v − (level
 * − width/2)) / width, 0, 1)}; without a window, the image's own min–max. All writers write a temporary file
 * and rename it.
 */
public final class ImageFiles {
    /** Label colours for overlays (label 1, 2, …; cycled). */
    private static final int[] PALETTE = {0xE6194B, 0x3CB44B, 0xFFE119, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0,
            0xF032E6, 0xBCF60C, 0xFABEBE, 0x008080, 0xE6BEFF};

    private ImageFiles() {
    }

    /** Reads a PNG, JPEG, BMP or GIF as grey levels with 1 mm pixels. */
    public static Image2D read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImagingException(file, "no such file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new ImagingException(file, "unreadable image (corrupt or truncated?): " + e.getMessage(), e);
        }
        if (img == null) {
            throw new ImagingException(file, "not an image format ImageIO can read (expected PNG, JPEG, BMP or GIF)");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        float[] d = new float[w * h];
        Raster r = img.getRaster();
        boolean grey = r.getNumBands() <= 2 && img.getColorModel().getColorSpace().getType()
                == java.awt.color.ColorSpace.TYPE_GRAY;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey) {
                    d[y * w + x] = r.getSample(x, y, 0);
                } else {
                    int rgb = img.getRGB(x, y);
                    d[y * w + x] = (float) (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff)
                            + 0.114 * (rgb & 0xff));
                }
            }
        }
        return new Image2D(d, w, h);
    }

    /** Writes {@code image} as an 8-bit grey PNG scaled from its own min–max. */
    public static void writePng(Image2D image, Path file) throws IOException {
        float lo = image.min();
        float hi = image.max();
        double width = hi > lo ? hi - lo : 1;
        writePng(image, file, width, lo + width / 2);
    }

    /** Writes {@code image} as an 8-bit grey PNG through the window {@code (width, level)}. */
    public static void writePng(Image2D image, Path file, double width, double level) throws IOException {
        write(toGrey(image, width, level), file);
    }

    /** Panels side by side (e.g. before | after), each through the same window, separated by 4 black pixels. */
    public static void writeSideBySide(Path file, double width, double level, Image2D... panels) throws IOException {
        int gap = 4;
        int w = -gap;
        int h = 0;
        for (Image2D p : panels) {
            w += p.width() + gap;
            h = Math.max(h, p.height());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int x0 = 0;
        for (Image2D p : panels) {
            BufferedImage g = toGrey(p, width, level);
            out.getGraphics().drawImage(g, x0, 0, null);
            x0 += p.width() + gap;
        }
        write(out, file);
    }

    /** Panels side by side, each scaled by its own min–max. */
    public static void writeSideBySide(Path file, Image2D... panels) throws IOException {
        int gap = 4;
        int w = -gap;
        int h = 0;
        for (Image2D p : panels) {
            w += p.width() + gap;
            h = Math.max(h, p.height());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int x0 = 0;
        for (Image2D p : panels) {
            float lo = p.min();
            float hi = p.max();
            double width = hi > lo ? hi - lo : 1;
            out.getGraphics().drawImage(toGrey(p, width, lo + width / 2), x0, 0, null);
            x0 += p.width() + gap;
        }
        write(out, file);
    }

    /**
     * The grey image through the window with the non-zero labels of {@code labels} (same size) blended on top
     * at opacity {@code alpha} in a fixed palette (label 1 red, 2 green, 3 yellow, 4 blue, …).
     */
    public static void writeOverlay(Image2D image, Image2D labels, Path file, double width, double level, double alpha)
            throws IOException {
        write(overlay(image, labels, width, level, alpha), file);
    }

    /** As {@link #writeOverlay} but returns the picture. */
    public static BufferedImage overlay(Image2D image, Image2D labels, double width, double level, double alpha) {
        if (labels.width() != image.width() || labels.height() != image.height()) {
            throw new IllegalArgumentException("overlay: labels are " + labels.width() + "×" + labels.height()
                    + ", image is " + image.width() + "×" + image.height());
        }
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int g = grey(image.get(x, y), width, level);
                int label = Math.round(labels.get(x, y));
                int rgb = (g << 16) | (g << 8) | g;
                if (label > 0) {
                    int c = PALETTE[(label - 1) % PALETTE.length];
                    int r = (int) Math.round((1 - alpha) * g + alpha * ((c >> 16) & 0xff));
                    int gg = (int) Math.round((1 - alpha) * g + alpha * ((c >> 8) & 0xff));
                    int b = (int) Math.round((1 - alpha) * g + alpha * (c & 0xff));
                    rgb = (r << 16) | (gg << 8) | b;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** The 8-bit grey level of {@code v} through the window {@code (width, level)}. */
    public static int grey(double v, double width, double level) {
        double t = (v - (level - width / 2)) / width;
        return (int) Math.round(255 * Math.max(0, Math.min(1, t)));
    }

    private static BufferedImage toGrey(Image2D image, double width, double level) {
        if (!(width > 0)) {
            throw new IllegalArgumentException("window width must be positive, got " + width);
        }
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        float[] d = image.data();
        for (int i = 0; i < d.length; i++) {
            px[i] = (byte) grey(d[i], width, level);
        }
        return out;
    }

    /** Writes any picture as PNG via a temporary file and a rename. */
    public static void write(BufferedImage img, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

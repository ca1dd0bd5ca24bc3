package dev.nabla.medical.explain;

import dev.nabla.medical.Png;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Heat maps and overlays. A map is resized to the slice with bilinear interpolation (pixel centres
 * aligned: source coordinate {@code (i + ½)·h/H − ½}), scaled to [0, 1] by min–max, coloured by a
 * {@link Colormap}, and blended over the grey slice with a per-pixel weight {@code α·t}:
 * <pre>
 *     out = (1 − α·t) · grey + α·t · colour(t)          t ∈ [0, 1] the scaled heat
 * </pre>
 * so cold regions show the anatomy unchanged.
 */
public final class HeatMap {
    private HeatMap() {
    }

    /** Colour maps from a value {@code t ∈ [0, 1]}. */
    public enum Colormap {
        /** Blue → cyan → yellow → red (MATLAB's "jet"). */
        JET,
        /** Black → red → yellow → white. */
        HOT,
        /** Black → white. */
        GREY;

        /** The colour of {@code t} (clamped to [0, 1]). */
        public Color color(double t) {
            double v = Math.max(0, Math.min(1, t));
            switch (this) {
                case JET:
                    return new Color(clamp(1.5 - Math.abs(4 * v - 3)), clamp(1.5 - Math.abs(4 * v - 2)),
                            clamp(1.5 - Math.abs(4 * v - 1)));
                case HOT:
                    return new Color(clamp(3 * v), clamp(3 * v - 1), clamp(3 * v - 2));
                default:
                    return new Color((float) v, (float) v, (float) v);
            }
        }

        private static float clamp(double x) {
            return (float) Math.max(0, Math.min(1, x));
        }
    }

    /** Bilinear resize of {@code map} to {@code h×w} (edge values held). */
    public static float[][] resize(float[][] map, int h, int w) {
        int sh = map.length;
        int sw = map[0].length;
        float[][] out = new float[h][w];
        for (int i = 0; i < h; i++) {
            double y = Math.max(0, Math.min(sh - 1, (i + 0.5) * sh / h - 0.5));
            int y0 = (int) Math.floor(y);
            int y1 = Math.min(y0 + 1, sh - 1);
            double fy = y - y0;
            for (int j = 0; j < w; j++) {
                double x = Math.max(0, Math.min(sw - 1, (j + 0.5) * sw / w - 0.5));
                int x0 = (int) Math.floor(x);
                int x1 = Math.min(x0 + 1, sw - 1);
                double fx = x - x0;
                out[i][j] = (float) ((1 - fy) * ((1 - fx) * map[y0][x0] + fx * map[y0][x1])
                        + fy * ((1 - fx) * map[y1][x0] + fx * map[y1][x1]));
            }
        }
        return out;
    }

    /** Min–max scaling to [0, 1]; a constant map becomes all zeros. */
    public static float[][] normalize(float[][] map) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] r : map) {
            for (float v : r) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float[][] out = new float[map.length][map[0].length];
        if (max > min) {
            for (int i = 0; i < map.length; i++) {
                for (int j = 0; j < map[0].length; j++) {
                    out[i][j] = (map[i][j] - min) / (max - min);
                }
            }
        }
        return out;
    }

    /** The slice in grey (min–max scaled). */
    public static BufferedImage grey(float[][] image) {
        return colored(normalize(image), Colormap.GREY);
    }

    /** The map alone in a colour map (min–max scaled). */
    public static BufferedImage colored(float[][] map, Colormap cmap) {
        float[][] t = normalize(map);
        BufferedImage img = new BufferedImage(map[0].length, map.length, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < map.length; i++) {
            for (int j = 0; j < map[0].length; j++) {
                img.setRGB(j, i, cmap.color(t[i][j]).getRGB());
            }
        }
        return img;
    }

    /**
     * The heat map over the slice: {@code heat} is resized to the slice, scaled to [0, 1] and blended with weight {@code α·t}.
     *
     * @throws IllegalArgumentException when alpha is outside [0, 1]
     */
    public static BufferedImage overlay(float[][] image, float[][] heat, Colormap cmap, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("overlay: alpha must be in [0, 1], got " + alpha);
        }
        int h = image.length;
        int w = image[0].length;
        float[][] g = normalize(image);
        float[][] t = normalize(resize(heat, h, w));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                Color c = cmap.color(t[i][j]);
                double a = alpha * t[i][j];
                double grey = g[i][j] * 255;
                int r = (int) Math.round((1 - a) * grey + a * c.getRed());
                int gr = (int) Math.round((1 - a) * grey + a * c.getGreen());
                int b = (int) Math.round((1 - a) * grey + a * c.getBlue());
                img.setRGB(j, i, new Color(r, gr, b).getRGB());
            }
        }
        return img;
    }

    /** Nearest-neighbour enlargement by an integer factor (small slices are hard to see). */
    public static BufferedImage enlarge(BufferedImage img, int factor) {
        BufferedImage out = new BufferedImage(img.getWidth() * factor, img.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, img.getRGB(x / factor, y / factor));
            }
        }
        return out;
    }

    /** Panels side by side, each with a caption above it. */
    public static BufferedImage panels(String[] captions, BufferedImage... images) {
        int gap = 8;
        int top = 22;
        int w = gap;
        int h = 0;
        for (BufferedImage i : images) {
            w += i.getWidth() + gap;
            h = Math.max(h, i.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h + top + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = gap;
        for (int k = 0; k < images.length; k++) {
            g.setColor(Color.BLACK);
            g.drawString(k < captions.length ? captions[k] : "", x, 15);
            g.drawImage(images[k], x, top, null);
            x += images[k].getWidth() + gap;
        }
        g.dispose();
        return out;
    }

    /** Writes an image as PNG (atomically). */
    public static Path write(BufferedImage img, Path png) throws IOException {
        return Png.write(img, png);
    }
}

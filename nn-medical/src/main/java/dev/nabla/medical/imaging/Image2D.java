package dev.nabla.medical.imaging;

import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * A 2-D grey-level image (a slice of a {@link Volume}, a PNG, a mask): {@code height × width} float pixels in
 * row-major order, row 0 at the top, with the pixel spacing in millimetres.
 * <p>The pixel array is shared, not copied: {@link #data()} returns the live array so that filters can run
 * without copies; call {@link #copy()} before changing pixels of an image someone else holds.
 */
public final class Image2D {
    private final float[] data;
    private final int width;
    private final int height;
    private final double spacingX;
    private final double spacingY;

    /**
     * An image over {@code data} (row-major, {@code width * height} values, not copied).
     *
     * @param spacingX column spacing in mm (width of a pixel)
     * @param spacingY row spacing in mm (height of a pixel)
     */
    public Image2D(float[] data, int width, int height, double spacingX, double spacingY) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image2D: size must be positive, got " + width + "×" + height);
        }
        if (data.length != (long) width * height) {
            throw new IllegalArgumentException("Image2D: " + width + "×" + height + " needs " + (long) width * height
                    + " pixels, got " + data.length);
        }
        if (!(spacingX > 0) || !(spacingY > 0)) {
            throw new IllegalArgumentException("Image2D: spacing must be positive, got " + spacingX + " × " + spacingY);
        }
        this.data = data;
        this.width = width;
        this.height = height;
        this.spacingX = spacingX;
        this.spacingY = spacingY;
    }

    /** An image with 1 mm pixels. */
    public Image2D(float[] data, int width, int height) {
        this(data, width, height, 1, 1);
    }

    /** A zero image of the given size and spacing. */
    public static Image2D zeros(int width, int height, double spacingX, double spacingY) {
        return new Image2D(new float[width * height], width, height, spacingX, spacingY);
    }

    /** Builds an image from rows: {@code rows[y][x]}. */
    public static Image2D of(float[][] rows) {
        int h = rows.length;
        int w = rows[0].length;
        float[] d = new float[w * h];
        for (int y = 0; y < h; y++) {
            if (rows[y].length != w) {
                throw new IllegalArgumentException("Image2D.of: row " + y + " has " + rows[y].length + " values, row 0 has " + w);
            }
            System.arraycopy(rows[y], 0, d, y * w, w);
        }
        return new Image2D(d, w, h);
    }

    /** An image from a tensor of shape {@code (H, W)} or {@code (1, 1, H, W)} (values copied), 1 mm pixels. */
    public static Image2D fromTensor(Tensor t) {
        int[] s = t.shape();
        int h = s[s.length - 2];
        int w = s[s.length - 1];
        if (t.numel() != h * w) {
            throw new IllegalArgumentException("Image2D.fromTensor: expected (H, W) or (1, 1, H, W), got "
                    + Arrays.toString(s));
        }
        return new Image2D(t.toArray(), w, h);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Column spacing (mm). */
    public double spacingX() {
        return spacingX;
    }

    /** Row spacing (mm). */
    public double spacingY() {
        return spacingY;
    }

    /** The live pixel array, row-major ({@code data[y * width + x]}). */
    public float[] data() {
        return data;
    }

    /** Pixel at column {@code x}, row {@code y}. */
    public float get(int x, int y) {
        return data[y * width + x];
    }

    /** Sets the pixel at column {@code x}, row {@code y}. */
    public void set(int x, int y, float v) {
        data[y * width + x] = v;
    }

    /** A deep copy. */
    public Image2D copy() {
        return new Image2D(data.clone(), width, height, spacingX, spacingY);
    }

    /** The same geometry over new pixels. */
    public Image2D withData(float[] pixels) {
        return new Image2D(pixels, width, height, spacingX, spacingY);
    }

    /** Smallest pixel value. */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest pixel value. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** A tensor of shape {@code (1, 1, H, W)} (NCHW, one channel) holding a copy of the pixels. */
    public Tensor toTensor() {
        return Tensor.of(data, 1, 1, height, width);
    }

    @Override
    public String toString() {
        return "Image2D[" + width + "×" + height + ", " + spacingX + "×" + spacingY + " mm]";
    }
}

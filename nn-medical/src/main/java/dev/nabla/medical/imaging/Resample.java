package dev.nabla.medical.imaging;

/**
 * Resampling of volumes to a target voxel spacing and of 2-D images to a target size.
 * <ul>
 *   <li>Volumes keep their first voxel centre and orientation (as SimpleITK's ResampleImageFilter with the
 *       same origin): new voxel {@code i'} sits at old index {@code i = i' · t / s} (t target, s old spacing),
 *       and the new size is {@code max(1, round(n · s / t))}. Positions past the last voxel take the edge
 *       value.</li>
 *   <li>{@link Interpolation#LINEAR}: trilinear (bilinear for images) — for intensities;
 *       {@link Interpolation#NEAREST}: nearest neighbour — for label maps, which must keep their integer
 *       values ({@link #toSpacing(Volume, double...)} picks it for {@link Modality#LABELS}).</li>
 *   <li>Images are resized with pixel-centre alignment ({@code x = (x' + ½) · w / w' − ½}, "align_corners =
 *       false" in PyTorch); {@link Interpolation#AREA} averages the source pixels each target pixel covers
 *       (anti-aliased downsampling).</li>
 * </ul>
 */
public final class Resample {
    /** How values between samples are made. */
    public enum Interpolation {
        /** Nearest neighbour (label maps). */
        NEAREST,
        /** Bilinear / trilinear. */
        LINEAR,
        /** Box average over the covered source pixels (images only; downsampling). */
        AREA
    }

    private Resample() {
    }

    /** Resamples to {@code target} spacing (mm): nearest for label maps, trilinear otherwise. */
    public static Volume toSpacing(Volume v, double... target) {
        return toSpacing(v, v.modality() == Modality.LABELS ? Interpolation.NEAREST : Interpolation.LINEAR, target);
    }

    /** Resamples to {@code target} spacing (mm) with the given interpolation (NEAREST or LINEAR). */
    public static Volume toSpacing(Volume v, Interpolation how, double... target) {
        if (target.length != 3 || !(target[0] > 0) || !(target[1] > 0) || !(target[2] > 0)) {
            throw new IllegalArgumentException("Resample.toSpacing: need 3 positive spacings (mm), got "
                    + java.util.Arrays.toString(target));
        }
        if (how == Interpolation.AREA) {
            throw new IllegalArgumentException("Resample.toSpacing: AREA is for 2-D images; use LINEAR or NEAREST");
        }
        double[] s = v.spacing();
        int[] n = v.dims();
        int[] m = new int[3];
        double[] ratio = new double[3];
        for (int a = 0; a < 3; a++) {
            m[a] = Math.max(1, (int) Math.round(n[a] * s[a] / target[a]));
            ratio[a] = target[a] / s[a];
        }
        float[] src = v.data();
        float[] out = new float[m[0] * m[1] * m[2]];
        int nx = n[0];
        int ny = n[1];
        for (int k = 0; k < m[2]; k++) {
            double z = Math.min(k * ratio[2], n[2] - 1);
            for (int j = 0; j < m[1]; j++) {
                double y = Math.min(j * ratio[1], n[1] - 1);
                for (int i = 0; i < m[0]; i++) {
                    double x = Math.min(i * ratio[0], n[0] - 1);
                    float val;
                    if (how == Interpolation.NEAREST) {
                        val = src[(int) Math.round(x) + nx * ((int) Math.round(y) + ny * (int) Math.round(z))];
                    } else {
                        int x0 = (int) x;
                        int y0 = (int) y;
                        int z0 = (int) z;
                        int x1 = Math.min(x0 + 1, n[0] - 1);
                        int y1 = Math.min(y0 + 1, n[1] - 1);
                        int z1 = Math.min(z0 + 1, n[2] - 1);
                        double fx = x - x0;
                        double fy = y - y0;
                        double fz = z - z0;
                        double c00 = src[x0 + nx * (y0 + ny * z0)] * (1 - fx) + src[x1 + nx * (y0 + ny * z0)] * fx;
                        double c10 = src[x0 + nx * (y1 + ny * z0)] * (1 - fx) + src[x1 + nx * (y1 + ny * z0)] * fx;
                        double c01 = src[x0 + nx * (y0 + ny * z1)] * (1 - fx) + src[x1 + nx * (y0 + ny * z1)] * fx;
                        double c11 = src[x0 + nx * (y1 + ny * z1)] * (1 - fx) + src[x1 + nx * (y1 + ny * z1)] * fx;
                        double c0 = c00 * (1 - fy) + c10 * fy;
                        double c1 = c01 * (1 - fy) + c11 * fy;
                        val = (float) (c0 * (1 - fz) + c1 * fz);
                    }
                    out[i + m[0] * (j + m[1] * k)] = val;
                }
            }
        }
        double[][] aff = v.affine();
        for (int r = 0; r < 3; r++) {
            for (int a = 0; a < 3; a++) {
                aff[r][a] *= ratio[a];
            }
        }
        double[] sp = {s[0] * ratio[0], s[1] * ratio[1], s[2] * ratio[2]};
        return new Volume(out, m, sp, aff, v.modality(), v.metadata());
    }

    /** Resizes an image to {@code width × height} pixels; the pixel spacing grows or shrinks accordingly. */
    public static Image2D resize(Image2D img, int width, int height, Interpolation how) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Resample.resize: size must be positive, got " + width + "×" + height);
        }
        int w = img.width();
        int h = img.height();
        double sx = (double) w / width;
        double sy = (double) h / height;
        float[] out = new float[width * height];
        float[] src = img.data();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float val;
                if (how == Interpolation.AREA) {
                    double x0 = x * sx;
                    double x1 = (x + 1) * sx;
                    double y0 = y * sy;
                    double y1 = (y + 1) * sy;
                    double sum = 0;
                    double area = 0;
                    for (int yy = (int) y0; yy < Math.min(h, Math.ceil(y1)); yy++) {
                        double wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
                        for (int xx = (int) x0; xx < Math.min(w, Math.ceil(x1)); xx++) {
                            double wx = Math.min(x1, xx + 1) - Math.max(x0, xx);
                            sum += wx * wy * src[yy * w + xx];
                            area += wx * wy;
                        }
                    }
                    val = (float) (sum / area);
                } else {
                    double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * sx - 0.5));
                    double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * sy - 0.5));
                    if (how == Interpolation.NEAREST) {
                        val = src[(int) Math.min(h - 1, Math.floor((y + 0.5) * sy)) * w
                                + (int) Math.min(w - 1, Math.floor((x + 0.5) * sx))];
                    } else {
                        int x0 = (int) fx;
                        int y0 = (int) fy;
                        int x1 = Math.min(x0 + 1, w - 1);
                        int y1 = Math.min(y0 + 1, h - 1);
                        double ax = fx - x0;
                        double ay = fy - y0;
                        double top = src[y0 * w + x0] * (1 - ax) + src[y0 * w + x1] * ax;
                        double bottom = src[y1 * w + x0] * (1 - ax) + src[y1 * w + x1] * ax;
                        val = (float) (top * (1 - ay) + bottom * ay);
                    }
                }
                out[y * width + x] = val;
            }
        }
        return new Image2D(out, width, height, img.spacingX() * sx, img.spacingY() * sy);
    }
}

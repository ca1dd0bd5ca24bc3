package dev.nabla.medical.imaging;

import java.util.Arrays;

/**
 * Denoising filters. Borders replicate the edge value ("nearest" padding), so a constant image stays constant.
 * <ul>
 *   <li>Gaussian: the separable kernel {@code g(t) = exp(−t² / (2σ²)) / Σ_t exp(−t² / (2σ²))} for integer
 *       {@code |t| ≤ ⌈3σ⌉}, normalised to sum exactly 1; σ is given in millimetres and divided by each axis's
 *       spacing.</li>
 *   <li>Median: the median of the {@code (2r+1)ⁿ} neighbourhood (n = 2 or 3 dimensions), which removes impulse
 *       noise and keeps edges.</li>
 * </ul>
 */
public final class Filters {
    private Filters() {
    }

    /** The normalised 1-D Gaussian kernel for σ in pixels (length {@code 2⌈3σ⌉ + 1}; σ = 0 → {1}). */
    public static double[] gaussianKernel(double sigma) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("gaussianKernel: sigma must be ≥ 0, got " + sigma);
        }
        if (sigma == 0) {
            return new double[] {1};
        }
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) {
            k[t + r] = Math.exp(-(t * (double) t) / (2 * sigma * sigma));
            sum += k[t + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Gaussian smoothing of an image with σ in mm. */
    public static Image2D gaussian(Image2D img, double sigmaMm) {
        Volume v = new Volume(img.data(), img.width(), img.height(), 1, img.spacingX(), img.spacingY(), 1);
        return img.withData(gaussian(v, sigmaMm, sigmaMm, 0).data());
    }

    /** Gaussian smoothing of a volume with the same σ (mm) along all three axes. */
    public static Volume gaussian(Volume v, double sigmaMm) {
        return gaussian(v, sigmaMm, sigmaMm, sigmaMm);
    }

    /** Gaussian smoothing with σ (mm) per axis (0 leaves an axis alone). */
    public static Volume gaussian(Volume v, double sx, double sy, double sz) {
        double[] sp = v.spacing();
        float[] a = v.data().clone();
        int[] n = v.dims();
        double[] sig = {sx / sp[0], sy / sp[1], sz / sp[2]};
        float[] tmp = new float[a.length];
        for (int axis = 0; axis < 3; axis++) {
            if (sig[axis] == 0 || n[axis] == 1) {
                continue;
            }
            convolveAxis(a, tmp, n, axis, gaussianKernel(sig[axis]));
            float[] t = a;
            a = tmp;
            tmp = t;
        }
        return v.withData(a);
    }

    private static void convolveAxis(float[] in, float[] out, int[] n, int axis, double[] k) {
        int r = k.length / 2;
        int stride = axis == 0 ? 1 : axis == 1 ? n[0] : n[0] * n[1];
        int len = n[axis];
        for (int z = 0; z < n[2]; z++) {
            for (int y = 0; y < n[1]; y++) {
                for (int x = 0; x < n[0]; x++) {
                    int pos = axis == 0 ? x : axis == 1 ? y : z;
                    int base = x + n[0] * (y + n[1] * z) - pos * stride;
                    double s = 0;
                    for (int t = -r; t <= r; t++) {
                        int p = Math.max(0, Math.min(len - 1, pos + t));
                        s += k[t + r] * in[base + p * stride];
                    }
                    out[base + pos * stride] = (float) s;
                }
            }
        }
    }

    /** Median filter of an image over a {@code (2r+1)²} window. */
    public static Image2D median(Image2D img, int radius) {
        Volume v = new Volume(img.data(), img.width(), img.height(), 1, img.spacingX(), img.spacingY(), 1);
        return img.withData(median(v, radius, false).data());
    }

    /**
     * Median filter of a volume over a {@code (2r+1)³} window, or per slice over {@code (2r+1)²} when
     * {@code inPlane} is true.
     */
    public static Volume median(Volume v, int radius, boolean inPlane) {
        if (radius < 0) {
            throw new IllegalArgumentException("median: radius must be ≥ 0, got " + radius);
        }
        int[] n = v.dims();
        int rz = inPlane || n[2] == 1 ? 0 : radius;
        float[] in = v.data();
        float[] out = new float[in.length];
        float[] win = new float[(2 * radius + 1) * (2 * radius + 1) * (2 * rz + 1)];
        for (int z = 0; z < n[2]; z++) {
            for (int y = 0; y < n[1]; y++) {
                for (int x = 0; x < n[0]; x++) {
                    int c = 0;
                    for (int dz = -rz; dz <= rz; dz++) {
                        int zz = Math.max(0, Math.min(n[2] - 1, z + dz));
                        for (int dy = -radius; dy <= radius; dy++) {
                            int yy = Math.max(0, Math.min(n[1] - 1, y + dy));
                            for (int dx = -radius; dx <= radius; dx++) {
                                int xx = Math.max(0, Math.min(n[0] - 1, x + dx));
                                win[c++] = in[xx + n[0] * (yy + n[1] * zz)];
                            }
                        }
                    }
                    Arrays.sort(win, 0, c);
                    out[x + n[0] * (y + n[1] * z)] = win[c / 2];
                }
            }
        }
        return v.withData(out);
    }
}

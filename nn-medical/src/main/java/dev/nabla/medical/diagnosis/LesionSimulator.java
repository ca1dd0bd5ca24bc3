package dev.nabla.medical.diagnosis;

import java.util.SplittableRandom;

/**
 * Inserts <b>SIMULATED</b> lesions into real slices (a 2-D model of a focal lesion; not real pathology).
 * A lesion's outline in polar coordinates around its centre, after rotating by {@code angle} and
 * stretching one axis by {@code elongation} {@code e}, is
 * <pre>
 *     ρ(θ) = r · (1 + a·Σ_{m=2..4} w_m cos(mθ + φ_m)) ,        Σ w_m = 1
 * </pre>
 * (an ellipse when {@code a = 0}, a lobulated "irregular" shape otherwise). Its soft mask
 * {@code M ∈ [0, 1]} is the fraction of each pixel inside the outline (4×4 sub-samples: partial
 * volume), smoothed by a Gaussian of σ = {@code blur} pixels (the scanner's point spread). The slice
 * becomes
 * <pre>
 *     x' = x + M · (contrast + texture · n),      n ~ N(0, 1) per pixel
 * </pre>
 * Scanner noise (the same for slices with and without a lesion) is added by {@link #addNoise}.
 * All randomness comes from the caller's seeded generator.
 */
public final class LesionSimulator {
    private LesionSimulator() {
    }

    /** The soft (partial-volume, blurred) mask of {@code lesion} on an {@code h×w} grid, with its harmonics from {@code rng}. */
    public static float[][] mask(Lesion lesion, int h, int w, SplittableRandom rng) {
        double[] weight = new double[5];
        double[] phase = new double[5];
        double total = 0;
        for (int m = 2; m <= 4; m++) {
            weight[m] = rng.nextDouble();
            phase[m] = rng.nextDouble() * 2 * Math.PI;
            total += weight[m];
        }
        float[][] mask = new float[h][w];
        double cos = Math.cos(lesion.angle());
        double sin = Math.sin(lesion.angle());
        int sub = 4;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int inside = 0;
                for (int si = 0; si < sub; si++) {
                    for (int sj = 0; sj < sub; sj++) {
                        double dy = i + (si + 0.5) / sub - 0.5 - lesion.centreY();
                        double dx = j + (sj + 0.5) / sub - 0.5 - lesion.centreX();
                        double u = (cos * dx + sin * dy) / Math.sqrt(lesion.elongation());
                        double v = (-sin * dx + cos * dy) * Math.sqrt(lesion.elongation());
                        double rho = Math.hypot(u, v);
                        double theta = Math.atan2(v, u);
                        double outline = 1;
                        if (lesion.irregularity() > 0) {
                            double s = 0;
                            for (int m = 2; m <= 4; m++) {
                                s += weight[m] / total * Math.cos(m * theta + phase[m]);
                            }
                            outline += lesion.irregularity() * s;
                        }
                        if (rho <= lesion.radius() * outline) {
                            inside++;
                        }
                    }
                }
                mask[i][j] = (float) inside / (sub * sub);
            }
        }
        return lesion.blur() > 0 ? gaussianBlur(mask, lesion.blur()) : mask;
    }

    /** {@code image + M·(contrast + texture·n)} (a new array) and the soft mask used, as {@code [image, mask]}. */
    public static float[][][] insert(float[][] image, Lesion lesion, SplittableRandom rng) {
        int h = image.length;
        int w = image[0].length;
        float[][] m = mask(lesion, h, w, rng);
        float[][] out = new float[h][w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double n = lesion.texture() > 0 ? gaussian(rng) : 0;
                out[i][j] = (float) (image[i][j] + m[i][j] * (lesion.contrast() + lesion.texture() * n));
            }
        }
        return new float[][][] {out, m};
    }

    /** Adds scanner noise {@code N(0, σ²)} to every pixel, in place. */
    public static void addNoise(float[][] image, double sigma, SplittableRandom rng) {
        for (float[] row : image) {
            for (int j = 0; j < row.length; j++) {
                row[j] += (float) (sigma * gaussian(rng));
            }
        }
    }

    /** A separable Gaussian blur (σ in pixels, kernel radius ⌈3σ⌉, edges clamped). */
    public static float[][] gaussianBlur(float[][] img, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) {
            k[t + r] = Math.exp(-t * t / (2 * sigma * sigma));
            sum += k[t + r];
        }
        for (int t = 0; t < k.length; t++) {
            k[t] /= sum;
        }
        int h = img.length;
        int w = img[0].length;
        float[][] tmp = new float[h][w];
        float[][] out = new float[h][w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    s += k[t + r] * img[i][Math.max(0, Math.min(w - 1, j + t))];
                }
                tmp[i][j] = (float) s;
            }
        }
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    s += k[t + r] * tmp[Math.max(0, Math.min(h - 1, i + t))][j];
                }
                out[i][j] = (float) s;
            }
        }
        return out;
    }

    static double gaussian(SplittableRandom rng) {
        // Box–Muller (SplittableRandom has no nextGaussian in Java 17)
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}

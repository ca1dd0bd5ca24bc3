package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;

import java.util.random.RandomGenerator;

/**
 * Rotates each image by a random angle about its centre, with bilinear interpolation and 0 for
 * everything that comes from outside the image. Positive angles turn the picture
 * counter-clockwise as displayed (row 0 at the top), as Keras's {@code RandomRotation}.
 *
 * <p>With the centre {@code (cy, cx) = ((H−1)/2, (W−1)/2)} and angle {@code θ}, each output pixel
 * {@code (y, x)} reads the input at the point that the rotation carries onto it (the inverse map):
 *
 * <pre>
 *   u = x − cx,   v = cy − y                   (axes: u to the right, v up)
 *   x' = cx + u·cos θ + v·sin θ
 *   y' = cy + u·sin θ − v·cos θ
 *   out[y, x] = Σ over the 4 pixels (i, j) around (y', x') of (1 − |y' − i|)·(1 − |x' − j|)·in[i, j]
 * </pre>
 *
 * where pixels outside the image count as 0. A rotation by 90° of a square image is therefore
 * its transpose flipped top–bottom ({@code out[y][x] = in[x][W−1−y]}, NumPy's {@code rot90}),
 * and a rotation by 0° is the identity, both up to float rounding.
 *
 * <p>The angle is drawn uniformly from {@code [−maxDegrees, maxDegrees]}, independently for each
 * sample. Unlike Keras, which takes a fraction of a full turn and reflects at the border by
 * default, the range is in degrees and the fill is constant 0.
 *
 * <p>Draws, per sample in batch order: one {@code rng.nextDouble()} = {@code r}, giving the angle
 * {@code maxDegrees · (2r − 1)}.
 */
public final class RandomRotation implements Augmentation {
    private final double maxDegrees;

    /**
     * @param maxDegrees the largest rotation in either direction, in degrees, {@code 0 … 180}
     * @throws IllegalArgumentException if it is outside that range or not a number
     */
    public RandomRotation(double maxDegrees) {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("RandomRotation: maxDegrees must be between 0 and 180, got " + maxDegrees);
        }
        this.maxDegrees = maxDegrees;
    }

    public double maxDegrees() {
        return maxDegrees;
    }

    @Override
    public Tensor apply(Tensor batch, RandomGenerator rng) {
        int[] s = Images.nchw("RandomRotation", batch);
        Images.rng("RandomRotation", rng);
        float[] in = batch.toArray();
        float[] out = new float[in.length];
        int sample = s[1] * s[2] * s[3];
        for (int n = 0; n < s[0]; n++) {
            double degrees = maxDegrees * (2 * rng.nextDouble() - 1);
            rotateSample(in, out, n * sample, s[1], s[2], s[3], degrees);
        }
        return Tensor.wrap(out, s);
    }

    /**
     * Every image of {@code batch} (shape {@code (N, C, H, W)}) rotated by exactly {@code degrees}
     * counter-clockwise (negative: clockwise) — the deterministic form of this augmentation.
     *
     * @throws IllegalArgumentException if {@code degrees} is not finite, or the batch is not of rank 4
     */
    public static Tensor rotate(Tensor batch, double degrees) {
        int[] s = Images.nchw("RandomRotation.rotate", batch);
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("RandomRotation.rotate: the angle must be finite, got " + degrees);
        }
        float[] in = batch.toArray();
        float[] out = new float[in.length];
        int sample = s[1] * s[2] * s[3];
        for (int n = 0; n < s[0]; n++) {
            rotateSample(in, out, n * sample, s[1], s[2], s[3], degrees);
        }
        return Tensor.wrap(out, s);
    }

    private static void rotateSample(float[] in, float[] out, int base, int c, int h, int w, double degrees) {
        double theta = Math.toRadians(degrees);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            double v = cy - y;
            for (int x = 0; x < w; x++) {
                double u = x - cx;
                double sx = cx + u * cos + v * sin;
                double sy = cy + u * sin - v * cos;
                int j0 = (int) Math.floor(sx);
                int i0 = (int) Math.floor(sy);
                double fx = sx - j0;
                double fy = sy - i0;
                for (int ch = 0; ch < c; ch++) {
                    int plane = base + ch * h * w;
                    double value = tap(in, plane, h, w, i0, j0, (1 - fy) * (1 - fx))
                            + tap(in, plane, h, w, i0, j0 + 1, (1 - fy) * fx)
                            + tap(in, plane, h, w, i0 + 1, j0, fy * (1 - fx))
                            + tap(in, plane, h, w, i0 + 1, j0 + 1, fy * fx);
                    out[plane + y * w + x] = (float) value;
                }
            }
        }
    }

    /** {@code weight · in[i, j]}, or 0 outside the image or for a zero weight (so a NaN there does not spread). */
    private static double tap(float[] in, int plane, int h, int w, int i, int j, double weight) {
        if (weight == 0 || i < 0 || i >= h || j < 0 || j >= w) {
            return 0;
        }
        return weight * in[plane + i * w + j];
    }

    @Override
    public String toString() {
        return "RandomRotation(maxDegrees=" + maxDegrees + ")";
    }
}

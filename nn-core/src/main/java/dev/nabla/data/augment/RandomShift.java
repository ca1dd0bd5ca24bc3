package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;

import java.util.random.RandomGenerator;

/**
 * Translates each image by a random whole number of pixels, filling the uncovered border with 0:
 *
 * <pre>
 *   out[n, c, y, x] = in[n, c, y − dy, x − dx]   (0 where y − dy or x − dx falls outside the image)
 * </pre>
 *
 * with {@code dy} drawn uniformly from the integers {@code −maxDy … maxDy} and {@code dx} from
 * {@code −maxDx … maxDx}, independently for each sample (positive {@code dy} moves the content
 * down, positive {@code dx} to the right).
 *
 * <p>Shifts are given in pixels, not as Keras's {@code RandomTranslation} fractions of the image
 * size, so that an augmentation means the same thing for every image size it meets and the
 * result is an exact copy of pixels (no interpolation). Keras's {@code height_factor = f} on
 * images of height {@code H} corresponds to {@code maxDy = round(f·H)}, with {@code fill_mode="constant"}.
 *
 * <p>Draws, per sample in batch order: {@code dy = rng.nextLong(−maxDy, maxDy + 1)}, then
 * {@code dx = rng.nextLong(−maxDx, maxDx + 1)}.
 */
public final class RandomShift implements Augmentation {
    private final int maxDy;
    private final int maxDx;

    /**
     * @param maxDy largest vertical shift in pixels, {@code ≥ 0}
     * @param maxDx largest horizontal shift in pixels, {@code ≥ 0}
     * @throws IllegalArgumentException if either is negative
     */
    public RandomShift(int maxDy, int maxDx) {
        if (maxDy < 0 || maxDx < 0) {
            throw new IllegalArgumentException("RandomShift: maximum shifts must be ≥ 0 pixels, got maxDy=" + maxDy
                    + ", maxDx=" + maxDx);
        }
        this.maxDy = maxDy;
        this.maxDx = maxDx;
    }

    public int maxDy() {
        return maxDy;
    }

    public int maxDx() {
        return maxDx;
    }

    @Override
    public Tensor apply(Tensor batch, RandomGenerator rng) {
        int[] s = Images.nchw("RandomShift", batch);
        Images.rng("RandomShift", rng);
        float[] in = batch.toArray();
        float[] out = new float[in.length];
        int sample = s[1] * s[2] * s[3];
        for (int n = 0; n < s[0]; n++) {
            int dy = (int) rng.nextLong(-maxDy, maxDy + 1L);
            int dx = (int) rng.nextLong(-maxDx, maxDx + 1L);
            shiftSample(in, out, n * sample, s[1], s[2], s[3], dy, dx);
        }
        return Tensor.wrap(out, s);
    }

    /**
     * Every image of {@code batch} (shape {@code (N, C, H, W)}) shifted by exactly {@code dy} rows
     * down and {@code dx} columns right, filled with 0 — the deterministic form of this augmentation.
     */
    public static Tensor shift(Tensor batch, int dy, int dx) {
        int[] s = Images.nchw("RandomShift.shift", batch);
        float[] in = batch.toArray();
        float[] out = new float[in.length];
        int sample = s[1] * s[2] * s[3];
        for (int n = 0; n < s[0]; n++) {
            shiftSample(in, out, n * sample, s[1], s[2], s[3], dy, dx);
        }
        return Tensor.wrap(out, s);
    }

    private static void shiftSample(float[] in, float[] out, int base, int c, int h, int w, int dy, int dx) {
        // A shift of the whole size or more leaves nothing; clamping also keeps the bounds from overflowing.
        dy = Math.max(-h, Math.min(h, dy));
        dx = Math.max(-w, Math.min(w, dx));
        int y0 = Math.max(0, dy);
        int y1 = Math.min(h, h + dy);
        int x0 = Math.max(0, dx);
        int x1 = Math.min(w, w + dx);
        if (x1 <= x0) {
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            int plane = base + ch * h * w;
            for (int y = y0; y < y1; y++) {
                System.arraycopy(in, plane + (y - dy) * w + (x0 - dx), out, plane + y * w + x0, x1 - x0);
            }
        }
    }

    @Override
    public String toString() {
        return "RandomShift(maxDy=" + maxDy + ", maxDx=" + maxDx + ")";
    }
}

package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;

import java.util.random.RandomGenerator;

/**
 * Mirrors each image with probability ½ per enabled direction, as Keras's {@code RandomFlip}:
 *
 * <pre>
 *   horizontal flip:  out[n, c, y, x] = in[n, c, y, W−1−x]   (each row reversed: left ↔ right)
 *   vertical flip:    out[n, c, y, x] = in[n, c, H−1−y, x]   (row order reversed: top ↔ bottom)
 * </pre>
 *
 * <p>With both directions enabled, the two coin tosses are independent, so a sample is left as
 * is, flipped one way, the other, or both (a 180° rotation) with probability ¼ each.
 *
 * <p>Draws, per sample in batch order: {@code rng.nextBoolean()} for the horizontal flip if
 * enabled, then {@code rng.nextBoolean()} for the vertical flip if enabled.
 */
public final class RandomFlip implements Augmentation {
    private final boolean horizontal;
    private final boolean vertical;

    /**
     * @param horizontal whether to flip left–right with probability ½
     * @param vertical   whether to flip top–bottom with probability ½
     * @throws IllegalArgumentException if both are false (the augmentation would do nothing)
     */
    public RandomFlip(boolean horizontal, boolean vertical) {
        if (!horizontal && !vertical) {
            throw new IllegalArgumentException("RandomFlip: enable at least one of horizontal and vertical, "
                    + "got horizontal=false, vertical=false");
        }
        this.horizontal = horizontal;
        this.vertical = vertical;
    }

    public boolean horizontal() {
        return horizontal;
    }

    public boolean vertical() {
        return vertical;
    }

    @Override
    public Tensor apply(Tensor batch, RandomGenerator rng) {
        int[] s = Images.nchw("RandomFlip", batch);
        Images.rng("RandomFlip", rng);
        float[] in = batch.toArray();
        float[] out = new float[in.length];
        int sample = s[1] * s[2] * s[3];
        for (int n = 0; n < s[0]; n++) {
            boolean h = horizontal && rng.nextBoolean();
            boolean v = vertical && rng.nextBoolean();
            flipSample(in, out, n * sample, s[1], s[2], s[3], h, v);
        }
        return Tensor.wrap(out, s);
    }

    /**
     * Every image of {@code batch} (shape {@code (N, C, H, W)}) mirrored left–right if
     * {@code horizontal} and top–bottom if {@code vertical} — the deterministic form of this augmentation.
     */
    public static Tensor flip(Tensor batch, boolean horizontal, boolean vertical) {
        int[] s = Images.nchw("RandomFlip.flip", batch);
        float[] in = batch.toArray();
        float[] out = new float[in.length];
        int sample = s[1] * s[2] * s[3];
        for (int n = 0; n < s[0]; n++) {
            flipSample(in, out, n * sample, s[1], s[2], s[3], horizontal, vertical);
        }
        return Tensor.wrap(out, s);
    }

    private static void flipSample(float[] in, float[] out, int base, int c, int h, int w,
                                   boolean horizontal, boolean vertical) {
        for (int ch = 0; ch < c; ch++) {
            int plane = base + ch * h * w;
            for (int y = 0; y < h; y++) {
                int from = plane + (vertical ? h - 1 - y : y) * w;
                int to = plane + y * w;
                if (horizontal) {
                    for (int x = 0; x < w; x++) {
                        out[to + x] = in[from + w - 1 - x];
                    }
                } else {
                    System.arraycopy(in, from, out, to, w);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RandomFlip(horizontal=" + horizontal + ", vertical=" + vertical + ")";
    }
}

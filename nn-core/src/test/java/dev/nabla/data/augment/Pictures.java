package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;

/** Small images and index helpers for the augmentation tests. */
final class Pictures {
    private Pictures() {
    }

    /** A (1, 1, h, w) image holding 1, 2, …, h·w in row-major order. */
    static Tensor counting(int h, int w) {
        float[] v = new float[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return Tensor.wrap(v, 1, 1, h, w);
    }

    /** {@code n} copies of the single image {@code image} (shape (1, C, H, W)) as one batch. */
    static Tensor repeat(Tensor image, int n) {
        float[] one = image.toArray();
        float[] v = new float[one.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, v, i * one.length, one.length);
        }
        int[] s = image.shape();
        return Tensor.wrap(v, n, s[1], s[2], s[3]);
    }

    /** Sample {@code n} of a batch, as a (1, C, H, W) tensor. */
    static Tensor sample(Tensor batch, int n) {
        return batch.slice(0, n, n + 1).copyData();
    }

    /** The plane {@code [n, c]} of a batch as a 2-D array. */
    static float[][] plane(Tensor batch, int n, int c) {
        int h = batch.size(2);
        int w = batch.size(3);
        float[][] out = new float[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y][x] = batch.get(n, c, y, x);
            }
        }
        return out;
    }
}

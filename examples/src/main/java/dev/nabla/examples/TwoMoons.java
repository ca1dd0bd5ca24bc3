package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Tensor;

import java.util.Random;

/**
 * The "two moons" toy set (as scikit-learn's {@code make_moons}): two interleaving half circles
 * with Gaussian noise, class 0 on the upper moon and class 1 on the lower one.
 *
 * @param x      features, shape {@code (n, 2)}
 * @param labels class of each row, 0 or 1
 */
public record TwoMoons(Tensor x, int[] labels) {

    /** {@code n} points (half per moon) with noise of standard deviation {@code noise}, seeded. */
    public static TwoMoons generate(int n, double noise, long seed) {
        Random rng = new Random(seed);
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double t = Math.PI * rng.nextDouble();
            double px = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            xy[2 * i] = (float) (px + noise * rng.nextGaussian());
            xy[2 * i + 1] = (float) (py + noise * rng.nextGaussian());
            labels[i] = label;
        }
        return new TwoMoons(Tensor.wrap(xy, n, 2), labels);
    }

    /** One-hot targets, shape {@code (n, 2)}. */
    public Tensor oneHot() {
        return Dataset.oneHot(labels, 2);
    }
}

package dev.nabla.train;

import dev.nabla.data.Dataset;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small models, data and helpers shared by the train tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A linear model 2 → 1 (same initial weights every time: Sequential derives the seeds). */
    static Sequential linear() {
        return seeded(new Sequential(new Dense(1)));
    }

    /** Fixed seed, so two models made here start from the same weights. */
    private static Sequential seeded(Sequential model) {
        model.seed(1);
        return model;
    }

    /** A 2 → 3 softmax classifier. */
    static Sequential classifier() {
        return seeded(new Sequential(new Dense(3).activation(Activation.SOFTMAX)));
    }

    /** {@code n} random regression samples: x (n, 2), y (n, 1). */
    static Dataset regression(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Dataset.of(Tensor.randn(rng, n, 2), Tensor.randn(rng, n, 1));
    }

    /** {@code n} random samples with one-hot labels over 3 classes. */
    static Dataset classification(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = Tensor.randn(rng, n, 2);
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            y[3 * i + rng.nextInt(3)] = 1;
        }
        return Dataset.of(x, Tensor.wrap(y, n, 3));
    }

    /** Copies of all weights by name. */
    static Map<String, float[]> weights(Model model) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        model.namedWeights().forEach((k, v) -> copy.put(k, v.toArray()));
        return copy;
    }

    /** All weights concatenated. */
    static float[] flat(Model model) {
        List<float[]> parts = new ArrayList<>(weights(model).values());
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Sets every weight value of the model to {@code value}. */
    static void fill(Model model, float value) {
        for (Tensor w : model.namedWeights().values()) {
            java.util.Arrays.fill(w.storage(), w.offset(), w.offset() + w.numel(), value);
        }
    }

    static Map<String, Double> logs(String key, double value) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.0);
        logs.put(key, value);
        return logs;
    }

    /** A callback that overwrites {@code key} in each epoch's logs with a scripted value. */
    static Callback script(String key, double... values) {
        return new Callback() {
            @Override
            public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
                logs.put(key, values[epoch]);
            }
        };
    }
}

package dev.nabla.spark;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared helpers of the nn-spark tests: one local Spark session per test class, small models and data. */
final class SparkTests {
    private SparkTests() {
    }

    /**
     * A local session with 2 cores and 2 attempts per task ({@code local[2,2]}), so a task that fails
     * once is retried; no UI.
     */
    static SparkSession session(String app) {
        return SparkSession.builder().master("local[2,2]").appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    static JavaSparkContext context(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    /** A small CNN for 1×6×6 inputs and 3 classes, compiled with Adam. */
    static Sequential smallCnn(long seed) {
        Sequential m = new Sequential(
                new Conv2D(4, 3).activation(Activation.RELU),
                new Flatten(),
                new Dense(8).activation(Activation.TANH),
                new Dense(3).activation(Activation.SOFTMAX));
        m.seed(seed);
        m.build(1, 6, 6);
        m.compile(new Adam(1e-2), Losses.categoricalCrossentropy());
        return m;
    }

    /** The seed CNN of the examples module ({@code MnistCnn.seedCnn()}), for 1×28×28 inputs. */
    static Sequential seedCnn() {
        return new Sequential(
                new Conv2D(32, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(128, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(128).activation(Activation.RELU),
                new Dense(10).activation(Activation.SOFTMAX));
    }

    /** {@code n} images 1×6×6 whose class (0..2) is the brightest third of the image, plus noise. */
    static Dataset images(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 36];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            labels[i] = c;
            for (int r = 0; r < 6; r++) {
                for (int col = 0; col < 6; col++) {
                    float v = (float) (rng.nextDouble() * 0.5);
                    if (col / 2 == c) {
                        v += 0.8f;
                    }
                    x[i * 36 + r * 6 + col] = v;
                }
            }
        }
        return Dataset.of(Tensor.wrap(x, n, 1, 6, 6), Dataset.oneHot(labels, 3));
    }

    /** Asserts every weight of two models is equal to {@code tolerance} (relative to max(1, |w|)). */
    static void assertSameWeights(Model expected, Model actual, double tolerance) {
        var a = new java.util.ArrayList<>(expected.namedWeights().entrySet());
        var b = new java.util.ArrayList<>(actual.namedWeights().entrySet());
        assertEquals(a.size(), b.size());
        for (int w = 0; w < a.size(); w++) {
            String name = a.get(w).getKey();
            float[] x = a.get(w).getValue().toArray();
            float[] y = b.get(w).getValue().toArray();
            assertEquals(x.length, y.length, name);
            for (int i = 0; i < x.length; i++) {
                double tol = tolerance * Math.max(1, Math.abs(x[i]));
                assertEquals(x[i], y[i], tol, name + "[" + i + "]");
            }
        }
    }

    static void assertBitEqual(Model expected, Model actual) {
        var a = new java.util.ArrayList<>(expected.namedWeights().entrySet());
        var b = new java.util.ArrayList<>(actual.namedWeights().entrySet());
        assertEquals(a.size(), b.size());
        for (int w = 0; w < a.size(); w++) {
            assertArrayEquals(a.get(w).getValue().toArray(), b.get(w).getValue().toArray(), a.get(w).getKey());
        }
    }
}

package dev.nabla.medical.privacy;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.loss.PerSampleLoss;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DP-SGD through {@code Model.fit} ({@link DpFit}) against {@link DpTrainer}, plain fit and the accountant. */
class DpFitTest {
    private static final PerSampleLoss CCE = (PerSampleLoss) Losses.categoricalCrossentropy();

    private static Sequential cnn() {
        return new Sequential(new Conv2D(3, 3).activation(Activation.RELU), new MaxPool2D(2), new Flatten(),
                new Dense(3).activation(Activation.SOFTMAX)).seed(21);
    }

    /** n images 1×6×6 whose class (of 3) sets which third of the rows is bright, plus noise. */
    private static Dataset images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 36];
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[3 * i + c] = 1;
            for (int p = 0; p < 36; p++) {
                x[36 * i + p] = (float) (0.3 * r.nextGaussian() + (p / 12 == c ? 1 : 0));
            }
        }
        return Dataset.of(Tensor.of(x, n, 1, 6, 6), Tensor.of(y, n, 3));
    }

    private static float[] flat(Sequential m) {
        List<Tensor> ws = m.trainableWeights();
        int n = ws.stream().mapToInt(Tensor::numel).sum();
        float[] out = new float[n];
        int at = 0;
        for (Tensor w : ws) {
            float[] a = w.toArray();
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    @Test
    void oneEpochThroughFitIsBitIdenticalToDpTrainer() {
        for (Sampling sampling : Sampling.values()) {
            Dataset data = images(60, 1);
            Sequential a = cnn();
            a.build(1, 6, 6);
            Sequential b = cnn();
            b.compile(new SGD(0.2).momentum(0.9), Losses.categoricalCrossentropy());
            b.build(1, 6, 6);
            assertArrayEquals(flat(a), flat(b), "same initial weights");

            DpTrainer trainer = new DpTrainer(a, CCE, new DpSgd(new SGD(0.2).momentum(0.9), 1.0, 1.1, 5), sampling, 10,
                    1e-5, 9);
            List<Map<String, Double>> ha = trainer.fit(data, 1, null);
            DpFit dp = new DpFit(1.0, 1.1, sampling, 1e-5, 5);
            History hb = b.fit(data, dp.applyTo(Fit.epochs(1).batchSize(10).seed(9).verbose(false)));

            // Same batches (fit's epoch-0 generator is SplittableRandom(seed), as DpTrainer's), same noise stream,
            // same float operations in the same order, same SGD update: bit for bit, not just close.
            assertArrayEquals(flat(a), flat(b), sampling + ": weights after 6 DP steps");
            if (sampling == Sampling.FIXED_SIZE) {
                // Equal batch sizes: fit's example-weighted mean loss equals DpTrainer's mean of batch means.
                // (Under Poisson sampling the batch sizes vary and the two averages differ by definition.)
                assertEquals(ha.get(0).get("loss"), hb.get("loss").get(0), 1e-12, sampling + ": loss");
            }
            assertEquals(ha.get(0).get("epsilon"), hb.get("epsilon").get(0), 0.0, sampling + ": ε");
            assertEquals(ha.get(0).get("clipped_fraction"), hb.get("clipped_fraction").get(0), 1e-12);
        }
    }

    @Test
    void withoutNoiseAndClippingAFullBatchStepEqualsPlainFit() {
        Dataset data = images(12, 2);
        Sequential plain = cnn();
        plain.compile(new SGD(0.5), Losses.categoricalCrossentropy());
        plain.fit(data, Fit.epochs(1).batchSize(12).shuffle(false).verbose(false));

        Sequential dp = cnn();
        dp.compile(new SGD(0.5), Losses.categoricalCrossentropy());
        // FIXED_SIZE with batch = n draws every example once: the same batch as plain fit's single batch.
        DpFit rule = new DpFit(Double.POSITIVE_INFINITY, 0, Sampling.FIXED_SIZE, 1e-5, 1);
        History h = dp.fit(data, rule.applyTo(Fit.epochs(1).batchSize(12).verbose(false)));
        // Σ_b ∇l_b / B equals the gradient of the batch-mean loss up to float summation order (per-example outer
        // products summed in a loop vs one batched matrix product): 1e-6, not bit-exact.
        float[] want = flat(plain);
        float[] got = flat(dp);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6, "weight " + i);
        }
        assertEquals(Double.POSITIVE_INFINITY, h.last("epsilon")); // no noise, no privacy
    }

    @Test
    void epsilonInTheHistoryIsTheAccountantsForTheStepsTaken() {
        Dataset data = images(90, 3);
        for (Sampling sampling : Sampling.values()) {
            Sequential m = cnn();
            m.compile(new SGD(0.1), Losses.categoricalCrossentropy(), Metrics.accuracy());
            DpFit dp = new DpFit(1.0, 0.9, sampling, 1e-5, 7);
            History h = m.fit(data, dp.applyTo(Fit.epochs(3).batchSize(15).seed(4).validation(data).verbose(false)));
            for (int e = 0; e < 3; e++) {
                long steps = 6L * (e + 1); // ⌊90 / 15⌋ per epoch
                double want = new RdpAccountant().step(sampling, 15.0 / 90, 0.9, steps).epsilon(1e-5).epsilon();
                assertEquals(want, h.get("epsilon").get(e), 1e-12, sampling + " epoch " + e);
                assertEquals((double) steps, h.get("steps").get(e));
            }
            assertEquals(1e-5, h.last("delta"));
            assertTrue(h.names().containsAll(List.of("loss", "accuracy", "clipped_fraction", "val_loss", "val_accuracy")),
                    h.names().toString());
            // A second fit with the same DpFit keeps adding up.
            m.fit(data, dp.applyTo(Fit.epochs(1).batchSize(15).seed(5).verbose(false)));
            assertEquals(new RdpAccountant().step(sampling, 15.0 / 90, 0.9, 24).epsilon(1e-5).epsilon(),
                    dp.spent().epsilon(), 1e-12);
        }
        // Replace-one (fixed size) costs more than add/remove-one (Poisson) at the same q, σ and steps.
        assertTrue(new RdpAccountant().step(Sampling.FIXED_SIZE, 1 / 6.0, 0.9, 18).epsilon(1e-5).epsilon()
                > new RdpAccountant().step(Sampling.POISSON, 1 / 6.0, 0.9, 18).epsilon(1e-5).epsilon());
    }

    @Test
    void callbacksSeeTheDpLogsAndEarlyStoppingStopsTraining() {
        Dataset data = images(60, 4);
        Sequential m = cnn();
        m.compile(new SGD(0.1), Losses.categoricalCrossentropy());
        DpFit dp = new DpFit(1.0, 1.0, Sampling.POISSON, 1e-5, 3);
        // δ is constant, so it never improves: with patience 1 the run stops after its second epoch (of 10).
        EarlyStopping stop = new EarlyStopping("delta", 1);
        History h = m.fit(data, dp.applyTo(Fit.epochs(10).batchSize(10).seed(1).verbose(false).callbacks(stop)));
        assertEquals(1, stop.stoppedEpoch());
        assertEquals(2, h.epochs());
        assertEquals(12, dp.steps());
        assertEquals(new RdpAccountant().step(10.0 / 60, 1.0, 12).epsilon(1e-5).epsilon(), h.last("epsilon"), 1e-12);
        EpsilonLogger.line(1, Map.of("epsilon", h.last("epsilon"))); // the logger reads the same keys
    }

    @Test
    void misconfigurationFailsClearly() {
        Dataset data = images(30, 5);
        Sequential m = cnn();
        m.compile(new SGD(0.1), Losses.categoricalCrossentropy());
        DpFit dp = new DpFit(1.0, 1.0, Sampling.POISSON, 1e-5, 3);
        // Gradients set but batches drawn by plain shuffling: the accountant's assumption would not hold.
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(data, Fit.epochs(1).batchSize(10).verbose(false).batchGradients(dp)));
        assertTrue(e.getMessage().contains("applyTo"), e.getMessage());
        Dataset weighted = Dataset.of(data.x(), data.y(), Tensor.ones(30));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> m.fit(weighted, dp.applyTo(Fit.epochs(1).batchSize(10).verbose(false))));
        assertTrue(w.getMessage().contains("sample weights"), w.getMessage());
    }
}

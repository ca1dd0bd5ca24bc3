package dev.nabla.medical.privacy;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Losses;
import dev.nabla.loss.PerSampleLoss;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-example gradients from one batched pass against the independent reference: the gradient of a
 * separate single-example forward/backward pass through the same weights.
 */
class PerExampleGradientsTest {
    private static final PerSampleLoss CCE = (PerSampleLoss) Losses.categoricalCrossentropy();

    @Test
    void denseStackMatchesSingleExamplePasses() {
        Sequential m = new Sequential(new Dense(5).activation(Activation.TANH), new Dense(3).activation(Activation.SOFTMAX))
                .seed(1);
        checkAgainstSingleExamplePasses(m, randn(2, 4, 7), oneHot(new int[] {0, 2, 1, 2}, 3));
    }

    @Test
    void convWithStrideSamePaddingAndOddSizesMatchesSingleExamplePasses() {
        Sequential m = new Sequential(
                new Conv2D(3, 3).strides(2).padding("same").activation(Activation.RELU),
                new Conv2D(2, 2, 3).dilation(1, 2).activation(Activation.TANH),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(3).activation(Activation.SOFTMAX)).seed(3);
        checkAgainstSingleExamplePasses(m, randn(4, 3, 2, 11, 13), oneHot(new int[] {1, 0, 2}, 3));
    }

    @Test
    void convStrideTwoValidPaddingBatchOfOne() {
        Sequential m = new Sequential(new Conv2D(4, 3).strides(2, 1).activation(Activation.RELU), new Flatten(),
                new Dense(2).activation(Activation.SOFTMAX)).seed(5);
        checkAgainstSingleExamplePasses(m, randn(6, 1, 3, 8, 7), oneHot(new int[] {1}, 2));
    }

    @Test
    void perExampleGradientsSumToTheBatchGradient() {
        Sequential m = new Sequential(new Conv2D(2, 3).padding("same"), new Flatten(), new Dense(3).activation(Activation.SOFTMAX))
                .seed(7);
        Tensor x = randn(8, 5, 1, 6, 6);
        Tensor y = oneHot(new int[] {0, 1, 2, 0, 1}, 3);
        PerExampleGradients pe = PerExampleGradients.compute(m, CCE, x, y);
        CCE.perSample(m.call(x), y).sum().backward();
        List<Tensor> params = m.trainableWeights();
        float[][] sum = pe.clippedSum(Double.POSITIVE_INFINITY);
        for (int p = 0; p < params.size(); p++) {
            float[] g = params.get(p).grad().contiguous().toArray();
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], sum[p][i], 1e-5 + 1e-4 * Math.abs(g[i]), "parameter " + p + "[" + i + "]");
            }
        }
    }

    @Test
    void clippingBoundsEachExamplesContribution() {
        Sequential m = new Sequential(new Dense(4).activation(Activation.TANH), new Dense(2).activation(Activation.SOFTMAX)).seed(9);
        Tensor x = randn(10, 6, 3);
        float[] xv = x.toArray();
        for (int i = 0; i < 3; i++) {
            xv[i] *= 5; // one outlier example with a huge gradient
        }
        Tensor xo = Tensor.of(xv, 6, 3);
        Tensor y = oneHot(new int[] {1, 0, 1, 0, 1, 0}, 2);
        double c = 0.02;
        PerExampleGradients pe = PerExampleGradients.compute(m, CCE, xo, y);
        assertTrue(pe.norm(0) > 10 * c, "the outlier's gradient is large: " + pe.norm(0));
        float[][] with = pe.clippedSum(c);
        PerExampleGradients rest = PerExampleGradients.compute(m, CCE, xo.slice(0, 1, 6).contiguous(), y.slice(0, 1, 6).contiguous());
        float[][] without = rest.clippedSum(c);
        double diff = 0;
        for (int p = 0; p < with.length; p++) {
            for (int i = 0; i < with[p].length; i++) {
                double d = with[p][i] - without[p][i];
                diff += d * d;
            }
        }
        // Removing one example changes the clipped sum by exactly its clipped gradient: norm min(‖g‖, C) = C.
        assertEquals(c, Math.sqrt(diff), 1e-5);
        for (int b = 0; b < 6; b++) {
            float[][] single = PerExampleGradients.compute(m, CCE, xo.slice(0, b, b + 1).contiguous(),
                    y.slice(0, b, b + 1).contiguous()).clippedSum(c);
            double n = 0;
            for (float[] s : single) {
                for (float v : s) {
                    n += v * v;
                }
            }
            assertTrue(Math.sqrt(n) <= c + 1e-6, "example " + b + " contributes " + Math.sqrt(n));
        }
    }

    @Test
    void noiselessUnclippedDpStepEqualsPlainSgdStep() {
        Tensor x = randn(11, 5, 1, 7, 7);
        Tensor y = oneHot(new int[] {0, 1, 2, 1, 0}, 3);
        Sequential a = cnn(21);
        Sequential b = cnn(21);
        new DpSgd(new SGD(0.1), Double.POSITIVE_INFINITY, 0, 1).step(a, CCE, x, y, 5);
        Loss loss = CCE;
        loss.compute(b.call(x), y).backward();
        new SGD(0.1).step(b.trainableWeights());
        List<Tensor> wa = a.trainableWeights();
        List<Tensor> wb = b.trainableWeights();
        assertEquals(wb.size(), wa.size());
        for (int p = 0; p < wa.size(); p++) {
            float[] va = wa.get(p).toArray();
            float[] vb = wb.get(p).toArray();
            for (int i = 0; i < va.length; i++) {
                assertEquals(vb[i], va[i], 1e-6, "weight " + p + "[" + i + "]");
            }
        }
    }

    @Test
    void noiseHasTheCalibratedStandardDeviation() {
        // Zero-gradient model (all-zero input, no bias): the update is the noise alone, std σ·C/B per coordinate.
        Sequential m = new Sequential(new Dense(50).useBias(false), new Dense(40).useBias(false)
                .activation(Activation.SOFTMAX)).seed(2);
        Tensor x = Tensor.zeros(4, 30);
        Tensor y = oneHot(new int[] {0, 1, 2, 3}, 40);
        m.build(30);
        float[] before = m.trainableWeights().get(0).toArray();
        new DpSgd(new SGD(1.0), 2.0, 1.5, 99).step(m, CCE, x, y, 4);
        float[] after = m.trainableWeights().get(0).toArray();
        double s = 0;
        for (int i = 0; i < before.length; i++) {
            double d = after[i] - before[i];
            s += d * d;
        }
        double std = Math.sqrt(s / before.length);
        // 1,500 samples: the sample std has a relative standard error of 1/sqrt(2·1500) ≈ 1.8 %; allow 4 standard errors.
        assertEquals(1.5 * 2.0 / 4, std, 0.073 * 0.75);
    }

    @Test
    void layersWithoutAPerExampleRuleFailClearly() {
        Sequential m = new Sequential(new Dense(3), new BatchNormalization(), new Dense(2).activation(Activation.SOFTMAX));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> PerExampleGradients.compute(m, CCE, randn(1, 2, 4), oneHot(new int[] {0, 1}, 2)));
        assertTrue(e.getMessage().contains("BatchNormalization"), e.getMessage());
    }

    @Test
    void trainerReportsGrowingEpsilonAndLearns() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 400;
        float[] xs = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            xs[2 * i] = (float) (r.nextGaussian() + (labels[i] == 0 ? -2 : 2));
            xs[2 * i + 1] = (float) r.nextGaussian();
        }
        Dataset data = Dataset.of(Tensor.of(xs, n, 2), oneHot(labels, 2));
        Sequential m = new Sequential(new Dense(2).activation(Activation.SOFTMAX)).seed(1);
        DpTrainer t = new DpTrainer(m, CCE, new DpSgd(new SGD(0.5), 1.0, 1.0, 3), Sampling.POISSON, 40, 1e-5, 8);
        var hist = t.fit(data, 3, data);
        assertTrue(hist.get(2).get("epsilon") > hist.get(0).get("epsilon"));
        // 30 steps at q = 0.1, σ = 1 — the accountant's own value for that run.
        assertEquals(new RdpAccountant().step(0.1, 1.0, 30).epsilon(1e-5).epsilon(), hist.get(2).get("epsilon"), 1e-12);
        assertTrue(hist.get(2).get("val_accuracy") > 0.9, "accuracy " + hist.get(2).get("val_accuracy"));
    }

    // ------------------------------------------------------------------ helpers

    private static Sequential cnn(long seed) {
        return new Sequential(new Conv2D(2, 3).activation(Activation.RELU), new MaxPool2D(2), new Flatten(),
                new Dense(3).activation(Activation.SOFTMAX)).seed(seed);
    }

    private static void checkAgainstSingleExamplePasses(Sequential m, Tensor x, Tensor y) {
        PerExampleGradients pe = PerExampleGradients.compute(m, CCE, x, y);
        List<Tensor> params = m.trainableWeights();
        assertEquals(params, pe.parameters());
        int batch = x.size(0);
        for (int b = 0; b < batch; b++) {
            for (Tensor w : params) {
                w.zeroGrad();
            }
            m.setTraining(true);
            CCE.perSample(m.call(x.slice(0, b, b + 1).contiguous()), y.slice(0, b, b + 1).contiguous()).sum().backward();
            for (int p = 0; p < params.size(); p++) {
                float[] want = params.get(p).grad().contiguous().toArray();
                float[] got = pe.of(p, b);
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-5 + 1e-4 * Math.abs(want[i]),
                            "example " + b + ", parameter " + p + ", element " + i);
                }
            }
        }
    }

    static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new SplittableRandom(seed), shape);
    }

    static Tensor oneHot(int[] labels, int classes) {
        return Dataset.oneHot(labels, classes);
    }
}

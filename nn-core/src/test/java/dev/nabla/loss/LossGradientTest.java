package dev.nabla.loss;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every loss is differentiable with respect to its predictions: autograd against central
 * differences ({@link GradCheck}), closed-form gradients where they are short, and finite values
 * and gradients for logits of ±100.
 */
class LossGradientTest {
    private final Random rng = new Random(7);

    /** Uniform values in [lo, hi), as a leaf that requires a gradient. */
    private Tensor uniform(float lo, float hi, int... shape) {
        Tensor u = Tensor.rand(rng, shape);
        float[] v = u.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * v[i];
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }

    private Tensor oneHot(int classes, int... labels) {
        float[] v = new float[labels.length * classes];
        for (int b = 0; b < labels.length; b++) {
            v[b * classes + labels[b]] = 1;
        }
        return Tensor.of(v, labels.length, classes);
    }

    private Tensor bernoulli(int... shape) {
        float[] v = Tensor.rand(rng, shape).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] < 0.5f ? 0 : 1;
        }
        return Tensor.of(v, shape);
    }

    private static void check(Loss loss, Tensor predictions, Tensor targets) {
        new GradCheck().assertGradients(in -> loss.compute(in[0], targets), predictions);
    }

    @Test
    void categoricalCrossentropy() {
        Tensor y = oneHot(4, 0, 3, 1);
        check(Losses.categoricalCrossentropy(), uniform(0.1f, 0.9f, 3, 4), y);
        check(Losses.categoricalCrossentropy(false, 0.2f), uniform(0.1f, 0.9f, 3, 4), y);
        check(Losses.categoricalCrossentropy(true, 0f), uniform(-3, 3, 3, 4), y);
        check(Losses.categoricalCrossentropy(true, 0.1f), uniform(-3, 3, 3, 4), y);
    }

    @Test
    void categoricalCrossentropyAlongChannelAxis() {
        Tensor y = Tensor.zeros(2, 3, 2, 2);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    y.set(1f, n, (n + i + j) % 3, i, j);
                }
            }
        }
        check(Losses.categoricalCrossentropy(true, 0f, 1), uniform(-2, 2, 2, 3, 2, 2), y);
        check(Losses.categoricalCrossentropy(false, 0f, 1), uniform(0.1f, 0.9f, 2, 3, 2, 2), y);
    }

    @Test
    void sparseCategoricalCrossentropy() {
        Tensor y = Tensor.vector(2, 0, 1);
        check(Losses.sparseCategoricalCrossentropy(false), uniform(0.1f, 0.9f, 3, 3), y);
        check(Losses.sparseCategoricalCrossentropy(true), uniform(-3, 3, 3, 3), y.reshape(3, 1));
    }

    @Test
    void binaryCrossentropy() {
        Tensor y = bernoulli(4, 3);
        check(Losses.binaryCrossentropy(false), uniform(0.05f, 0.95f, 4, 3), y);
        check(Losses.binaryCrossentropy(true), uniform(-4, 4, 4, 3), y);
    }

    @Test
    void regressionLosses() {
        Tensor y = uniform(-1, 1, 3, 4).detach();
        check(Losses.meanSquaredError(), uniform(-2, 2, 3, 4), y);
        // keep |p − t| away from the kink of |e| at 0 and of Huber at |e| = δ
        Tensor offset = Tensor.of(new float[] {0.3f, -0.4f, 1.5f, -2f, 0.6f, -0.7f, 2.5f, -1.8f, 0.2f, -0.5f, 3f, -2.2f}, 3, 4);
        Tensor p = y.add(offset).copyData().requiresGrad(true);
        check(Losses.meanAbsoluteError(), p, y);
        check(Losses.huber(1f), p, y);
        check(Losses.huber(0.1f), p, y);
    }

    @Test
    void softDice() {
        check(Losses.softDice(1f), uniform(0.05f, 0.95f, 2, 1, 3, 3), bernoulli(2, 1, 3, 3));
        check(Losses.softDice(0.01f), uniform(0.05f, 0.95f, 3, 4), bernoulli(3, 4));
    }

    @Test
    void focal() {
        Tensor y = bernoulli(4, 3);
        check(Losses.focal(2f, 0.25f), uniform(0.05f, 0.95f, 4, 3), y);
        check(Losses.focal(0.5f, 0.75f), uniform(0.05f, 0.95f, 4, 3), y);
        check(Losses.focal(2f, 0.25f, true), uniform(-3, 3, 4, 3), y);
        check(Losses.focal(0f, 0.5f, true), uniform(-3, 3, 4, 3), y);
    }

    @Test
    void sampleAndClassWeights() {
        Tensor w = Tensor.vector(0.5f, 2f, 0f);
        Loss weighted = Losses.withClassWeights(Losses.sparseCategoricalCrossentropy(true), new float[] {1, 3, 0.5f});
        Tensor y = Tensor.vector(1, 2, 0);
        new GradCheck().assertGradients(in -> weighted.compute(in[0], y, w), uniform(-2, 2, 3, 3));
        new GradCheck().assertGradients(in -> Losses.meanSquaredError().compute(in[0], y.reshape(3, 1), w),
                uniform(-2, 2, 3, 1));
    }

    @Test
    void categoricalFromLogitsGradientIsSoftmaxMinusTargetsOverBatch() {
        // d/dx of (1/B)·Σ_b −Σ_c t·log_softmax(x) = (softmax(x) − t)/B; x = [0, ln 3] → softmax [¼, ¾]
        Tensor x = Tensor.of(new float[] {0, (float) Math.log(3)}, 1, 2).requiresGrad(true);
        Losses.categoricalCrossentropy(true, 0f).compute(x, Tensor.of(new float[] {1, 0}, 1, 2)).backward();
        assertArrayEquals(new float[] {-0.75f, 0.75f}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void binaryFromLogitsGradientIsSigmoidMinusTargetEvenAtZero() {
        // d/dx (softplus(x) − x·t) = σ(x) − t; at x = 0, t = 1: −0.5 (over B = 2 samples: −0.25)
        Tensor x = Tensor.vector(0f, 0f).requiresGrad(true);
        Losses.binaryCrossentropy(true).compute(x, Tensor.vector(1, 0)).backward();
        assertArrayEquals(new float[] {-0.25f, 0.25f}, x.grad().toArray(), 1e-6f);
    }

    // ------------------------------------------------------------------ stability

    private static void assertFiniteValueAndGradient(Loss loss, Tensor logits, Tensor targets) {
        Tensor x = logits.copyData().requiresGrad(true);
        Tensor value = loss.compute(x, targets);
        assertTrue(Float.isFinite(value.item()), loss.name() + " gave " + value.item());
        value.backward();
        for (float g : x.grad().toArray()) {
            assertTrue(Float.isFinite(g), loss.name() + " gradient " + g);
        }
    }

    @Test
    void fromLogitsLossesStayFiniteForHugeLogits() {
        Tensor logits = Tensor.of(new float[] {100, -100, 0, -100, 100, 100}, 2, 3);
        Tensor oneHot = Tensor.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);
        assertFiniteValueAndGradient(Losses.categoricalCrossentropy(true, 0f), logits, oneHot);
        assertFiniteValueAndGradient(Losses.categoricalCrossentropy(true, 0.1f), logits, oneHot);
        assertFiniteValueAndGradient(Losses.sparseCategoricalCrossentropy(true), logits, Tensor.vector(1, 0));
        Tensor binary = Tensor.of(new float[] {0, 1, 0, 1, 0, 1}, 2, 3);
        assertFiniteValueAndGradient(Losses.binaryCrossentropy(true), logits, binary);
        assertFiniteValueAndGradient(Losses.focal(2f, 0.25f, true), logits, binary);
        assertFiniteValueAndGradient(Losses.focal(0.5f, 0.25f, true), logits, binary);
        assertFiniteValueAndGradient(Losses.focal(0f, 0.25f, true), logits, binary);

        // the values themselves: a logit 100 on the wrong class costs 100 (binary) or 200 (categorical)
        assertEquals(100f, Losses.binaryCrossentropy(true).compute(Tensor.vector(100f), Tensor.vector(0)).item(), 1e-4f);
        assertEquals(0f, Losses.binaryCrossentropy(true).compute(Tensor.vector(-100f), Tensor.vector(0)).item(), 1e-6f);
        assertEquals(200f, Losses.sparseCategoricalCrossentropy(true)
                .compute(Tensor.of(new float[] {100, -100}, 1, 2), Tensor.vector(1)).item(), 1e-3f);
    }

    @Test
    void probabilityLossesStayFiniteAtZeroAndOne() {
        Tensor p = Tensor.of(new float[] {0, 1, 1, 0}, 2, 2);
        Tensor y = Tensor.of(new float[] {1, 0, 1, 0}, 2, 2);
        assertFiniteValueAndGradient(Losses.binaryCrossentropy(false), p, y);
        assertFiniteValueAndGradient(Losses.categoricalCrossentropy(), p, y);
        assertFiniteValueAndGradient(Losses.focal(2f, 0.25f), p, y);
        assertFiniteValueAndGradient(Losses.focal(0.5f, 0.25f), p, y);
        assertFiniteValueAndGradient(Losses.softDice(1f), p, y);
        // p = 0 for t = 1 is clipped to ε = 1e-7: −ln 1e-7 = 16.1181
        assertEquals(16.1181, Losses.binaryCrossentropy(false).compute(Tensor.vector(0f), Tensor.vector(1f)).item(), 1e-3);
    }
}

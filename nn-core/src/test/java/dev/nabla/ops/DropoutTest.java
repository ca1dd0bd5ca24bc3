package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.nabla.ops.Fixtures.assertGradients;
import static dev.nabla.ops.Fixtures.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inverted dropout: identity at inference, rate-fraction zeros and 1/(1−rate) scaling in training. */
class DropoutTest {
    @Test
    void inferenceReturnsTheInput() {
        Tensor x = Tensor.randn(new Random(1), 3, 4);
        assertSame(x, Ops.dropout(x, 0.5f, false, new Random(2)));
        assertSame(x, Ops.dropout(x, 0.5f, false, null), "no generator needed at inference");
        assertSame(x, Ops.dropout(x, 0f, true, new Random(2)), "rate 0 drops nothing");
    }

    @Test
    void trainingZeroesAboutRateAndScalesTheRest() {
        float rate = 0.3f;
        Tensor x = Tensor.ones(200, 100);
        float[] y = Ops.dropout(x, rate, true, new Random(42)).toArray();
        float keep = 1f / (1f - rate);
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(keep, v, 1e-6f, "kept values are scaled by 1/(1-rate)");
            }
        }
        double fraction = zeros / (double) y.length;
        // 20 000 Bernoulli(0.3) draws: standard deviation 0.0032, so ±0.015 is more than 4.5σ.
        assertEquals(rate, fraction, 0.015, "fraction of zeros");
    }

    @Test
    void expectedValueIsPreserved() {
        Tensor x = Tensor.full(2f, 100, 100);
        float mean = Ops.dropout(x, 0.5f, true, new Random(3)).mean().item();
        assertEquals(2f, mean, 0.06f);
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        Tensor x = Tensor.randn(new Random(4), 10, 10);
        float[] a = Ops.dropout(x, 0.5f, true, new Random(7)).toArray();
        float[] b = Ops.dropout(x, 0.5f, true, new Random(7)).toArray();
        float[] c = Ops.dropout(x, 0.5f, true, new Random(8)).toArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void gradientIsTheMask() {
        Tensor x = Tensor.full(3f, 4, 5).requiresGrad(true);
        Tensor y = Ops.dropout(x, 0.25f, true, new Random(9));
        y.sum().backward();
        float[] yv = y.toArray();
        float[] g = x.grad().toArray();
        boolean sawZero = false;
        for (int i = 0; i < g.length; i++) {
            assertEquals(yv[i] / 3f, g[i], 1e-6f);
            sawZero |= g[i] == 0f;
        }
        assertTrue(sawZero, "with 20 elements at rate 0.25 this seed drops some");
    }

    @Test
    void gradientCheckWithFixedSeed() {
        // A fresh generator with the same seed on every evaluation, so the mask is fixed.
        assertGradients("dropout", in -> Ops.dropout(in[0], 0.4f, true, new Random(5)), normal(6, 3, 4));
    }
}

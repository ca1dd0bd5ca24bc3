package dev.nabla.backend;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The in-place sigmoid and tanh passes of the recurrent gates: the vector implementation against
 * {@link UnaryOp}'s double-precision formulas on random values over many magnitudes and on special values,
 * on ranges of every length around the vector width (so the scalar tail runs too) at odd offsets, leaving
 * the rest of the array untouched.
 */
class ActivationsTest {
    private static final float[] SPECIAL = {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, 1e-8f, -1e-5f, 0.5f, -3f,
        9f, 20f, -20f, 88f, -88f, 104f, -104f, 1e4f, -1e4f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    @Test
    void vectorIsActiveUnderTheTestRunner() {
        assertEquals("vector", Activations.implementation());
    }

    @Test
    void vectorMatchesTheScalarFormulasWithinThreeUlpOrUnderflow() {
        Activations.Kernel vector = Activations.vector();
        assertNotNull(vector, "the vector activations did not load");
        Random rng = new Random(11);
        for (int len = 0; len <= 70; len++) {
            int from = rng.nextInt(5);
            float[] x = new float[from + len + 4];
            for (int i = 0; i < x.length; i++) {
                x[i] = i - from < SPECIAL.length && len == 70 ? SPECIAL[i - Math.min(i, from)]
                        : (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(9) - 6));
            }
            compare("sigmoid", x, from, from + len, vector::sigmoid, UnaryOp::sigmoid);
            compare("tanh", x, from, from + len, vector::tanh, UnaryOp::tanh);
        }
    }

    @Test
    void knownValues() {
        float[] x = {0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2f, 2f, 0f, 0f, 0f};
        Activations.sigmoid(x, 0, 1);
        Activations.tanh(x, 1, 2);
        Activations.sigmoid(x, 2, 4);
        Activations.tanh(x, 5, 6);
        Activations.sigmoid(x, 4, 5);
        assertEquals(0.5f, x[0], 0f);
        assertEquals(0f, x[1], 0f);
        assertEquals(1f, x[2], 0f);
        assertEquals(0f, x[3], 0f);
        assertEquals(0.8807970779778823f, x[4], 1e-7f); // 1 / (1 + e^−2)
        assertEquals(0.9640275800758169f, x[5], 1e-7f); // tanh 2
        float[] wide = new float[40];
        java.util.Arrays.fill(wide, -1f);
        Activations.tanh(wide, 3, 37);
        for (int i = 0; i < wide.length; i++) {
            assertEquals(i < 3 || i >= 37 ? -1f : -0.7615941559557649f, wide[i], 1e-7f, "tanh(−1) at " + i);
        }
    }

    private interface Pass {
        void apply(float[] x, int from, int to);
    }

    private interface Formula {
        float apply(float x);
    }

    private static void compare(String name, float[] x, int from, int to, Pass pass, Formula formula) {
        float[] got = x.clone();
        pass.apply(got, from, to);
        for (int i = 0; i < x.length; i++) {
            if (i < from || i >= to) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(got[i]), name + ": wrote at " + i);
                continue;
            }
            float want = formula.apply(x[i]);
            if (Float.isNaN(want)) {
                assertTrue(Float.isNaN(got[i]), name + "(NaN) = " + got[i]);
            } else if (Math.abs(got[i] - want) > Math.max(3 * Math.ulp(want), Float.MIN_NORMAL)) {
                // MIN_NORMAL: below x ≈ −88.7 the float e^−x overflows and σ(x) flushes to 0, not a subnormal
                fail(name + "(" + x[i] + ") = " + got[i] + ", expected " + want + " within 3 ulp");
            }
        }
    }
}

package dev.nabla.ops;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Tensor;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Inputs and assertions shared by the ops tests. */
final class Fixtures {
    /** The library's default float32 settings: eps 1e-3, atol 2e-3, rtol 1e-2. */
    static final GradCheck CHECK = new GradCheck();

    private Fixtures() {
    }

    /**
     * Gradient check of {@code f} at {@code inputs}, plus a guard against a check that cannot fail:
     * every input that requires a gradient must get a non-null gradient with some entry clearly
     * non-zero (an op whose backward returned zeros would pass a check of an output that does not
     * depend on its input).
     */
    static void assertGradients(String what, GradCheck.Fn f, Tensor... inputs) {
        assertGradients(CHECK, what, f, inputs);
    }

    static void assertGradients(GradCheck check, String what, GradCheck.Fn f, Tensor... inputs) {
        GradCheck.Result result = check.check(f, inputs);
        assertTrue(result.passed(), what + ": gradient check failed, worst " + result.worst());
        Tensor y = f.apply(inputs);
        y.backward(Tensor.randn(new Random(99), y.shape()));
        for (int k = 0; k < inputs.length; k++) {
            Tensor in = inputs[k];
            if (!in.requiresGrad()) {
                continue;
            }
            assertNotNull(in.grad(), what + ": input " + k + " got no gradient");
            assertArrayEquals(in.shape(), in.grad().shape(), what + ": gradient shape of input " + k);
            float largest = 0;
            for (float v : in.grad().toArray()) {
                assertTrue(Float.isFinite(v), what + ": non-finite gradient for input " + k);
                largest = Math.max(largest, Math.abs(v));
            }
            assertTrue(largest > 1e-3, what + ": gradient of input " + k + " is all (near) zero");
            in.zeroGrad();
        }
    }

    /** Uniform in {@code [lo, hi)}, requiring grad. */
    static Tensor uniform(long seed, float lo, float hi, int... shape) {
        Random rng = new Random(seed);
        float[] d = new float[numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * rng.nextFloat();
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    /** Normal samples, requiring grad. */
    static Tensor normal(long seed, int... shape) {
        return Tensor.randn(new Random(seed), shape).requiresGrad(true);
    }

    /** Random sign, magnitude in [0.2, 1.2): far from the kinks of relu/abs/leakyRelu/elu at 0. */
    static Tensor awayFromZero(long seed, int... shape) {
        Random rng = new Random(seed);
        float[] d = new float[numel(shape)];
        for (int i = 0; i < d.length; i++) {
            float m = 0.2f + rng.nextFloat();
            d[i] = rng.nextBoolean() ? m : -m;
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    /**
     * Distinct values {@code (k − ⌊n/2⌋)·step + shift} for {@code k = 0..n−1} in a shuffled
     * order: every pair differs by at least {@code step}, so a ±1e-3 perturbation never changes
     * which element is the maximum (no ties, no kinks inside the finite-difference step).
     */
    static Tensor distinct(long seed, float step, float shift, int... shape) {
        int n = numel(shape);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (perm[i] - n / 2) * step + shift;
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    static int numel(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static void assertValues(float[] expected, Tensor actual, float tol) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, "number of elements");
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(expected[i] - a[i]) > tol * Math.max(1f, Math.abs(expected[i]))) {
                fail("element " + i + ": expected " + expected[i] + ", got " + a[i]);
            }
        }
    }

    static void assertValues(double[] expected, Tensor actual, double tol) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, "number of elements");
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(expected[i] - a[i]) > tol * Math.max(1.0, Math.abs(expected[i]))) {
                fail("element " + i + ": expected " + expected[i] + ", got " + a[i]);
            }
        }
    }

    static Tensor t(float[] data, int... shape) {
        return Tensor.of(data, shape);
    }
}

package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers for the optimizer tests: parameters with hand-set gradients, and float-vs-double checks. */
final class Support {
    private Support() {
    }

    /** A contiguous leaf parameter holding {@code values}. */
    static Tensor param(float... values) {
        return Tensor.vector(values).requiresGrad(true);
    }

    /** Replaces {@code p}'s gradient by {@code g}, as if a backward pass had produced it. */
    static void setGrad(Tensor p, double... g) {
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            f[i] = (float) g[i];
        }
        p.zeroGrad();
        p.accumulateGrad(Tensor.of(f, p.shape()));
    }

    static double[] values(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** float32 result against a double reference: |a − e| ≤ tol·max(1, |e|). */
    static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, what + ": length");
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    /** The call throws {@code type} and the message contains every part. */
    static <T extends Throwable> T assertFails(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should contain \"" + part + "\"");
        }
        return e;
    }
}

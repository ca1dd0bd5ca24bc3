package dev.nabla.opencl;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared by the OpenCL tests: skip (with the reason) when no OpenCL device exists, one backend per JVM. */
final class ClTest {
    private static OpenClBackend backend;

    private ClTest() {
    }

    /** Skips the calling test, reporting why, when OpenCL cannot run here; never passes silently. */
    static void assumeOpenCl() {
        String why = OpenCl.unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "skipped: no OpenCL device here: " + why);
    }

    /** The shared backend on the default device (PoCL's CPU device in CI). */
    static synchronized OpenClBackend backend() {
        assumeOpenCl();
        if (backend == null || backend.context().isClosed()) {
            backend = OpenClBackend.create();
            System.out.println("[nn-opencl tests] running on " + backend.context().device().describe());
        }
        return backend;
    }

    static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Random(seed), shape);
    }

    /** {@code actual} equals {@code expected} (shape and values) within {@code atol + rtol·|expected|}. */
    static void assertClose(Tensor expected, Tensor actual, float atol, float rtol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i])) {
                assertTrue(Float.isNaN(a[i]), what + ": element " + i + " expected NaN, got " + a[i]);
                continue;
            }
            if (Float.isInfinite(e[i])) {
                assertEquals(e[i], a[i], what + ": element " + i);
                continue;
            }
            float tol = atol + rtol * Math.abs(e[i]);
            assertTrue(Math.abs(e[i] - a[i]) <= tol, what + ": element " + i + " of " + Arrays.toString(expected.shape())
                    + " expected " + e[i] + ", got " + a[i] + " (tolerance " + tol + ")");
        }
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertClose(expected, actual, 1e-4f, 1e-4f, what);
    }
}

package dev.nabla.backend;

import dev.nabla.tensor.DeviceStorage;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The backend hooks for device-resident training: {@link OptimizerUpdate} against hand-computed steps,
 * {@link Backend#optimizerUpdate}'s host default, {@link Tensor#moveToDevice}, and {@link PoolResult}'s
 * lazy indices.
 */
class OptimizerUpdateTest {

    @Test
    void sgdNesterovStepByHand() {
        // w = 1, g = 0.5, b = 0.2, lr 0.1, μ 0.9, λ 0.1:
        // g' = 0.5 + 0.1·1 = 0.6; b = 0.9·0.2 + 0.6 = 0.78; w = 1 − 0.1·(0.6 + 0.9·0.78) = 0.8698
        float[] w = {1f};
        float[] b = {0.2f};
        OptimizerUpdate.sgd(0.1f, 0.9f, true, 0.1f).applyOnHost(w, 0, new float[] {0.5f}, 0, 1, new float[][] {b});
        assertEquals(0.78f, b[0], 1e-6f);
        assertEquals(0.8698f, w[0], 1e-6f);
        assertEquals(1, OptimizerUpdate.sgd(0.1f, 0.9f, true, 0f).slotCount());
        assertEquals(0, OptimizerUpdate.sgd(0.1f, 0f, false, 0f).slotCount());
    }

    @Test
    void adamFirstStepByHand() {
        // t = 1, lr 0.01: stepSize = 0.01/(1−0.9) = 0.1, invSqrtBc2 = 1/√0.001; g = −2:
        // m = 0.1·(−2) = −0.2, v = 0.001·4 = 0.004, √v·invSqrtBc2 = 2, w = 1 − 0.1·(−0.2)/2 = 1.01 (≈ w + lr)
        float inv = (float) (1 / Math.sqrt(0.001));
        OptimizerUpdate u = OptimizerUpdate.adam(0.1f, inv, 0.9f, 0.999f, 0.1f, 0.001f, 1e-7f, 0f, 1f, false);
        float[] w = {1f};
        float[] m = {0f};
        float[] v = {0f};
        u.applyOnHost(w, 0, new float[] {-2f}, 0, 1, new float[][] {m, v});
        assertEquals(-0.2f, m[0], 1e-7f);
        assertEquals(0.004f, v[0], 1e-8f);
        assertEquals(1.01f, w[0], 1e-6f);
        // AMSGrad with v_hat = 0.01 already larger: w = 1 + 0.02/(0.1·√1000) = 1.0063246
        OptimizerUpdate ams = OptimizerUpdate.adam(0.1f, inv, 0.9f, 0.999f, 0.1f, 0.001f, 1e-7f, 0f, 1f, true);
        float[] w2 = {1f};
        float[] vHat = {0.01f};
        ams.applyOnHost(w2, 0, new float[] {-2f}, 0, 1, new float[][] {{0f}, {0f}, vHat});
        assertEquals(0.01f, vHat[0], 0f);
        assertEquals(1.0063246f, w2[0], 1e-6f);
        assertEquals(3, ams.slotCount());
    }

    @Test
    void backendDefaultIsTheHostRuleWithOffsets() {
        OptimizerUpdate u = OptimizerUpdate.sgd(0.5f, 0.5f, false, 0f);
        Tensor w = Tensor.of(new float[] {1f, 2f, 3f}, 3);
        Tensor g = Tensor.view(new float[] {9f, 1f, 1f, 2f}, new int[] {3}, new int[] {1}, 1); // offset 1
        Tensor b = Tensor.of(new float[] {0f, 2f, 0f}, 3);
        new CpuBackend().optimizerUpdate(u, w, g, b);
        // b = 0.5·b + g = [1, 2, 2]; w = w − 0.5·b = [0.5, 1, 2]
        assertArrayEquals(new float[] {1f, 2f, 2f}, b.toArray(), 0f);
        assertArrayEquals(new float[] {0.5f, 1f, 2f}, w.toArray(), 0f);
    }

    /** A device that keeps what it was given and counts reads. */
    private static final class Fake implements DeviceStorage {
        final float[] data;
        int reads;

        Fake(float[] data) {
            this.data = data;
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public float[] host(boolean forWriting) {
            reads++;
            return data;
        }
    }

    @Test
    void moveToDeviceKeepsTheTensorAndRoutesReadsThroughTheDevice() {
        Tensor t = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2);
        Fake dev = new Fake(new float[] {5f, 6f, 7f, 8f});
        t.moveToDevice(dev);
        assertSame(dev, t.device());
        assertArrayEquals(new float[] {5f, 6f, 7f, 8f}, t.toArray(), 0f);
        assertEquals(8f, t.get(1, 1));
        assertEquals(2, dev.reads);
        assertThrows(IllegalStateException.class, () -> t.moveToDevice(new Fake(new float[4])), "already moved");
        Tensor slice = Tensor.view(new float[6], new int[] {4}, new int[] {1}, 2);
        assertThrows(IllegalStateException.class, () -> slice.moveToDevice(new Fake(new float[4])), "a view");
        Tensor small = Tensor.zeros(3);
        var e = assertThrows(IllegalArgumentException.class, () -> small.moveToDevice(new Fake(new float[4])));
        assertEquals("Tensor.moveToDevice: the device storage holds 4 floats, the tensor (shape [3]) has 3", e.getMessage());
        assertNull(small.device());
    }

    @Test
    void poolResultDownloadsItsIndicesOnceAndOnlyWhenAsked() {
        AtomicInteger downloads = new AtomicInteger();
        Object handle = new Object();
        PoolResult r = new PoolResult(Tensor.zeros(1, 1, 1, 2), handle, () -> {
            downloads.incrementAndGet();
            return new int[] {0, 3};
        });
        assertSame(handle, r.deviceIndices());
        assertEquals(0, downloads.get());
        assertArrayEquals(new int[] {0, 3}, r.argmax());
        assertSame(r.argmax(), r.argmax());
        assertEquals(1, downloads.get());

        // the PoolResult overload of the backward pass defaults to the int[] one
        CpuBackend cpu = new CpuBackend();
        Tensor x = Tensor.of(new float[] {1f, 5f, 2f, 0f, 7f, 3f, 4f, 6f}, 1, 1, 2, 4);
        PoolResult p = cpu.maxPool2d(x, 2, 2, new ConvSpec(2, 2, 1, 1, 0, 0, 0, 0));
        // windows [[1, 5], [7, 3]] and [[2, 0], [4, 6]]: maxima 7 at (1, 0) → flat 4, 6 at (1, 3) → flat 7
        assertArrayEquals(new int[] {4, 7}, p.argmax());
        assertNull(p.deviceIndices());
        Tensor gy = Tensor.of(new float[] {10f, 20f}, 1, 1, 1, 2);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 10f, 0f, 0f, 20f},
                cpu.maxPool2dBackward(gy, p, x.shape()).toArray(), 0f);
    }
}

package dev.nabla.opencl;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.ConvSpec;
import dev.nabla.backend.CpuBackend;
import dev.nabla.backend.PoolResult;
import dev.nabla.backend.UnaryOp;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.nabla.opencl.ClTest.assertClose;
import static dev.nabla.opencl.ClTest.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What stays on the device, what crosses the bus, and that device memory is reused and released. */
class ResidencyTest {
    private OpenClBackend cl;
    private Backend before;

    @BeforeEach
    void setUp() {
        cl = ClTest.backend();
        before = Backends.current();
    }

    @AfterEach
    void restore() {
        Backends.use(before);
    }

    @Test
    void deviceInputsAreNotUploadedAgain() {
        Tensor x = cl.copy(randn(1, 64, 64));
        long up = cl.context().bytesUploaded();
        long down = cl.context().bytesDownloaded();
        Tensor y = cl.unary(UnaryOp.TANH, cl.matmul(x, x.transpose(0, 1)), 0);
        assertEquals(up, cl.context().bytesUploaded(), "device inputs and views of them are not uploaded");
        assertEquals(down, cl.context().bytesDownloaded(), "nothing is downloaded until read");
        y.toArray();
        assertEquals(down + 64 * 64 * 4, cl.context().bytesDownloaded(), "reading downloads the result once");
        y.toArray();
        y.get(3, 4);
        assertEquals(down + 64 * 64 * 4, cl.context().bytesDownloaded(), "later reads use the host copy");
    }

    @Test
    void hostWritesThroughStorageReachTheDevice() {
        Tensor t = cl.copy(Tensor.vector(1f, 2f, 3f));
        float[] host = t.storage();
        host[0] = 100f;
        assertClose(Tensor.vector(-100f, -2f, -3f), cl.unary(UnaryOp.NEG, t, 0), "re-uploaded after a host write");
        t.set(-5f, 1);
        assertClose(Tensor.vector(-100f, 5f, -3f), cl.unary(UnaryOp.NEG, t, 0), "re-uploaded after set");
    }

    /**
     * A forward and backward pass of conv → relu → pool → dense → log-softmax keeps activations and
     * gradients on the device, the max-pooling indices included: the only download is the loss.
     */
    @Test
    void forwardAndBackwardStayOnTheDevice() {
        Random rng = new Random(3);
        Tensor x = Tensor.randn(rng, 4, 3, 12, 12);
        Tensor w = Tensor.randn(rng, 8, 3, 3, 3).mul(0.2f).requiresGrad(true);
        Tensor b = Tensor.zeros(8).requiresGrad(true);
        Tensor d = Tensor.randn(rng, 8 * 6 * 6, 10).mul(0.05f).requiresGrad(true);
        Tensor target = Tensor.zeros(4, 10);
        for (int i = 0; i < 4; i++) {
            target.set(1f, i, i);
        }
        Backends.use(cl);
        long down = cl.context().bytesDownloaded();
        Tensor h = Ops.maxPool2d(Ops.conv2d(x, w, b, 1, Padding.SAME).relu(), 2);
        assertTrue(cl.isResident(h), "activations live on the device");
        Tensor logits = h.reshape(4, -1).matmul(d);
        Tensor loss = Ops.logSoftmax(logits, 1).mul(target).sum().neg().div(4f);
        assertTrue(cl.isResident(loss));
        loss.backward();
        float value = loss.item();
        assertEquals(4, cl.context().bytesDownloaded() - down,
                "only the loss value crossed the bus (the pooling indices stay on the device)");
        assertTrue(cl.isResident(w.grad()) && cl.isResident(b.grad()) && cl.isResident(d.grad()),
                "gradients stay on the device");
        // the same computation on the CPU
        Backends.use(new CpuBackend());
        Tensor w2 = w.detach().copyData().requiresGrad(true);
        Tensor b2 = b.detach().copyData().requiresGrad(true);
        Tensor d2 = d.detach().copyData().requiresGrad(true);
        Tensor h2 = Ops.maxPool2d(Ops.conv2d(x, w2, b2, 1, Padding.SAME).relu(), 2);
        Tensor loss2 = Ops.logSoftmax(h2.reshape(4, -1).matmul(d2), 1).mul(target).sum().neg().div(4f);
        loss2.backward();
        assertEquals(loss2.item(), value, 1e-4);
        assertClose(w2.grad(), w.grad(), 1e-4f, 1e-3f, "dL/dw");
        assertClose(b2.grad(), b.grad(), 1e-4f, 1e-3f, "dL/db");
        assertClose(d2.grad(), d.grad(), 1e-4f, 1e-3f, "dL/dd");
    }

    /**
     * Thousands of small training steps on a backend with a 16 MiB soft limit: device memory is reused
     * from the pool and given back when tensors die, so it stays bounded while the steps allocate
     * gigabytes in total.
     */
    @Test
    void noDeviceMemoryLeakOverThousandsOfSteps() {
        ClTest.assumeOpenCl();
        System.setProperty("nabla.opencl.softLimit", String.valueOf(16L << 20));
        OpenClBackend small;
        try {
            small = OpenClBackend.create();
        } finally {
            System.clearProperty("nabla.opencl.softLimit");
        }
        try (small) {
            Backends.use(small);
            Random rng = new Random(5);
            Tensor w = Tensor.randn(rng, 8, 4, 3, 3).mul(0.1f).requiresGrad(true);
            Tensor x = Tensor.randn(rng, 8, 4, 32, 32);
            long highWater = 0;
            long allocated = 0;
            int steps = 3000;
            for (int step = 0; step < steps; step++) {
                w.zeroGrad();
                Tensor y = Ops.conv2d(x, w, null, 1, Padding.SAME).relu();
                Tensor loss = y.mul(y).mean();
                loss.backward();
                try (Grad.Scope off = Grad.off()) {
                    w = w.detach().sub(w.grad().mul(1e-3f)).copyData().requiresGrad(true);
                }
                allocated += 4L * 8 * 8 * 32 * 32 * 4; // at least four activation-sized buffers per step
                highWater = Math.max(highWater, small.context().bytesInUse() + small.context().bytesPooled());
            }
            assertTrue(Float.isFinite(w.toArray()[0]));
            assertTrue(allocated > (1L << 30), "the loop allocates " + allocated + " bytes in total");
            assertTrue(highWater < (64L << 20), "device memory stays bounded: high water " + highWater + " bytes");
            small.context().collectGarbage();
            assertTrue(small.context().bytesInUse() < (2L << 20),
                    "after the steps, only live tensors hold memory: " + small.context().bytesInUse());
        }
        assertTrue(small.context().isClosed());
        var e = assertThrows(IllegalStateException.class, () -> small.unary(UnaryOp.EXP, Tensor.ones(2), 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertFalse(cl.context().isClosed(), "closing one backend leaves the others open");
    }

    /**
     * A conv → relu → max-pool → dense training loop with Adam on device data: after the first step
     * (which moves the parameters and the optimizer state to the device) no step uploads or downloads
     * any parameter, gradient or optimizer state; reading a parameter downloads it once.
     */
    @Test
    void trainingStepsMoveNoParameters() {
        Random rng = new Random(7);
        Tensor w = Tensor.randn(rng, 8, 3, 3, 3).mul(0.2f).requiresGrad(true);
        Tensor b = Tensor.zeros(8).requiresGrad(true);
        Tensor d = Tensor.randn(rng, 8 * 5 * 5, 10).mul(0.05f).requiresGrad(true);
        List<Tensor> params = List.of(w, b, d);
        Tensor xHost = Tensor.randn(rng, 2, 3, 11, 11);
        Tensor tHost = Tensor.randn(rng, 2, 10);
        Backends.use(cl);
        Tensor x = cl.copy(xHost);
        Tensor target = cl.copy(tHost);
        Optimizer opt = new Adam(1e-2);
        Runnable step = () -> {
            Tensor h = Ops.maxPool2d(Ops.conv2d(x, w, b, 1, Padding.SAME).relu(), 2);
            Tensor e = h.reshape(2, -1).matmul(d).sub(target);
            e.mul(e).mean().backward();
            opt.step(params);
            opt.zeroGrad(params);
        };
        step.run();
        for (Tensor p : params) {
            assertTrue(cl.isResident(p), "the first step moved the parameter to the device");
        }
        long up = cl.context().bytesUploaded();
        long down = cl.context().bytesDownloaded();
        int steps = 5;
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        long uploaded = cl.context().bytesUploaded() - up;
        long downloaded = cl.context().bytesDownloaded() - down;
        long paramBytes = 4L * (w.numel() + b.numel() + d.numel());
        // scalar constants of the ops (the mean's divisor, ...) are uploaded as 4-byte host tensors
        assertTrue(uploaded <= 64L * steps, steps + " steps uploaded " + uploaded + " bytes; parameters are "
                + paramBytes + " bytes");
        assertEquals(0, downloaded, steps + " steps downloaded nothing (no parameters, gradients, state or indices)");
        float[] read = d.toArray();
        assertEquals(4L * d.numel(), cl.context().bytesDownloaded() - down, "reading a parameter downloads it once");
        assertFalse(Float.isNaN(read[0]));
        // and the same loop on the CPU gives the same parameters
        Backends.use(new CpuBackend());
        Random rng2 = new Random(7);
        Tensor w2 = Tensor.randn(rng2, 8, 3, 3, 3).mul(0.2f).requiresGrad(true);
        Tensor b2 = Tensor.zeros(8).requiresGrad(true);
        Tensor d2 = Tensor.randn(rng2, 8 * 5 * 5, 10).mul(0.05f).requiresGrad(true);
        List<Tensor> params2 = List.of(w2, b2, d2);
        Optimizer opt2 = new Adam(1e-2);
        for (int i = 0; i <= steps; i++) {
            Tensor h = Ops.maxPool2d(Ops.conv2d(xHost, w2, b2, 1, Padding.SAME).relu(), 2);
            Tensor e = h.reshape(2, -1).matmul(d2).sub(tHost);
            e.mul(e).mean().backward();
            opt2.step(params2);
            opt2.zeroGrad(params2);
        }
        assertClose(w2, w, 1e-4f, 1e-3f, "conv weights after " + (steps + 1) + " steps");
        assertClose(b2, b, 1e-4f, 1e-3f, "conv bias");
        assertClose(d2, d, 1e-4f, 1e-3f, "dense weights");
    }

    /** Pooling indices another OpenCL context holds are not read as this one's: they are downloaded. */
    @Test
    void poolIndicesOfAnotherBackendAreDownloaded() {
        ConvSpec spec = new ConvSpec(2, 2, 1, 1, 0, 1, 0, 1);
        Tensor x = randn(9, 2, 3, 7, 5);
        CpuBackend cpu = new CpuBackend();
        PoolResult expected = cpu.maxPool2d(x, 2, 2, spec);
        Tensor gy = randn(10, expected.output().shape());
        try (OpenClBackend other = OpenClBackend.create()) {
            PoolResult pooled = other.maxPool2d(x, 2, 2, spec);
            long down = other.context().bytesDownloaded();
            assertClose(cpu.maxPool2dBackward(gy, expected.argmax(), x.shape()), cl.maxPool2dBackward(gy, pooled, x.shape()),
                    "backward with the other context's indices");
            assertEquals(4L * gy.numel(), other.context().bytesDownloaded() - down, "the indices were downloaded once");
            Tensor same = other.maxPool2dBackward(gy, pooled, x.shape());
            assertTrue(other.isResident(same));
            assertEquals(4L * gy.numel(), other.context().bytesDownloaded() - down, "its own backend reads them on the device");
            assertClose(cpu.maxPool2dBackward(gy, expected.argmax(), x.shape()), same, "backward on the device");
        }
    }
}

package dev.nabla.opencl;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.CpuBackend;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerState;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static dev.nabla.opencl.ClTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optimizer steps on the device ({@code optim.cl}) against the CPU's reference arithmetic
 * ({@code OptimizerUpdate.applyOnHost}, what SGD and Adam always computed); parameters and their
 * state end up on the device ({@code ResidencyTest} counts what a training loop moves across the bus).
 */
class OptimizerTest {
    private OpenClBackend cl;
    private final Backend cpu = new CpuBackend();
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

    /**
     * Runs {@code steps} updates of {@code opt} on parameters of the given shapes with the gradient of
     * {@code Σ p·c_step} (so {@code dL/dp = c_step}, a fixed random tensor per step) on {@code backend};
     * returns the parameters.
     */
    private static List<Tensor> train(Backend backend, Optimizer opt, int steps, int[]... shapes) {
        Backends.use(backend);
        Random rng = new Random(11);
        List<Tensor> params = new ArrayList<>();
        for (int[] s : shapes) {
            params.add(Tensor.randn(rng, s).requiresGrad(true));
        }
        for (int step = 0; step < steps; step++) {
            Tensor loss = null;
            for (Tensor p : params) {
                Tensor c = Tensor.randn(rng, p.shape()).mul(step % 2 == 0 ? 1f : 0.01f);
                Tensor term = p.mul(backend instanceof OpenClBackend o ? o.copy(c) : c).sum();
                loss = loss == null ? term : loss.add(term);
            }
            loss.backward();
            opt.step(params);
            opt.zeroGrad(params);
        }
        return params;
    }

    private void sameAsCpu(Supplier<Optimizer> make, String what) {
        int[][] shapes = {{7, 13}, {1}, {3, 1, 5, 5}, {1001}};
        Optimizer onCpu = make.get();
        List<Tensor> expected = train(cpu, onCpu, 4, shapes);
        Optimizer onCl = make.get();
        List<Tensor> actual = train(cl, onCl, 4, shapes);
        for (int i = 0; i < shapes.length; i++) {
            assertTrue(cl.isResident(actual.get(i)), what + ": parameter " + i + " lives on the device");
            assertClose(expected.get(i), actual.get(i), 1e-5f, 1e-4f, what + ": parameter " + i);
        }
        OptimizerState se = onCpu.state();
        OptimizerState sa = onCl.state();
        assertEquals(se.iterations(), sa.iterations());
        for (int i = 0; i < shapes.length; i++) {
            Map<String, float[]> e = se.slots(i);
            Map<String, float[]> a = sa.slots(i);
            assertEquals(e.keySet(), a.keySet(), what + ": slots of parameter " + i);
            assertEquals(se.parameters().get(i).steps(), sa.parameters().get(i).steps());
            for (String k : e.keySet()) {
                assertClose(Tensor.wrap(e.get(k), e.get(k).length), Tensor.wrap(a.get(k), a.get(k).length),
                        1e-5f, 1e-4f, what + ": slot " + k + " of parameter " + i);
            }
        }
    }

    @Test
    void sgdWithNesterovMomentumAndDecayEqualsCpu() {
        sameAsCpu(() -> new SGD(0.05).momentum(0.9).nesterov(true).weightDecay(1e-2), "SGD nesterov");
    }

    @Test
    void plainSgdAndMomentumEqualCpu() {
        sameAsCpu(() -> new SGD(0.1), "SGD");
        sameAsCpu(() -> new SGD(0.1).momentum(0.5), "SGD momentum");
    }

    @Test
    void adamAndAdamWEqualCpu() {
        sameAsCpu(() -> new Adam(1e-2).weightDecay(1e-3), "Adam");
        sameAsCpu(() -> new AdamW(1e-2, 0.1).amsgrad(true), "AdamW amsgrad");
    }

    /** Clipping runs on the host (the gradient is downloaded), the update on the device. */
    @Test
    void clippingStillWorks() {
        sameAsCpu(() -> new Adam(1e-2).clipNorm(0.5), "Adam clipNorm");
        sameAsCpu(() -> new SGD(0.1).momentum(0.9).clipValue(0.3), "SGD clipValue");
    }

    /** A saved state restores onto CPU parameters and the run continues as if it had never moved. */
    @Test
    void stateMovesBetweenBackends() {
        int[][] shapes = {{5, 3}, {9}};
        Optimizer a = new Adam(1e-2);
        List<Tensor> pa = train(cl, a, 3, shapes);
        Optimizer b = new Adam(1e-2);
        List<Tensor> pb = train(cpu, b, 3, shapes);
        // continue the device run on the CPU from its snapshot
        Backends.use(cpu);
        List<Tensor> moved = new ArrayList<>();
        for (Tensor p : pa) {
            moved.add(Tensor.of(p.toArray(), p.shape()).requiresGrad(true));
        }
        Optimizer resumed = new Adam(1e-2);
        resumed.loadState(a.state(), moved);
        for (List<Tensor> ps : List.of(moved, pb)) {
            for (Tensor p : ps) {
                p.mul(p).sum().backward();
            }
        }
        resumed.step(moved);
        b.step(pb);
        for (int i = 0; i < shapes.length; i++) {
            assertClose(pb.get(i), moved.get(i), 1e-5f, 1e-4f, "resumed parameter " + i);
        }
    }

    /** Closing the backend downloads what the optimizer moved there: the trained parameters stay readable. */
    @Test
    void closingTheBackendKeepsMovedParametersReadable() {
        int[][] shapes = {{4, 6}};
        List<Tensor> expected = train(cpu, new SGD(0.1).momentum(0.9), 3, shapes);
        OpenClBackend own = OpenClBackend.create();
        List<Tensor> actual;
        try (own) {
            actual = train(own, new SGD(0.1).momentum(0.9), 3, shapes);
            assertTrue(own.isResident(actual.get(0)));
        } finally {
            Backends.use(cpu);
        }
        assertTrue(own.context().isClosed());
        assertClose(expected.get(0), actual.get(0), 1e-5f, 1e-4f, "parameter read after close()");
        // and it trains on on the CPU from there
        Tensor p = actual.get(0);
        p.mul(p).sum().backward();
        new SGD(0.1).step(actual);
        assertEquals(expected.get(0).get(0, 0) * (1 - 0.2f), p.get(0, 0), 1e-4f, "a CPU step after close()");
    }
}

package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static dev.nabla.optim.Support.assertFails;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * state() / loadState(): run 6 steps, snapshot, run 6 more; a fresh optimizer on fresh copies of the
 * snapshot weights, loaded with the state, must reproduce the last 6 steps bit for bit.
 */
class StateTest {
    private static final int N = 6;

    /** Deterministic gradients, the same for both runs. */
    private static double[][] grads(int steps, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] g = new double[steps][n];
        for (double[] row : g) {
            for (int i = 0; i < n; i++) {
                row[i] = r.nextDouble(-2, 2);
            }
        }
        return g;
    }

    private static void steps(Optimizer opt, List<Tensor> params, double[][] ga, double[][] gb, int from, int to) {
        for (int t = from; t < to; t++) {
            setGrad(params.get(0), ga[t]);
            setGrad(params.get(1), gb[t]);
            opt.step(params);
        }
    }

    private static void assertResumesExactly(Supplier<Optimizer> make) {
        double[][] ga = grads(2 * N, 3, 1);
        double[][] gb = grads(2 * N, 2, 2);
        List<Tensor> params = List.of(Support.param(0.5f, -1f, 2f), Support.param(3f, -0.25f));
        Optimizer first = make.get();
        steps(first, params, ga, gb, 0, N);
        OptimizerState saved = first.state(params);
        List<Tensor> copies = List.of(params.get(0).copyData().requiresGrad(true), params.get(1).copyData().requiresGrad(true));
        steps(first, params, ga, gb, N, 2 * N);

        Optimizer resumed = make.get();
        resumed.loadState(saved, copies);
        assertEquals(N, resumed.iterations());
        steps(resumed, copies, ga, gb, N, 2 * N);
        String name = first.name();
        for (int k = 0; k < 2; k++) {
            float[] a = params.get(k).toArray();
            float[] b = copies.get(k).toArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]),
                        name + ": parameter " + k + "[" + i + "] " + a[i] + " vs " + b[i]);
            }
        }
        assertEquals(first.state().parameters().size(), resumed.state().parameters().size());
    }

    @Test
    void everyOptimizerResumesBitIdentically() {
        assertResumesExactly(() -> new SGD(0.05).momentum(0.9).nesterov(true).weightDecay(1e-3));
        assertResumesExactly(() -> new Adam(0.01).amsgrad(true).weightDecay(1e-3));
        assertResumesExactly(() -> new AdamW(0.01, 0.05).clipNorm(1));
        assertResumesExactly(() -> new RMSprop(0.01).momentum(0.5).centered(true).clipValue(1));
        assertResumesExactly(() -> new Adagrad(0.1));
        assertResumesExactly(() -> new Adam(new dev.nabla.optim.schedule.CosineDecay(0.01, 10)));
    }

    @Test
    void snapshotIsIsolatedFromLaterSteps() {
        Tensor p = Support.param(1f, 2f);
        Adam adam = new Adam(0.1);
        setGrad(p, 1, -1);
        adam.step(List.of(p));
        OptimizerState s = adam.state();
        float[] m = s.slots(0).get("momentum");
        assertArrayEquals(new float[] {0.1f, -0.1f}, m, 1e-7f);
        assertEquals(1, s.parameters().get(0).steps());
        assertEquals("Adam", s.optimizer());
        setGrad(p, 1, -1);
        adam.step(List.of(p));
        assertArrayEquals(m, s.slots(0).get("momentum"));
        s.slots(0).get("momentum")[0] = 42f;
        assertNotEquals(42f, s.slots(0).get("momentum")[0]);
    }

    @Test
    void stateWithoutArgumentsFollowsTheListOfTheLatestStep() {
        Tensor a = Support.param(1f);
        Tensor frozen = Support.param(2f, 3f);
        SGD sgd = new SGD(0.1).momentum(0.9);
        setGrad(a, 1);
        sgd.step(List.of(a, frozen));
        OptimizerState s = sgd.state();
        assertEquals(2, s.parameters().size());
        assertEquals(1, s.parameters().get(0).steps());
        assertArrayEquals(new float[] {1f}, s.slots(0).get("momentum"));
        assertEquals(0, s.parameters().get(1).steps());
        assertEquals(java.util.Map.of(), s.slots(1));
    }

    @Test
    void constantLearningRateChangedByACallbackIsRestored() {
        Tensor p = Support.param(1f);
        SGD sgd = new SGD(0.1);
        sgd.setLearningRate(0.02);
        OptimizerState s = sgd.state(List.of(p));
        SGD fresh = new SGD(0.1);
        fresh.loadState(s, List.of(p));
        assertEquals(0.02, fresh.currentLearningRate());
    }

    @Test
    void mismatchedStatesAreRejectedWithoutChangingAnything() {
        Tensor p = Support.param(1f, 2f);
        Adam adam = new Adam(0.1);
        setGrad(p, 1, 1);
        adam.step(List.of(p));
        OptimizerState s = adam.state(List.of(p));

        assertFails(IllegalArgumentException.class, () -> new SGD(0.1).loadState(s, List.of(p)), "SGD", "Adam");
        assertFails(IllegalArgumentException.class, () -> new Adam(0.1).loadState(s, List.of(p, p)), "Adam", "1", "2");
        Adam other = new Adam(0.1);
        assertFails(IllegalArgumentException.class, () -> other.loadState(s, List.of(Support.param(1f, 2f, 3f))),
                "Adam", "momentum", "2", "3");
        assertEquals(0, other.iterations());
        OptimizerState unknown = new OptimizerState("Adam", 1, 0.1, List.of(new OptimizerState.Parameter(1,
                java.util.Map.of("accumulator", new float[2]))));
        assertFails(IllegalArgumentException.class, () -> other.loadState(unknown, List.of(p)), "Adam", "accumulator");
    }
}

package dev.nabla.train;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Sequential;
import dev.nabla.ops.Ops;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.BufferPool;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The step-scoped {@link BufferPool} under training: the same numbers as without it, loud failure on a
 * released buffer, thread safety of {@code predict}, and bounded steady-state allocation.
 */
class BufferPoolTrainingTest {
    private final boolean initiallyEnabled = BufferPool.isEnabled();

    @AfterEach
    void restore() {
        BufferPool.setEnabled(initiallyEnabled);
    }

    private static Sequential smallCnn() {
        Sequential m = new Sequential(
                new Conv2D(4, 3).activation(Activation.RELU),
                new BatchNormalization(),
                new MaxPool2D(2),
                new Conv2D(6, 3).padding("same").activation(Activation.RELU),
                new Flatten(),
                new Dense(12).activation(Activation.TANH),
                new Dense(3).activation(Activation.SOFTMAX));
        m.seed(11);
        m.compile(new Adam(0.01), Losses.categoricalCrossentropy());
        return m;
    }

    private static Sequential smallLstm() {
        Sequential m = new Sequential(new LSTM(6), new Dense(3).activation(Activation.SOFTMAX));
        m.seed(5);
        m.compile(new Adam(0.01), Losses.categoricalCrossentropy());
        return m;
    }

    private static Tensor oneHot(Random rng, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return Dataset.oneHot(labels, classes);
    }

    /** The pool's size after the trainOnBatch steps of the last {@link #train} call. */
    private static long retainedAfterSteps;

    /** Losses of {@code steps} trainOnBatch calls and then one fit epoch, followed by every weight's values. */
    private static List<float[]> train(Sequential model, Tensor x, Tensor y, int steps) {
        List<float[]> out = new ArrayList<>();
        float[] losses = new float[steps + 1];
        for (int s = 0; s < steps; s++) {
            losses[s] = model.trainOnBatch(x, y).get("loss").floatValue();
        }
        retainedAfterSteps = BufferPool.retainedBytes();
        // batches of 5, 5 and 2 (or 5 and 3): a smaller last batch takes buffers of other sizes
        History h = model.fit(Dataset.of(x, y), Fit.epochs(1).batchSize(5).seed(3).verbose(false));
        losses[steps] = h.get("loss").get(0).floatValue();
        out.add(losses);
        for (Tensor w : model.namedWeights().values()) {
            out.add(w.toArray());
        }
        return out;
    }

    private static void assertBitIdentical(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            // assertArrayEquals on float[] compares Float.floatToIntBits: bit for bit
            assertArrayEquals(expected.get(i), actual.get(i), "array " + i + " (0 = losses, then weights)");
        }
    }

    @Test
    void thePoolKeepsOnlyTheLastStepsBuffers() {
        BufferPool.trim();
        try (BufferPool.StepScope step = BufferPool.open()) {
            BufferPool.zeros(1000);
            BufferPool.zeros(10);
        }
        org.junit.jupiter.api.Assertions.assertEquals((16 + 4000) + (16 + 40), BufferPool.retainedBytes());
        // a step of another shape (e.g. the smaller last batch) reuses nothing; the 1000-float buffer it did not use is dropped
        try (BufferPool.StepScope step = BufferPool.open()) {
            BufferPool.zeros(10);
            BufferPool.zeros(7);
        }
        org.junit.jupiter.api.Assertions.assertEquals((16 + 40) + (16 + 28), BufferPool.retainedBytes());
        BufferPool.trim();
        org.junit.jupiter.api.Assertions.assertEquals(0, BufferPool.retainedBytes());
    }

    @Test
    void cnnTrainsBitIdenticallyWithAndWithoutThePool() {
        Random rng = new Random(1);
        Tensor x = Tensor.randn(rng, 12, 1, 10, 10);
        Tensor y = oneHot(rng, 12, 3);
        BufferPool.setEnabled(false);
        List<float[]> plain = train(smallCnn(), x, y, 6);
        BufferPool.setEnabled(true);
        BufferPool.trim();
        List<float[]> pooled = train(smallCnn(), x, y, 6);
        assertTrue(retainedAfterSteps > 100_000, "the pooled run must really have pooled: " + retainedAfterSteps);
        assertEquals(0, BufferPool.retainedBytes(), "fit lets the pooled buffers go when it returns");
        assertBitIdentical(plain, pooled);
        assertFalse(Float.isNaN(pooled.get(0)[6]));
    }

    @Test
    void lstmTrainsBitIdenticallyWithAndWithoutThePool() {
        Random rng = new Random(2);
        Tensor x = Tensor.randn(rng, 8, 7, 4);
        Tensor y = oneHot(rng, 8, 3);
        BufferPool.setEnabled(false);
        List<float[]> plain = train(smallLstm(), x, y, 5);
        BufferPool.setEnabled(true);
        BufferPool.trim();
        List<float[]> pooled = train(smallLstm(), x, y, 5);
        assertTrue(retainedAfterSteps > 10_000, "the pooled run must really have pooled: " + retainedAfterSteps);
        assertBitIdentical(plain, pooled);
    }

    @Test
    void aTensorFromAFinishedStepFailsLoudly() {
        BufferPool.setEnabled(true);
        Tensor kept;
        Tensor copied;
        try (BufferPool.StepScope step = BufferPool.open()) {
            assertTrue(step.pooling());
            kept = Ops.relu(Tensor.of(new float[] {-1, 2, -3, 4}, 2, 2));
            assertTrue(kept.isPooled());
            assertArrayEquals(new float[] {0, 2, 0, 4}, kept.toArray());
            copied = kept.copyData();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, kept::toArray);
        assertTrue(e.getMessage().contains("BufferPool") && e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> kept.reshape(4));
        assertThrows(IllegalStateException.class, () -> kept.get(0, 1));
        assertArrayEquals(new float[] {0, 2, 0, 4}, copied.toArray()); // the copy made inside the step survives
        // Outside a step nothing is pooled.
        assertFalse(Ops.relu(Tensor.of(new float[] {1}, 1)).isPooled());
    }

    @Test
    void theNextStepReusesTheBuffersAndAStaleViewCannotReadThem() {
        BufferPool.setEnabled(true);
        BufferPool.trim();
        Tensor view;
        try (BufferPool.StepScope step = BufferPool.open()) {
            view = Ops.exp(Tensor.zeros(3, 5)).reshape(15); // a view of a pooled buffer
        }
        long retained = BufferPool.retainedBytes();
        assertEquals(16 + 15 * 4, retained); // one buffer of 15 floats, kept for the next step
        try (BufferPool.StepScope step = BufferPool.open()) {
            Tensor second = Ops.exp(Tensor.zeros(3, 5));
            assertTrue(second.isPooled());
            assertEquals(retained, BufferPool.retainedBytes(), "served from the pool, not allocated");
            assertArrayEquals(new float[] {1, 1, 1, 1, 1}, second.slice(0, 1, 2).reshape(5).toArray());
            assertThrows(IllegalStateException.class, view::toArray); // same array, but from the last step
        }
    }

    @Test
    void predictFromManyThreadsMatchesSingleThreadedAfterPooledTraining() throws Exception {
        BufferPool.setEnabled(true);
        Random rng = new Random(3);
        Tensor x = Tensor.randn(rng, 12, 1, 10, 10);
        Tensor y = oneHot(rng, 12, 3);
        Sequential model = smallCnn();
        for (int s = 0; s < 3; s++) {
            model.trainOnBatch(x, y);
        }
        Tensor single = model.predict(x);
        assertFalse(single.isPooled());
        float[] expected = single.toArray();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        // a step open on this thread must not leak pooled buffers into other threads' predictions
        try (BufferPool.StepScope step = BufferPool.open()) {
            assertTrue(Ops.relu(x).isPooled());
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    try (Grad.Scope off = Grad.off()) {
                        Tensor p = model.predict(x);
                        assertFalse(p.isPooled());
                        return p.toArray();
                    }
                }));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // and predictions stay valid after the next pooled training step
        model.trainOnBatch(x, y);
        assertArrayEquals(expected, single.toArray());
    }

    @Test
    void steadyStateAllocationPerStepIsBoundedOnlyWithThePool() {
        Random rng = new Random(4);
        Tensor x = Tensor.randn(rng, 32, 1, 16, 16);
        Tensor y = oneHot(rng, 32, 3);
        BufferPool.setEnabled(true);
        long pooled = bytesPerStep(smallCnn(), x, y);
        BufferPool.setEnabled(false);
        long plain = bytesPerStep(smallCnn(), x, y);
        // Without the pool every activation, gradient and im2col buffer is new each step (measured 4.1 MB here);
        // with it 1.5 MB remains, mostly the GEMM's packed copies of B (CpuBackend.packRows), then autograd bookkeeping.
        assertTrue(plain > 1_000_000, "without the pool a step allocates its activations: " + plain);
        assertTrue(pooled * 2 < plain, "pooled " + pooled + " B/step vs " + plain + " B/step without the pool");
    }

    /** Bytes allocated by all live threads per trainOnBatch, over 10 steps after 5 of warm-up. */
    private static long bytesPerStep(Sequential model, Tensor x, Tensor y) {
        for (int s = 0; s < 5; s++) {
            model.trainOnBatch(x, y);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = allThreads(mx);
        int steps = 10;
        for (int s = 0; s < steps; s++) {
            assertNotNull(model.trainOnBatch(x, y).get("loss"));
        }
        return (allThreads(mx) - before) / steps;
    }

    private static long allThreads(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (long a : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }
}

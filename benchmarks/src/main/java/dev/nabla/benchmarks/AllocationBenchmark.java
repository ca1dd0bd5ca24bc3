package dev.nabla.benchmarks;

import dev.nabla.loss.Losses;
import dev.nabla.nn.Activation;
import dev.nabla.nn.AvgPool2D;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Steady-state heap allocation of one training step (batch 64, 28×28×1 inputs, Adam, categorical
 * cross-entropy, {@code Model.trainOnBatch}) of the seed CNN and of LeNet-5. Run it with JMH's GC
 * profiler and read {@code gc.alloc.rate.norm} (bytes per step):
 *
 * <pre>
 * ./nabla bench 'AllocationBenchmark' -prof gc
 * # or, with the pool switched off for comparison:
 * ./nabla bench 'AllocationBenchmark' -prof gc -jvmArgsAppend -Dnabla.pool=off
 * </pre>
 *
 * The batch (64×784 floats = 200,704 B, plus 64×10 one-hot labels = 2,560 B) is made once in
 * {@link #setUp}, so the figure is what the step itself allocates. See {@code docs/performance.md},
 * "Memory and buffer reuse".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class AllocationBenchmark {
    /** Which network: the seed CNN of the MNIST example, or LeNet-5. */
    @Param({"seedCnn", "lenet5"})
    public String model;

    Sequential net;
    Tensor x;
    Tensor y;

    @Setup
    public void setUp() {
        net = "lenet5".equals(model) ? lenet5() : dev.nabla.benchmarks.peers.NablaSideBenchmark.seedCnn();
        net.seed(42);
        net.compile(new Adam(1e-3), Losses.categoricalCrossentropy());
        Random rng = new Random(7);
        x = Tensor.rand(rng, 64, 1, 28, 28);
        float[] labels = new float[64 * 10];
        for (int i = 0; i < 64; i++) {
            labels[i * 10 + rng.nextInt(10)] = 1f;
        }
        y = Tensor.wrap(labels, 64, 10);
    }

    /** One forward, backward and Adam step on the fixed batch. */
    @Benchmark
    public Map<String, Double> trainStep() {
        return net.trainOnBatch(x, y);
    }

    /**
     * A quick check without JMH: warms up, then prints the bytes allocated per step by all threads
     * ({@code com.sun.management.ThreadMXBean}) and the mean step time. Args: {@code [seedCnn|lenet5] [steps]}.
     */
    public static void main(String[] args) {
        AllocationBenchmark b = new AllocationBenchmark();
        b.model = args.length > 0 ? args[0] : "seedCnn";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        b.setUp();
        for (int i = 0; i < 30; i++) {
            b.trainStep();
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = allThreads(mx);
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            b.trainStep();
        }
        long t1 = System.nanoTime();
        long after = allThreads(mx);
        System.out.printf(java.util.Locale.ROOT, "%s: %,d bytes/step, %.2f ms/step (%d steps)%n", b.model,
                (after - before) / steps, (t1 - t0) / 1e6 / steps, steps);
    }

    private static long allThreads(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (long a : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }

    /**
     * LeNet-5 for 28×28 inputs, the classic form: Conv2D(6,5×5,same,tanh) → AvgPool(2) → Conv2D(16,5×5,tanh) →
     * AvgPool(2) → Flatten → Dense(120,tanh) → Dense(84,tanh) → Dense(10,softmax) (the peers' benchmarks use
     * ReLU and max pooling: {@code NablaSideBenchmark.leNet5()}).
     */
    static Sequential lenet5() {
        return new Sequential(
                new Conv2D(6, 5).padding("same").activation(Activation.TANH),
                new AvgPool2D(2),
                new Conv2D(16, 5).activation(Activation.TANH),
                new AvgPool2D(2),
                new Flatten(),
                new Dense(120).activation(Activation.TANH),
                new Dense(84).activation(Activation.TANH),
                new Dense(10).activation(Activation.SOFTMAX));
    }
}

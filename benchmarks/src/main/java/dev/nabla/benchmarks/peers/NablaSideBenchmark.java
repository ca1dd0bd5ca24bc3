package dev.nabla.benchmarks.peers;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Sequential;
import dev.nabla.loss.Losses;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
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
 * Nabla's side of the peer comparison (issue 6): the same benchmark names, shapes and data as
 * {@code Dl4jSideBenchmark} and {@code DjlSideBenchmark} (under {@code -Ppeers}), so that
 * {@link ResultsReport} can put them in one table.
 * <ul>
 *   <li>{@code sgemm}: C = A·B, square n×n float matrices (2n³ flop).</li>
 *   <li>{@code conv2dForward} / {@code conv2dForwardBackward}: input [32,16,64,64], 32 filters 3×3, stride 1,
 *       {@code same} padding, with bias; backward computes the gradients of input, weights and bias.</li>
 *   <li>{@code lstmForward} / {@code lstmForwardBackward}: batch 32, 50 steps, 64 → 128 units, whole sequence
 *       returned; backward from the sum of the outputs to every weight and the input.</li>
 *   <li>{@code maxPool2d}: 2×2 stride-2 max pooling of [32,32,64,64] (the conv output), forward only.</li>
 *   <li>{@code lenetTrainStep} / {@code seedCnnTrainStep}: one Adam step (lr 1e-3) on a batch of 64 fixed random
 *       28×28 images with one-hot labels, categorical cross-entropy; see {@link #leNet5()} and {@link #seedCnn()}.</li>
 * </ul>
 * Threads come from {@code -Dnabla.threads} (the runner sets 2). Run everything with
 * {@code benchmarks/run-peers.sh}; alone with {@code ./nabla bench NablaSideBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class NablaSideBenchmark {

    /** LeNet-5 for 28×28×1: conv 6@5×5 same relu, pool 2, conv 16@5×5 relu, pool 2, dense 120, 84, 10 softmax. */
    public static Sequential leNet5() {
        return new Sequential(
                new Conv2D(6, 5).padding("same").activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(16, 5).activation(Activation.RELU),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(120).activation(Activation.RELU),
                new Dense(84).activation(Activation.RELU),
                new Dense(10).activation(Activation.SOFTMAX));
    }

    /** The seed CNN, as {@code examples}' MnistCnn builds it (valid padding: 28→26→13→11→5→3→1). */
    public static Sequential seedCnn() {
        return new Sequential(
                new Conv2D(32, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(128, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(128).activation(Activation.RELU),
                new Dense(10).activation(Activation.SOFTMAX));
    }

    /** Square GEMM operands. */
    @State(Scope.Benchmark)
    public static class Gemm {
        @Param({"256", "512", "1024", "2048"})
        public int n;
        Tensor a;
        Tensor b;

        @Setup
        public void setUp() {
            Random rng = new Random(42);
            a = Tensor.randn(rng, n, n);
            b = Tensor.randn(rng, n, n);
        }
    }

    /** Convolution operands: x [32,16,64,64], w [32,16,3,3], bias [32]. */
    @State(Scope.Benchmark)
    public static class Conv {
        Tensor x;
        Tensor w;
        Tensor bias;
        Tensor pooled;

        @Setup
        public void setUp() {
            Random rng = new Random(42);
            x = Tensor.randn(rng, 32, 16, 64, 64).requiresGrad(true);
            w = Tensor.randn(rng, 32, 16, 3, 3).requiresGrad(true);
            bias = Tensor.randn(rng, 32).requiresGrad(true);
            pooled = Tensor.randn(rng, 32, 32, 64, 64);
        }
    }

    /** LSTM 64 → 128 over [32,50,64]. */
    @State(Scope.Benchmark)
    public static class Rnn {
        LSTM lstm;
        Tensor x;

        @Setup
        public void setUp() {
            lstm = new LSTM(128).returnSequences(true);
            lstm.seed(1).build(50, 64);
            x = Tensor.randn(new Random(42), 32, 50, 64).requiresGrad(true);
        }
    }

    /** A compiled model and one fixed batch of 64 random images with one-hot labels. */
    public abstract static class TrainState {
        Sequential model;
        Tensor x;
        Tensor y;

        abstract Sequential create();

        @Setup
        public void setUp() {
            model = create();
            model.seed(1);
            model.build(1, 28, 28);
            model.compile(new Adam(1e-3), Losses.categoricalCrossentropy());
            Tensor[] batch = randomBatch(new Random(42), 64);
            x = batch[0];
            y = batch[1];
        }
    }

    /** {@code n} random 28×28 images in [0, 1) and one-hot labels of 10 classes, in that order, drawn from {@code rng}. */
    public static Tensor[] randomBatch(Random rng, int n) {
        Tensor x = Tensor.rand(rng, n, 1, 28, 28);
        float[] oneHot = new float[n * 10];
        for (int i = 0; i < n; i++) {
            oneHot[i * 10 + rng.nextInt(10)] = 1f;
        }
        return new Tensor[] {x, Tensor.of(oneHot, n, 10)};
    }

    /** LeNet-5 training state. */
    @State(Scope.Benchmark)
    public static class LeNet extends TrainState {
        @Override
        Sequential create() {
            return leNet5();
        }
    }

    /** Seed-CNN training state. */
    @State(Scope.Benchmark)
    public static class SeedCnn extends TrainState {
        @Override
        Sequential create() {
            return seedCnn();
        }
    }

    @Benchmark
    public Tensor sgemm(Gemm s) {
        try (Grad.Scope off = Grad.off()) {
            return Ops.matmul(s.a, s.b);
        }
    }

    @Benchmark
    public Tensor conv2dForward(Conv s) {
        try (Grad.Scope off = Grad.off()) {
            return Ops.conv2d(s.x, s.w, s.bias, 1, Padding.SAME);
        }
    }

    @Benchmark
    public Tensor conv2dForwardBackward(Conv s) {
        Tensor y = Ops.conv2d(s.x, s.w, s.bias, 1, Padding.SAME);
        y.sum().backward();
        Tensor g = s.w.grad();
        s.x.zeroGrad();
        s.w.zeroGrad();
        s.bias.zeroGrad();
        return g;
    }

    @Benchmark
    public Tensor maxPool2d(Conv s) {
        try (Grad.Scope off = Grad.off()) {
            return Ops.maxPool2d(s.pooled, 2);
        }
    }

    @Benchmark
    public Tensor lstmForward(Rnn s) {
        try (Grad.Scope off = Grad.off()) {
            return s.lstm.call(s.x);
        }
    }

    @Benchmark
    public Tensor lstmForwardBackward(Rnn s) {
        Tensor y = s.lstm.call(s.x);
        y.sum().backward();
        Tensor g = s.lstm.recurrentKernel().grad();
        for (Tensor w : s.lstm.trainableWeights()) {
            w.zeroGrad();
        }
        s.x.zeroGrad();
        return g;
    }

    @Benchmark
    public Map<String, Double> lenetTrainStep(LeNet s) {
        return s.model.trainOnBatch(s.x, s.y);
    }

    @Benchmark
    public Map<String, Double> seedCnnTrainStep(SeedCnn s) {
        return s.model.trainOnBatch(s.x, s.y);
    }
}

package dev.nabla.benchmarks.peers;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * DJL 0.36.0 / PyTorch (CPU, libtorch from the {@code pytorch-native-cpu} Maven artifact, offline) side of the
 * peer comparison: same method names and shapes as {@link NablaSideBenchmark}. Kernels call DJL's NDArray ops
 * ({@code matMul}, {@link Conv2d#conv2d}, {@link Pool#maxPool2d}) with autograd through a
 * {@link GradientCollector} for the backward benchmarks; the LSTM is DJL's {@link LSTM} block (libtorch's fused
 * {@code lstm}); the models train with a DJL {@link Trainer} ({@link DjlModels}). Every benchmark call runs in an
 * {@link NDScope} so that its temporaries are freed. Threads: {@code -Dai.djl.pytorch.num_threads} (the runner
 * sets 2). Peer code: only under {@code -Ppeers}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class DjlSideBenchmark {

    /** Base state: one NDManager on the PyTorch engine, closed at tear-down. */
    public abstract static class Base {
        NDManager manager;

        void open() {
            manager = NDManager.newBaseManager("PyTorch");
            Engine.getEngine("PyTorch").setRandomSeed(42);
        }

        @TearDown(Level.Trial)
        public void close() {
            manager.close();
        }
    }

    /** Square GEMM operands. */
    @State(Scope.Benchmark)
    public static class Gemm extends Base {
        @Param({"256", "512", "1024", "2048"})
        public int n;
        NDArray a;
        NDArray b;

        @Setup
        public void setUp() {
            open();
            a = manager.randomNormal(new Shape(n, n));
            b = manager.randomNormal(new Shape(n, n));
        }
    }

    /** Convolution operands: x [32,16,64,64], w [32,16,3,3], bias [32]; pooling input [32,32,64,64]. */
    @State(Scope.Benchmark)
    public static class Conv extends Base {
        NDArray x;
        NDArray w;
        NDArray bias;
        NDArray pooled;

        @Setup
        public void setUp() {
            open();
            x = manager.randomNormal(new Shape(32, 16, 64, 64));
            w = manager.randomNormal(new Shape(32, 16, 3, 3));
            bias = manager.randomNormal(new Shape(32));
            pooled = manager.randomNormal(new Shape(32, 32, 64, 64));
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            bias.setRequiresGradient(true);
        }
    }

    /** DJL LSTM block 64 → 128, batch-first input [32,50,64]. */
    @State(Scope.Benchmark)
    public static class Rnn extends Base {
        LSTM lstm;
        ParameterStore store;
        NDArray x;

        @Setup
        public void setUp() {
            open();
            lstm = LSTM.builder().setStateSize(128).setNumLayers(1).optBatchFirst(true).optReturnState(false)
                    .build();
            lstm.initialize(manager, DataType.FLOAT32, new Shape(32, 50, 64));
            for (Pair<String, Parameter> p : lstm.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            store = new ParameterStore(manager, false);
            x = manager.randomNormal(new Shape(32, 50, 64));
            x.setRequiresGradient(true);
        }
    }

    /** A trainer and one fixed batch of 64 random images with one-hot labels (one step taken in set-up). */
    public abstract static class TrainState extends Base {
        Model model;
        Trainer trainer;
        NDArray x;
        NDArray y;

        abstract ai.djl.nn.Block create();

        @Setup
        public void setUp() {
            open();
            model = Model.newInstance("peer", "PyTorch");
            model.setBlock(create());
            trainer = DjlModels.trainer(model);
            x = manager.randomUniform(0f, 1f, new Shape(64, 1, 28, 28));
            float[] oneHot = new float[64 * 10];
            java.util.Random rng = new java.util.Random(42);
            for (int i = 0; i < 64; i++) {
                oneHot[i * 10 + rng.nextInt(10)] = 1f;
            }
            y = manager.create(oneHot, new Shape(64, 10));
            DjlModels.step(trainer, x, y); // creates Adam's state outside any NDScope
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
            super.close();
        }
    }

    /** LeNet-5 trainer. */
    @State(Scope.Benchmark)
    public static class LeNet extends TrainState {
        @Override
        ai.djl.nn.Block create() {
            return DjlModels.leNet5();
        }
    }

    /** Seed-CNN trainer. */
    @State(Scope.Benchmark)
    public static class SeedCnn extends TrainState {
        @Override
        ai.djl.nn.Block create() {
            return DjlModels.seedCnn();
        }
    }

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape PAD = new Shape(1, 1);

    private static NDArray conv(Conv s) {
        return Conv2d.conv2d(s.x, s.w, s.bias, ONE, PAD, ONE, 1).head();
    }

    @Benchmark
    public Shape sgemm(Gemm s) {
        try (NDScope scope = new NDScope()) {
            return s.a.matMul(s.b).getShape();
        }
    }

    @Benchmark
    public Shape conv2dForward(Conv s) {
        try (NDScope scope = new NDScope()) {
            return conv(s).getShape();
        }
    }

    @Benchmark
    public Shape conv2dForwardBackward(Conv s) {
        try (NDScope scope = new NDScope()) {
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(conv(s).sum());
            }
            return s.w.getGradient().getShape();
        }
    }

    @Benchmark
    public Shape maxPool2d(Conv s) {
        try (NDScope scope = new NDScope()) {
            return Pool.maxPool2d(s.pooled, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false).getShape();
        }
    }

    @Benchmark
    public Shape lstmForward(Rnn s) {
        try (NDScope scope = new NDScope()) {
            return s.lstm.forward(s.store, new NDList(s.x), false).head().getShape();
        }
    }

    @Benchmark
    public Shape lstmForwardBackward(Rnn s) {
        try (NDScope scope = new NDScope()) {
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDList out = s.lstm.forward(s.store, new NDList(s.x), true);
                gc.backward(out.head().sum());
            }
            return s.x.getGradient().getShape();
        }
    }

    @Benchmark
    public Trainer lenetTrainStep(LeNet s) {
        try (NDScope scope = new NDScope()) {
            DjlModels.step(s.trainer, s.x, s.y);
        }
        return s.trainer;
    }

    @Benchmark
    public Trainer seedCnnTrainStep(SeedCnn s) {
        try (NDScope scope = new NDScope()) {
            DjlModels.step(s.trainer, s.x, s.y);
        }
        return s.trainer;
    }
}

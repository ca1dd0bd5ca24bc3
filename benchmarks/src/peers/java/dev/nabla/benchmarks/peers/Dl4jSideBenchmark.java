package dev.nabla.benchmarks.peers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
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

import java.util.concurrent.TimeUnit;

/**
 * DL4J 1.0.0-M2.1 side of the peer comparison: same method names and shapes as {@link NablaSideBenchmark}.
 * Kernels use ND4J directly (sgemm: {@code mmuli} into a preallocated result, i.e. OpenBLAS, the native-BLAS roof;
 * conv2d / maxpool2d: libnd4j's {@code conv2d}, {@code conv2d_bp}, {@code maxpool2d} custom ops, oneDNN where
 * libnd4j uses it); the LSTM is DL4J's LSTM layer (forward and {@code backpropGradient}); the models are
 * {@link MultiLayerNetwork#fit} on one batch ({@link Dl4jModels}). Weights of conv2d are in libnd4j's default
 * [kH,kW,iC,oC] layout. Threads: {@code OMP_NUM_THREADS} (the runner sets 2). Peer code: only under {@code -Ppeers}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class Dl4jSideBenchmark {

    static {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Square GEMM operands and a preallocated result. */
    @State(Scope.Benchmark)
    public static class Gemm {
        @Param({"256", "512", "1024", "2048"})
        public int n;
        INDArray a;
        INDArray b;
        INDArray c;

        @Setup
        public void setUp() {
            Nd4j.getRandom().setSeed(42);
            a = Nd4j.randn(DataType.FLOAT, n, n);
            b = Nd4j.randn(DataType.FLOAT, n, n);
            c = Nd4j.create(DataType.FLOAT, new long[] {n, n}, 'f');
        }
    }

    /** Convolution operands: x [32,16,64,64] NCHW, w [3,3,16,32], bias [32], gradient of sum = ones. */
    @State(Scope.Benchmark)
    public static class Conv {
        INDArray x;
        INDArray w;
        INDArray bias;
        INDArray y;
        INDArray gradOut;
        INDArray gx;
        INDArray gw;
        INDArray gb;
        INDArray pooled;
        INDArray pooledOut;

        @Setup
        public void setUp() {
            Nd4j.getRandom().setSeed(42);
            x = Nd4j.randn(DataType.FLOAT, 32, 16, 64, 64);
            w = Nd4j.randn(DataType.FLOAT, 3, 3, 16, 32);
            bias = Nd4j.randn(DataType.FLOAT, 32);
            y = Nd4j.create(DataType.FLOAT, 32, 32, 64, 64);
            gradOut = Nd4j.ones(DataType.FLOAT, 32, 32, 64, 64);
            gx = Nd4j.create(DataType.FLOAT, 32, 16, 64, 64);
            gw = Nd4j.create(DataType.FLOAT, 3, 3, 16, 32);
            gb = Nd4j.create(DataType.FLOAT, 32);
            pooled = Nd4j.randn(DataType.FLOAT, 32, 32, 64, 64);
            pooledOut = Nd4j.create(DataType.FLOAT, 32, 32, 32, 32);
        }
    }

    /** DL4J LSTM layer 64 → 128 (tanh), input [32,64,50] (DL4J's NCW layout). */
    @State(Scope.Benchmark)
    public static class Rnn {
        Layer lstm;
        INDArray x;
        INDArray eps;
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        @Setup
        public void setUp() {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(1).dataType(DataType.FLOAT).list()
                    .layer(new LSTM.Builder().nIn(64).nOut(128).activation(Activation.TANH).build())
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            net.initGradientsView(); // backpropGradient writes into the network's gradient views
            lstm = net.getLayer(0);
            Nd4j.getRandom().setSeed(42);
            x = Nd4j.randn(DataType.FLOAT, 32, 64, 50);
            eps = Nd4j.ones(DataType.FLOAT, 32, 128, 50);
        }
    }

    /** A network and one fixed batch of 64 random images with one-hot labels. */
    public abstract static class TrainState {
        MultiLayerNetwork net;
        INDArray x;
        INDArray y;

        abstract MultiLayerNetwork create();

        @Setup
        public void setUp() {
            net = create();
            Nd4j.getRandom().setSeed(42);
            x = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
            y = Nd4j.zeros(DataType.FLOAT, 64, 10);
            java.util.Random rng = new java.util.Random(42);
            for (int i = 0; i < 64; i++) {
                y.putScalar(i, rng.nextInt(10), 1f);
            }
        }
    }

    /** LeNet-5 network. */
    @State(Scope.Benchmark)
    public static class LeNet extends TrainState {
        @Override
        MultiLayerNetwork create() {
            return Dl4jModels.leNet5();
        }
    }

    /** Seed-CNN network. */
    @State(Scope.Benchmark)
    public static class SeedCnn extends TrainState {
        @Override
        MultiLayerNetwork create() {
            return Dl4jModels.seedCnn();
        }
    }

    // conv2d integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, dataFormat (0 = NCHW)
    private static final int[] CONV_ARGS = {3, 3, 1, 1, 0, 0, 1, 1, 1, 0};
    // maxpool2d: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, extraParam0, dataFormat (0 = NCHW)
    private static final int[] POOL_ARGS = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};

    private static void conv2d(Conv s) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(s.x, s.w, s.bias).addOutputs(s.y)
                .addIntegerArguments(CONV_ARGS).build());
    }

    @Benchmark
    public INDArray sgemm(Gemm s) {
        return s.a.mmuli(s.b, s.c);
    }

    @Benchmark
    public INDArray conv2dForward(Conv s) {
        conv2d(s);
        return s.y;
    }

    @Benchmark
    public INDArray conv2dForwardBackward(Conv s) {
        conv2d(s);
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(s.x, s.w, s.bias, s.gradOut)
                .addOutputs(s.gx, s.gw, s.gb).addIntegerArguments(CONV_ARGS).build());
        return s.gw;
    }

    @Benchmark
    public INDArray maxPool2d(Conv s) {
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(s.pooled).addOutputs(s.pooledOut)
                .addIntegerArguments(POOL_ARGS).build());
        return s.pooledOut;
    }

    @Benchmark
    public INDArray lstmForward(Rnn s) {
        s.lstm.setInput(s.x, s.mgr);
        return s.lstm.activate(false, s.mgr);
    }

    @Benchmark
    public Gradient lstmForwardBackward(Rnn s) {
        s.lstm.setInput(s.x, s.mgr);
        s.lstm.activate(true, s.mgr);
        Pair<Gradient, INDArray> g = s.lstm.backpropGradient(s.eps, s.mgr);
        return g.getFirst();
    }

    @Benchmark
    public MultiLayerNetwork lenetTrainStep(LeNet s) {
        s.net.fit(s.x, s.y);
        return s.net;
    }

    @Benchmark
    public MultiLayerNetwork seedCnnTrainStep(SeedCnn s) {
        s.net.fit(s.x, s.y);
        return s.net;
    }
}

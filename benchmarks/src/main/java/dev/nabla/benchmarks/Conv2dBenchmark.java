package dev.nabla.benchmarks;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.Gemm;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * CPU convolution (im2col + GEMM) on the shape of the performance issue: input [32,16,64,64], 32
 * filters 3×3, same padding, with bias (1.21 GFLOP forward). {@code conv2dForward} is the forward pass,
 * {@code conv2dForwardBackward} adds the gradients of input, weights and bias. {@code impl} selects the
 * GEMM ({@link Gemm#use}) so scalar and vector run in one JMH run.
 * Run: {@code ./nabla bench Conv2dBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class Conv2dBenchmark {
    /** {@code vector} (jdk.incubator.vector micro-kernel) or {@code scalar} (C2 auto-vectorised loops). */
    @Param({"vector", "scalar"})
    String impl;

    Tensor x;
    Tensor w;
    Tensor bias;
    Gemm.Kind before;

    @Setup
    public void setUp() {
        before = Gemm.use(Gemm.Kind.valueOf(impl.toUpperCase()));
        Random rng = new Random(42);
        x = Tensor.randn(rng, 32, 16, 64, 64).requiresGrad(true);
        w = Tensor.randn(rng, 32, 16, 3, 3).requiresGrad(true);
        bias = Tensor.randn(rng, 32).requiresGrad(true);
    }

    @TearDown
    public void tearDown() {
        Gemm.use(before);
    }

    @Benchmark
    public Tensor conv2dForward() {
        try (Grad.Scope off = Grad.off()) {
            return Ops.conv2d(x, w, bias, 1, Padding.SAME);
        }
    }

    @Benchmark
    public Tensor conv2dForwardBackward() {
        Ops.conv2d(x, w, bias, 1, Padding.SAME).sum().backward();
        Tensor g = w.grad();
        x.zeroGrad();
        w.zeroGrad();
        bias.zeroGrad();
        return g;
    }
}

package dev.nabla.benchmarks;

import dev.nabla.autograd.Grad;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Baseline timing of the first (im2col + plain-loop GEMM) CPU convolution on the shape of the
 * performance issue: input [32,16,64,64], 32 filters 3×3, same padding (1.21 GFLOP).
 * Run: {@code ./nabla bench Conv2dBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class Conv2dBenchmark {
    Tensor x;
    Tensor w;

    @Setup
    public void setUp() {
        Random rng = new Random(42);
        x = Tensor.randn(rng, 32, 16, 64, 64);
        w = Tensor.randn(rng, 32, 16, 3, 3);
    }

    @Benchmark
    public Tensor conv2dForward() {
        try (Grad.Scope off = Grad.off()) {
            return Ops.conv2d(x, w, null, 1, Padding.SAME);
        }
    }
}

package dev.nabla.benchmarks;

import dev.nabla.autograd.Grad;
import dev.nabla.ops.Ops;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Baseline timing of the first (plain-loop) CPU matmul on square matrices. The performance issue
 * replaces this kernel; this gives the number to beat. Run: {@code ./nabla bench MatmulBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MatmulBenchmark {
    @Param({"256", "512"})
    int size;

    Tensor a;
    Tensor b;

    @Setup
    public void setUp() {
        Random rng = new Random(42);
        a = Tensor.randn(rng, size, size);
        b = Tensor.randn(rng, size, size);
    }

    @Benchmark
    public Tensor matmul() {
        try (Grad.Scope off = Grad.off()) {
            return Ops.matmul(a, b);
        }
    }
}

package dev.nabla.benchmarks;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.Gemm;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Square single-precision matrix products, {@code 2·size³} flops each. {@code gemm} times
 * {@link Gemm#multiply} on preallocated arrays (C accumulates; no allocation in the timed loop),
 * {@code matmul} the tensor op (allocates its result). {@code impl} selects the GEMM implementation
 * ({@link Gemm#use}), so scalar and vector run in one JMH run. GFLOP/s = {@code 2·size³ / (ms·10⁶)}.
 * Run: {@code ./nabla bench MatmulBenchmark} (2 threads by default on a 2-core machine;
 * {@code -jvmArgsAppend -Dnabla.threads=N} to change).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {
    @Param({"256", "512", "1024", "2048"})
    int size;

    /** {@code vector} (jdk.incubator.vector micro-kernel) or {@code scalar} (C2 auto-vectorised loops). */
    @Param({"vector", "scalar"})
    String impl;

    Tensor a;
    Tensor b;
    float[] ad;
    float[] bd;
    float[] cd;
    Gemm.Kind before;

    @Setup
    public void setUp() {
        before = Gemm.use(Gemm.Kind.valueOf(impl.toUpperCase()));
        Random rng = new Random(42);
        a = Tensor.randn(rng, size, size);
        b = Tensor.randn(rng, size, size);
        ad = a.toArray();
        bd = b.toArray();
        cd = new float[size * size];
    }

    @TearDown
    public void tearDown() {
        Gemm.use(before);
    }

    @Benchmark
    public float[] gemm() {
        Gemm.multiply(ad, 0, bd, 0, cd, 0, size, size, size);
        return cd;
    }

    @Benchmark
    public Tensor matmul() {
        try (Grad.Scope off = Grad.off()) {
            return Ops.matmul(a, b);
        }
    }
}

package dev.nabla.benchmarks;

import dev.nabla.nn.LSTM;
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
 * LSTM forward + backward on the performance issue's shape: batch 32, 50 time steps, 64 features →
 * 128 units, returning the whole sequence. {@code fused=true} runs the whole-sequence kernel with
 * hand-written backpropagation through time; {@code fused=false} the literal loop of per-step ops.
 * Run: {@code ./nabla bench LstmBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class LstmBenchmark {
    @Param({"true", "false"})
    boolean fused;

    LSTM lstm;
    Tensor x;

    @Setup
    public void setUp() {
        lstm = new LSTM(128).returnSequences(true).fused(fused);
        lstm.seed(1).build(50, 64);
        x = Tensor.randn(new Random(42), 32, 50, 64);
    }

    @Benchmark
    public Tensor forwardBackward() {
        Tensor y = lstm.call(x);
        y.sum().backward();
        Tensor g = lstm.recurrentKernel().grad();
        for (Tensor w : lstm.trainableWeights()) {
            w.zeroGrad();
        }
        return g;
    }
}

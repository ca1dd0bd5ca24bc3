package dev.nabla.benchmarks;

import dev.nabla.benchmarks.peers.NablaSideBenchmark;
import dev.nabla.data.Dataset;
import dev.nabla.data.Mnist;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * MNIST epoch throughput, measured rather than derived from one step: one whole {@code fit} epoch over the
 * 60,000 real training images (shuffled, batch 64, Adam lr 1e-3, categorical cross-entropy, no validation, no
 * augmentation) of LeNet-5 or the seed CNN ({@link NablaSideBenchmark#leNet5()}, {@link NablaSideBenchmark#seedCnn()}),
 * from a freshly built model each time. Images per second = 60,000 ÷ the time. Needs the data set
 * ({@code scripts/fetch-data.sh mnist}); threads from {@code -Dnabla.threads}.
 * Run: {@code ./nabla bench MnistEpochBenchmark} (one warm-up epoch and two measured, per model).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MnistEpochBenchmark {
    @Param({"lenet5", "seedCnn"})
    String model;

    Dataset train;
    Sequential net;

    @Setup(Level.Trial)
    public void load() throws IOException {
        train = Mnist.train(Mnist.cacheDir().resolve("mnist"));
    }

    @Setup(Level.Iteration)
    public void build() {
        net = model.equals("lenet5") ? NablaSideBenchmark.leNet5() : NablaSideBenchmark.seedCnn();
        net.seed(1);
        net.build(1, 28, 28);
        net.compile(new Adam(1e-3), Losses.categoricalCrossentropy());
    }

    @Benchmark
    public History epoch() {
        return net.fit(train, Fit.epochs(1).batchSize(64).seed(1).verbose(false));
    }
}

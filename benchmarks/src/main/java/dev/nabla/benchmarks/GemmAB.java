package dev.nabla.benchmarks;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.Gemm;
import dev.nabla.nn.Sequential;
import dev.nabla.loss.Losses;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Scalar-vs-vector GEMM A/B for a shared, loaded machine, where JMH's wall-clock times mostly measure
 * the other tenants: each case runs both implementations in alternating rounds in one JVM and reports,
 * per operation, the median wall time and the median CPU time of the calling thread. Run it with
 * {@code -Dnabla.threads=1} so that all the work is on that thread: CPU time is then the per-core cost of
 * the operation whoever else runs on the machine (wall time is not).
 * <p>Run (after {@code ./nabla bench} has built the jar):
 * {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -cp
 * "benchmarks/target/nabla-benchmarks.jar:benchmarks/target/lib/*" dev.nabla.benchmarks.GemmAB [matmul|conv|cnn]...}
 */
public final class GemmAB {
    private GemmAB() {
    }

    /** One timed case. */
    private interface Op {
        void run();
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        if (!Gemm.vectorAvailable()) {
            System.err.println("GemmAB compares the scalar and the vector GEMM, but the vector one is unavailable: "
                    + Gemm.implementation() + "; run java with --add-modules jdk.incubator.vector");
            System.exit(2);
        }
        List<String> which = args.length == 0 ? List.of("matmul", "conv", "cnn") : Arrays.asList(args);
        System.out.printf(Locale.ROOT, "# %s; threads=%s; vector available: %s%n", Gemm.implementation(),
                System.getProperty("nabla.threads", "default (" + Runtime.getRuntime().availableProcessors() + ")"),
                Gemm.vectorAvailable());
        System.out.println("| case | impl | median wall ms | median CPU ms (calling thread) | GFLOP/s wall | GFLOP per CPU-s |");
        System.out.println("|---|---|---|---|---|---|");
        if (which.contains("matmul")) {
            for (int s : new int[] {256, 512, 1024}) {
                Random rng = new Random(42);
                float[] a = Tensor.randn(rng, s, s).toArray();
                float[] b = Tensor.randn(rng, s, s).toArray();
                float[] c = new float[s * s];
                ab("matmul " + s, 2.0 * s * s * s, Math.max(2, (int) (1e9 / (2.0 * s * s * s))),
                        () -> Gemm.multiply(a, 0, b, 0, c, 0, s, s, s));
            }
        }
        if (which.contains("conv")) {
            Random rng = new Random(42);
            Tensor x = Tensor.randn(rng, 32, 16, 64, 64).requiresGrad(true);
            Tensor w = Tensor.randn(rng, 32, 16, 3, 3).requiresGrad(true);
            Tensor bias = Tensor.randn(rng, 32).requiresGrad(true);
            double flops = 2.0 * 32 * 32 * 64 * 64 * 16 * 9;
            ab("conv2d fwd [32,16,64,64]×32 3×3 same", flops, 3, () -> {
                try (Grad.Scope off = Grad.off()) {
                    Ops.conv2d(x, w, bias, 1, Padding.SAME);
                }
            });
            ab("conv2d fwd+bwd", 3 * flops, 2, () -> {
                Ops.conv2d(x, w, bias, 1, Padding.SAME).sum().backward();
                x.zeroGrad();
                w.zeroGrad();
                bias.zeroGrad();
            });
        }
        if (which.contains("cnn")) {
            // The seed CNN of examples/MnistCnn (NablaSideBenchmark's copy: benchmarks does not depend on examples).
            Sequential model = dev.nabla.benchmarks.peers.NablaSideBenchmark.seedCnn();
            model.seed(1);
            model.build(1, 28, 28);
            model.compile(new Adam(1e-3), Losses.categoricalCrossentropy(false, 0f));
            Tensor[] batch = dev.nabla.benchmarks.peers.NablaSideBenchmark.randomBatch(new Random(7), 64);
            Tensor x = batch[0];
            Tensor labels = batch[1];
            ab("seed CNN train step, batch 64, Adam", Double.NaN, 4, () -> model.trainOnBatch(x, labels));
        }
    }

    private static void ab(String name, double flops, int reps, Op op) {
        String[] impls = {"scalar", "vector"};
        List<List<long[]>> samples = List.of(new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < impls.length; i++) {
                Gemm.use(Gemm.Kind.valueOf(impls[i].toUpperCase(Locale.ROOT)));
                for (int r = 0; r < reps; r++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    op.run();
                    long t = System.nanoTime() - t0;
                    long c = THREADS.getCurrentThreadCpuTime() - c0;
                    if (round > 0) { // round 0 warms both up
                        samples.get(i).add(new long[] {t, c});
                    }
                }
            }
        }
        Gemm.use(Gemm.Kind.VECTOR);
        for (int i = 0; i < impls.length; i++) {
            double wall = median(samples.get(i), 0) / 1e6;
            double cpu = median(samples.get(i), 1) / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s | %s |%n", name, impls[i], wall, cpu,
                    Double.isNaN(flops) ? "—" : String.format(Locale.ROOT, "%.1f", flops / wall / 1e6),
                    Double.isNaN(flops) ? "—" : String.format(Locale.ROOT, "%.1f", flops / cpu / 1e6));
        }
    }

    private static double median(List<long[]> xs, int field) {
        long[] v = xs.stream().mapToLong(x -> x[field]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }
}

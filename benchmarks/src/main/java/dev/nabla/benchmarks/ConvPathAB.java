package dev.nabla.benchmarks;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.ConvPath;
import dev.nabla.backend.ConvSpec;
import dev.nabla.backend.CpuBackend;
import dev.nabla.backend.Gemm;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Sequential;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * im2col-vs-Winograd A/B of the CPU convolution ({@link ConvPath}), for a shared, loaded machine: each case runs
 * both paths ({@code ConvPath.use(IM2COL)} and {@code ConvPath.use(WINOGRAD)}) in alternating rounds in one JVM
 * (round 0 warms both up) and reports the median CPU time of the calling thread per operation. Run with
 * {@code -Dnabla.threads=1}, so all the work is on that thread and CPU time is the per-core cost whoever else
 * runs on the machine. Cases: {@code fwd} (forward pass, {@code CpuBackend.conv2d}) and {@code bwd-data}
 * ({@code CpuBackend.conv2dBackwardInput}) on the issue's shape, the seed CNN's three convolutions, a deep
 * small-map layer and a channel sweep; the issue's {@code Ops.conv2d} with bias, forward and forward + all gradients,
 * and one seed-CNN training step, these three as the auto rule against im2col everywhere. The second argument
 * keeps only the cases whose name contains it.
 * <p>Run (after {@code mvn -pl benchmarks -am package -DskipTests}):
 * {@code java -Dnabla.threads=1 -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -cp
 * "benchmarks/target/nabla-benchmarks.jar:benchmarks/target/lib/*" dev.nabla.benchmarks.ConvPathAB [rounds [name filter]]}
 */
public final class ConvPathAB {
    private ConvPathAB() {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CpuBackend CPU = new CpuBackend();
    /** Only cases whose name contains this (second argument; all by default). */
    private static String filter = "";

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        filter = args.length > 1 ? args[1] : "";
        // Settle the GEMM first: until the background load of the vector kernel has finished, products run through
        // the scalar FmaChainGemm, and measuring across the switch distorted the first case (≈ 2.7× for Winograd).
        Gemm.vectorAvailable();
        System.out.printf(Locale.ROOT, "# %s; threads=%s; rounds=%d (first one warm-up); loadavg %s%n",
                Gemm.implementation(), System.getProperty("nabla.threads", "default"), rounds, loadavg());
        System.out.println("| case | pass | im2col CPU ms | Winograd CPU ms | Winograd / im2col | samples each |");
        System.out.println("|---|---|---|---|---|---|");
        Random rng = new Random(42);
        layer(rng, rounds, "issue [32,16,64,64]→32, same", new int[] {32, 16, 64, 64}, 32, 1);
        layer(rng, rounds, "seed conv1 [64,1,28,28]→32, valid", new int[] {64, 1, 28, 28}, 32, 0);
        layer(rng, rounds, "seed conv2 [64,32,13,13]→64, valid", new int[] {64, 32, 13, 13}, 64, 0);
        layer(rng, rounds, "seed conv3 [64,64,5,5]→128, valid", new int[] {64, 64, 5, 5}, 128, 0);
        layer(rng, rounds, "deep [32,64,8,8]→64, same", new int[] {32, 64, 8, 8}, 64, 1);
        layer(rng, rounds, "[64,128,4,4]→128, same", new int[] {64, 128, 4, 4}, 128, 1);
        for (int c : new int[] {2, 4, 8, 16, 32, 64}) {
            layer(rng, rounds, "[32," + c + ",32,32]→" + c + ", same", new int[] {32, c, 32, 32}, c, 1);
        }
        issueForwardBackward(rng, rounds);
        seedCnn(rounds);
        System.out.println("# loadavg at the end " + loadavg());
    }

    /** Forward and input-gradient kernels of one 3×3 stride-1 layer, padding {@code pad} on every side. */
    private static void layer(Random rng, int rounds, String name, int[] xs, int o, int pad) {
        ConvSpec spec = new ConvSpec(1, 1, 1, 1, pad, pad, pad, pad);
        Tensor x = Tensor.randn(rng, xs);
        Tensor w = Tensor.randn(rng, o, xs[1], 3, 3);
        int oh = spec.outHeight(xs[2], 3), ow = spec.outWidth(xs[3], 3);
        Tensor gy = Tensor.randn(rng, xs[0], o, oh, ow);
        double flops = 2.0 * xs[0] * o * xs[1] * 9 * oh * ow;
        int reps = Math.max(1, (int) Math.min(40, 3e9 / flops));
        ab(name, "fwd", rounds, reps, () -> CPU.conv2d(x, w, spec));
        ab(name, "bwd-data", rounds, reps, () -> CPU.conv2dBackwardInput(gy, w, xs, spec));
    }

    private static void issueForwardBackward(Random rng, int rounds) {
        Tensor x = Tensor.randn(rng, 32, 16, 64, 64).requiresGrad(true);
        Tensor w = Tensor.randn(rng, 32, 16, 3, 3).requiresGrad(true);
        Tensor bias = Tensor.randn(rng, 32).requiresGrad(true);
        ConvPath.Mode[] auto = {ConvPath.Mode.IM2COL, ConvPath.Mode.AUTO};
        String name = "issue Ops.conv2d + bias (Winograd column: auto rule)";
        run(name, "fwd (no grad)", rounds, 3, auto, () -> {
            try (Grad.Scope off = Grad.off()) {
                Ops.conv2d(x, w, bias, 1, Padding.SAME);
            }
        });
        run(name, "fwd+bwd (dx, dw, db)", rounds, 2, auto, () -> {
            Ops.conv2d(x, w, bias, 1, Padding.SAME).sum().backward();
            x.zeroGrad();
            w.zeroGrad();
            bias.zeroGrad();
        });
    }

    /** The seed CNN (as in GemmAB), batch 64, Adam: the auto rule against im2col everywhere. */
    private static void seedCnn(int rounds) {
        Sequential model = dev.nabla.benchmarks.peers.NablaSideBenchmark.seedCnn();
        model.seed(1);
        model.build(1, 28, 28);
        model.compile(new Adam(1e-3), Losses.categoricalCrossentropy(false, 0f));
        Tensor[] batch = dev.nabla.benchmarks.peers.NablaSideBenchmark.randomBatch(new Random(7), 64);
        Tensor x = batch[0];
        Tensor labels = batch[1];
        run("seed CNN train step (Winograd column: auto rule)", "step", rounds, 3,
                new ConvPath.Mode[] {ConvPath.Mode.IM2COL, ConvPath.Mode.AUTO}, () -> model.trainOnBatch(x, labels));
    }

    private static void ab(String name, String pass, int rounds, int reps, Runnable op) {
        run(name, pass, rounds, reps, new ConvPath.Mode[] {ConvPath.Mode.IM2COL, ConvPath.Mode.WINOGRAD}, op);
    }

    private static void run(String name, String pass, int rounds, int reps, ConvPath.Mode[] modes, Runnable op) {
        if (!name.contains(filter)) {
            return;
        }
        List<List<Long>> cpu = List.of(new ArrayList<>(), new ArrayList<>());
        ConvPath.Mode before = ConvPath.use(ConvPath.Mode.AUTO);
        try {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < modes.length; i++) {
                    ConvPath.use(modes[i]);
                    for (int r = 0; r < reps; r++) {
                        long c0 = THREADS.getCurrentThreadCpuTime();
                        op.run();
                        long c = THREADS.getCurrentThreadCpuTime() - c0;
                        if (round > 0) {
                            cpu.get(i).add(c);
                        }
                    }
                }
            }
        } finally {
            ConvPath.use(before);
        }
        double a = median(cpu.get(0)) / 1e6, b = median(cpu.get(1)) / 1e6;
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %d |%n", name, pass, a, b, b / a,
                cpu.get(0).size());
    }

    private static double median(List<Long> xs) {
        long[] v = xs.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static {
        // the harness compares the paths on the calling thread; more threads would hide work from its CPU clock
        if (!"1".equals(System.getProperty("nabla.threads"))) {
            System.err.println("ConvPathAB: run with -Dnabla.threads=1 (CPU time of the calling thread only)");
        }
    }
}

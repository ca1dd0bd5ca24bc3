package dev.nabla.benchmarks;

import dev.nabla.nn.LSTM;
import dev.nabla.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Per-core cost of {@link LstmBenchmark}'s operation (LSTM 64 → 128, batch 32, 50 steps, whole sequence,
 * forward + backward to every weight) for a shared, loaded machine: the median CPU time of the calling
 * thread over {@code reps} runs after 30 warm-up runs. Run with {@code -Dnabla.threads=1} so that all the
 * work is on that thread. It uses only the public API, so the same file compiled against an older jar gives
 * the "before" figure for an A/B in alternating JVMs (see docs/performance.md).
 * <p>Run: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -Dnabla.threads=1
 * -cp "benchmarks/target/nabla-benchmarks.jar:benchmarks/target/lib/*" dev.nabla.benchmarks.LstmCpuTime [reps]}
 */
public final class LstmCpuTime {
    private LstmCpuTime() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        LSTM lstm = new LSTM(128).returnSequences(true);
        lstm.seed(1).build(50, 64);
        Tensor x = Tensor.randn(new Random(42), 32, 50, 64);
        for (int w = 0; w < 30; w++) {
            run(lstm, x);
        }
        long[] cpu = new long[reps];
        long[] wall = new long[reps];
        float check = 0;
        for (int r = 0; r < reps; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            check += run(lstm, x);
            wall[r] = System.nanoTime() - t0;
            cpu[r] = mx.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "LSTM fwd+bwd: median CPU %.2f ms (min %.2f), median wall %.2f ms, threads=%s,"
                        + " checksum %g%n", cpu[reps / 2] / 1e6, cpu[0] / 1e6, wall[reps / 2] / 1e6,
                System.getProperty("nabla.threads", "default"), check);
    }

    /** One forward + backward; returns one entry of the recurrent kernel's gradient (a checksum). */
    private static float run(LSTM lstm, Tensor x) {
        Tensor y = lstm.call(x);
        y.sum().backward();
        float v = lstm.recurrentKernel().grad().contiguous().toArray()[7];
        for (Tensor w : lstm.trainableWeights()) {
            w.zeroGrad();
        }
        return v;
    }
}

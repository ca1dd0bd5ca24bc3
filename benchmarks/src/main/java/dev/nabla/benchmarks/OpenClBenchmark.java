package dev.nabla.benchmarks;

import dev.nabla.autograd.Grad;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.CpuBackend;
import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.opencl.OpenClBackend;
import dev.nabla.tensor.Tensor;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The OpenCL backend beside the CPU backend in one run: sgemm 512, and conv2d on the performance
 * issue's shape (input [32,16,64,64], 32 filters 3×3, same padding, bias) forward and forward+backward
 * (gradients of input, weights and bias). On OpenCL the inputs are already on the device, the results
 * stay there, and each call waits for the queue to finish (no download) — the time of the kernels plus
 * launch overhead. {@code adamStep1M} and {@code sgdStep1M} time one optimizer step on a 1M-parameter
 * tensor whose gradient is on the backend's device (on OpenCL the parameter and its state stay on the
 * device after the first step; on the CPU the update is the host loop). Run: {@code ./nabla bench OpenClBenchmark} ({@code -Dnabla.opencl.device=…} picks the
 * device). On PoCL (an OpenCL driver on the CPU) this measures overheads, not GPU speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OpenClBenchmark {
    @Param({"cpu", "opencl"})
    String backend;

    Backend b;
    OpenClBackend cl;
    Tensor a512;
    Tensor b512;
    Tensor x;
    Tensor w;
    Tensor bias;
    Tensor gy;
    List<Tensor> params1M;
    List<Tensor> paramsSgd1M;
    Optimizer adam;
    Optimizer sgd;

    @Setup(Level.Trial)
    public void setUp() {
        if (backend.equals("opencl")) {
            cl = OpenClBackend.create();
            b = cl;
            System.out.println("# OpenCL device: " + cl.context().device().describe());
        } else {
            b = new CpuBackend();
        }
        Backends.use(b);
        Random rng = new Random(42);
        a512 = resident(Tensor.randn(rng, 512, 512));
        b512 = resident(Tensor.randn(rng, 512, 512));
        x = resident(Tensor.randn(rng, 32, 16, 64, 64));
        w = resident(Tensor.randn(rng, 32, 16, 3, 3));
        bias = resident(Tensor.randn(rng, 32));
        gy = resident(Tensor.randn(rng, 32, 32, 64, 64));
        params1M = List.of(withGradient(rng));
        paramsSgd1M = List.of(withGradient(rng));
        adam = new Adam(1e-3);
        sgd = new SGD(1e-2).momentum(0.9);
    }

    /** A 1M-parameter tensor whose gradient (made on the backend, so on its device) stays set. */
    private Tensor withGradient(Random rng) {
        Tensor p = Tensor.randn(rng, 1 << 20).mul(0.1f).requiresGrad(true);
        p.mul(resident(Tensor.randn(rng, 1 << 20))).sum().backward();
        return p;
    }

    private Tensor resident(Tensor t) {
        return cl == null ? t : cl.copy(t);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.use(new CpuBackend());
        if (cl != null) {
            cl.close();
        }
    }

    private void sync() {
        if (cl != null) {
            cl.context().finish();
        }
    }

    @Benchmark
    public Tensor matmul512() {
        try (Grad.Scope off = Grad.off()) {
            Tensor y = Ops.matmul(a512, b512);
            sync();
            return y;
        }
    }

    @Benchmark
    public Tensor conv2dForward() {
        try (Grad.Scope off = Grad.off()) {
            Tensor y = Ops.conv2d(x, w, bias, 1, Padding.SAME);
            sync();
            return y;
        }
    }

    @Benchmark
    public Tensor conv2dForwardBackward() {
        Tensor xg = x.detach().requiresGrad(true);
        Tensor wg = w.detach().requiresGrad(true);
        Tensor bg = bias.detach().requiresGrad(true);
        Tensor y = Ops.conv2d(xg, wg, bg, 1, Padding.SAME);
        y.backward(gy);
        sync();
        return wg.grad();
    }

    @Benchmark
    public Tensor adamStep1M() {
        adam.step(params1M);
        sync();
        return params1M.get(0);
    }

    @Benchmark
    public Tensor sgdStep1M() {
        sgd.step(paramsSgd1M);
        sync();
        return paramsSgd1M.get(0);
    }
}

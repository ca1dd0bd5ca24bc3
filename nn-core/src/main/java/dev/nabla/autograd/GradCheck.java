package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

import java.util.Random;

/**
 * Numerical gradient check, as PyTorch's {@code gradcheck}: compares the gradient autograd computes
 * with central differences {@code (L(x+ε) − L(x−ε)) / 2ε}.
 *
 * <p>The function's output {@code y} is reduced to a scalar {@code L = Σ r·y} with a fixed random
 * {@code r}, so every output element takes part with a distinct weight. {@code L} is summed in
 * double; the op itself runs in float32, so the default step {@code ε = 1e-3} and the tolerance
 * {@code |analytic − numeric| ≤ atol + rtol·max(|analytic|, |numeric|)} with {@code atol = 2e-3},
 * {@code rtol = 1e-2} are set for float32 round-off — and {@code GradCheckTest} shows they still
 * catch a backward pass that is wrong by 5 %.
 */
public final class GradCheck {
    /** What a check found: the worst absolute difference and where. */
    public record Result(boolean passed, double maxAbsError, String worst) {
    }

    /** The function under test: maps the inputs to an output tensor (any shape). */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor... inputs);
    }

    private final double eps;
    private final double atol;
    private final double rtol;

    /** A checker with the default step and tolerances. */
    public GradCheck() {
        this(1e-3, 2e-3, 1e-2);
    }

    public GradCheck(double eps, double atol, double rtol) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
    }

    /**
     * Checks every input that requires a gradient. Inputs must be contiguous leaves; they are
     * perturbed in place and restored.
     */
    public Result check(Fn f, Tensor... inputs) {
        Tensor probe = f.apply(inputs);
        float[] r = Tensor.randn(new Random(12345), probe.shape()).toArray();
        for (Tensor in : inputs) {
            if (in.requiresGrad()) {
                if (!in.isLeaf() || !in.isContiguous()) {
                    throw new IllegalArgumentException("GradCheck: inputs must be contiguous leaves");
                }
                in.zeroGrad();
            }
        }
        if (!probe.requiresGrad()) {
            throw new IllegalArgumentException("GradCheck: the output does not require grad; "
                    + "mark at least one input with requiresGrad(true)");
        }
        probe.backward(Tensor.wrap(r.clone(), probe.shape()));

        double worstErr = 0;
        String worst = "none";
        boolean passed = true;
        for (int k = 0; k < inputs.length; k++) {
            Tensor in = inputs[k];
            if (!in.requiresGrad()) {
                continue;
            }
            float[] analytic = in.grad() == null ? new float[in.numel()] : in.grad().toArray();
            float[] data = in.storage();
            for (int i = 0; i < in.numel(); i++) {
                int p = in.offset() + i;
                float original = data[p];
                data[p] = (float) (original + eps);
                double up = weightedSum(f, inputs, r);
                data[p] = (float) (original - eps);
                double down = weightedSum(f, inputs, r);
                data[p] = original;
                double numeric = (up - down) / (2 * eps);
                double err = Math.abs(analytic[i] - numeric);
                if (err > worstErr) {
                    worstErr = err;
                    worst = "input " + k + " element " + i + ": analytic " + analytic[i] + ", numeric " + numeric;
                }
                if (err > atol + rtol * Math.max(Math.abs(analytic[i]), Math.abs(numeric))) {
                    passed = false;
                }
            }
            in.zeroGrad();
        }
        return new Result(passed, worstErr, worst);
    }

    /** Runs {@link #check} and throws an {@link AssertionError} with the worst element if it fails. */
    public void assertGradients(Fn f, Tensor... inputs) {
        Result result = check(f, inputs);
        if (!result.passed()) {
            throw new AssertionError("gradient check failed; worst " + result.worst());
        }
    }

    private static double weightedSum(Fn f, Tensor[] inputs, float[] r) {
        float[] y;
        try (Grad.Scope off = Grad.off()) {
            y = f.apply(inputs).toArray();
        }
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) r[i] * y[i];
        }
        return s;
    }
}

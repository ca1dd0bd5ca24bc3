package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nabla.optim.Support.assertClose;
import static dev.nabla.optim.Support.param;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adam against Kingma &amp; Ba 2015, Algorithm 1 (https://arxiv.org/abs/1412.6980), with the L2
 * and AMSGrad variants of PyTorch's algorithm box (https://pytorch.org/docs/stable/generated/torch.optim.Adam.html)
 * and AdamW's decoupled decay (Loshchilov &amp; Hutter 2019; https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html):
 * <pre>
 *   AdamW: θ ← θ − γλθ          Adam-L2: g ← g + λθ
 *   m ← β₁m + (1−β₁)g;   v ← β₂v + (1−β₂)g²;   m̂ = m/(1−β₁ᵗ);   v̂ = v/(1−β₂ᵗ)   (amsgrad: v̂ = max_{s≤t} v_s /(1−β₂ᵗ))
 *   θ ← θ − γ·m̂/(√v̂ + ε)
 * </pre>
 */
class AdamTest {
    private static final double[][] GRADS = {
            {0.5, -2.0, 0.01, 30.0}, {0.4, -1.0, -0.02, 3.0}, {-0.1, 0.5, 0.03, 0.3}, {0.2, 0.25, 0.0, -0.1}, {0.3, -0.4, 0.05, 0.01}};
    private static final double[] START = {1.0, -1.0, 0.5, 2.0};

    /** Algorithm 1 in double; {@code decoupled} selects AdamW, otherwise {@code wd} is L2. */
    private static double[] reference(double lr, double b1, double b2, double eps, boolean amsgrad, double wd,
                                      boolean decoupled, int steps) {
        double[] theta = START.clone();
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        double[] vMax = new double[theta.length];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < theta.length; i++) {
                double g = GRADS[t - 1][i];
                if (decoupled) {
                    theta[i] -= lr * wd * theta[i];
                } else {
                    g += wd * theta[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = (amsgrad ? vMax[i] : v[i]) / (1 - Math.pow(b2, t));
                theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return theta;
    }

    private static Tensor run(Optimizer opt, int steps) {
        Tensor p = param(1f, -1f, 0.5f, 2f);
        for (int t = 0; t < steps; t++) {
            setGrad(p, GRADS[t]);
            opt.step(List.of(p));
        }
        return p;
    }

    @Test
    void firstStepMovesEachWeightByTheLearningRateTimesTheSignOfItsGradient() {
        // t = 1: m̂ = g, v̂ = g², so Δθ = −lr·g/(|g| + ε) ≈ −lr·sign(g), whatever |g| is (0.01 … 30).
        // Without the bias correction the step would be lr·(1−β₁)/√(1−β₂) ≈ 3.16·lr.
        double lr = 0.01;
        Tensor p = run(new Adam(lr), 1);
        for (int i = 0; i < START.length; i++) {
            double moved = START[i] - p.get(i);
            assertEquals(lr * Math.signum(GRADS[0][i]), moved, 2e-7, "element " + i);
        }
        assertClose(reference(lr, 0.9, 0.999, 1e-7, false, 0, false, 1), p, 1e-6, "exact first step");
    }

    @Test
    void severalStepsMatchAlgorithm1() {
        for (int steps = 1; steps <= 5; steps++) {
            assertClose(reference(0.01, 0.9, 0.999, 1e-7, false, 0, false, steps), run(new Adam(0.01), steps), 1e-6,
                    "Adam, " + steps + " steps");
        }
        assertClose(reference(0.05, 0.8, 0.99, 1e-3, false, 0, false, 5),
                run(new Adam(0.05).beta1(0.8).beta2(0.99).epsilon(1e-3), 5), 1e-6, "other betas");
    }

    @Test
    void amsgradUsesTheRunningMaximumOfV() {
        // element 3 sees g = 30 then much smaller ones; with β₂ = 0.9, v falls quickly, so max(v) ≠ v from step 3 on.
        Tensor ams = run(new Adam(0.01).beta2(0.9).amsgrad(true), 5);
        assertClose(reference(0.01, 0.9, 0.9, 1e-7, true, 0, false, 5), ams, 1e-6, "amsgrad");
        double plain = reference(0.01, 0.9, 0.9, 1e-7, false, 0, false, 5)[3];
        assertTrue(Math.abs(ams.get(3) - plain) > 1e-3, "amsgrad should differ from Adam here: " + ams.get(3) + " vs " + plain);
        assertClose(reference(0.01, 0.9, 0.999, 1e-7, true, 0, false, 5), run(new Adam(0.01).amsgrad(true), 5), 1e-6,
                "amsgrad, default β₂");
    }

    @Test
    void l2WeightDecayMatchesPyTorchAdam() {
        assertClose(reference(0.01, 0.9, 0.999, 1e-7, false, 0.1, false, 5), run(new Adam(0.01).weightDecay(0.1), 5),
                1e-6, "Adam weight_decay");
    }

    @Test
    void adamWMatchesPyTorchAdamW() {
        for (int steps = 1; steps <= 5; steps++) {
            assertClose(reference(0.01, 0.9, 0.999, 1e-7, false, 0.1, true, steps), run(new AdamW(0.01, 0.1), steps),
                    1e-6, "AdamW, " + steps + " steps");
        }
        assertClose(reference(0.01, 0.9, 0.999, 1e-7, true, 0.01, true, 5), run(new AdamW(0.01).amsgrad(true), 5),
                1e-6, "AdamW amsgrad, default decay 0.01");
    }

    @Test
    void l2DecayIsNormalisedAwayWhileDecoupledDecayIsNot() {
        // θ = 1 with zero loss gradient, λ = 0.1, lr = 0.01, first step:
        //   Adam-L2: g = λθ = 0.1, then Adam moves θ by lr·sign(g) = 0.01 → θ = 0.99 (the size of λ does not matter)
        //   AdamW:   θ ← θ − lr·λ·θ = 1 − 0.001 = 0.999; Adam on g = 0 adds nothing → θ = 0.999
        Tensor a = param(1f);
        Tensor w = param(1f);
        setGrad(a, 0);
        setGrad(w, 0);
        new Adam(0.01).weightDecay(0.1).step(List.of(a));
        new AdamW(0.01, 0.1).step(List.of(w));
        assertEquals(0.99, a.get(0), 1e-6);
        assertEquals(0.999, w.get(0), 1e-7);
        // ten times the decay: L2's step is still lr (normalised), decoupled shrinks ten times more
        Tensor a10 = param(1f);
        Tensor w10 = param(1f);
        setGrad(a10, 0);
        setGrad(w10, 0);
        new Adam(0.01).weightDecay(1.0).step(List.of(a10));
        new AdamW(0.01, 1.0).step(List.of(w10));
        assertEquals(0.99, a10.get(0), 1e-6);
        assertEquals(0.99, w10.get(0), 1e-7);
    }

    @Test
    void defaultsAreKerasAndAdamWDecayIsPyTorch() {
        assertEquals(1e-3, new Adam().currentLearningRate());
        assertEquals(1e-7, new Adam().getConfig().get("epsilon"));
        assertEquals(0.01, new AdamW().getConfig().get("weight_decay"));
        assertEquals("AdamW", new AdamW().getConfig().get("name"));
    }
}

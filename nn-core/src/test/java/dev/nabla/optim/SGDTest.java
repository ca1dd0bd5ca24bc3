package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nabla.optim.Support.assertClose;
import static dev.nabla.optim.Support.assertFails;
import static dev.nabla.optim.Support.param;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * SGD against PyTorch's algorithm box (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html),
 * dampening τ = 0:
 * <pre>
 *   g ← g + λθ;   b ← (t = 1) ? g : μb + g;   g ← nesterov ? g + μb : b;   θ ← θ − γg
 * </pre>
 * The reference below recomputes it in double.
 */
class SGDTest {
    private static final double[][] GRADS = {{0.5, -1.0, 2.0}, {0.25, 0.5, -1.5}, {-0.75, 1.0, 0.1}, {1.0, -0.2, 0.3}};
    private static final double[] START = {1.0, -2.0, 3.0};

    /** PyTorch SGD, literally, in double. */
    private static double[] reference(double lr, double mu, boolean nesterov, double wd, int steps) {
        double[] theta = START.clone();
        double[] b = new double[theta.length];
        for (int t = 1; t <= steps; t++) {
            double[] grad = GRADS[t - 1];
            for (int i = 0; i < theta.length; i++) {
                double g = grad[i] + wd * theta[i];
                if (mu != 0) {
                    b[i] = t == 1 ? g : mu * b[i] + g;
                    g = nesterov ? g + mu * b[i] : b[i];
                }
                theta[i] -= lr * g;
            }
        }
        return theta;
    }

    private static Tensor run(SGD opt, int steps) {
        Tensor p = param(1f, -2f, 3f);
        for (int t = 0; t < steps; t++) {
            setGrad(p, GRADS[t]);
            opt.step(List.of(p));
        }
        return p;
    }

    @Test
    void plainStepIsThetaMinusLrTimesGradient() {
        Tensor p = run(new SGD(0.1), 1);
        // θ − 0.1·g = [1 − 0.05, −2 + 0.1, 3 − 0.2]
        assertArrayEquals(new float[] {0.95f, -1.9f, 2.8f}, p.toArray(), 1e-7f);
        assertClose(reference(0.1, 0, false, 0, 4), run(new SGD(0.1), 4), 1e-6, "plain, 4 steps");
    }

    @Test
    void momentumSequenceMatchesPyTorch() {
        // by hand for element 0: b1 = 0.5, θ1 = 1 − 0.1·0.5 = 0.95; b2 = 0.9·0.5 + 0.25 = 0.7, θ2 = 0.95 − 0.07 = 0.88
        Tensor two = run(new SGD(0.1).momentum(0.9), 2);
        assertEquals(0.88, two.get(0), 1e-6);
        for (int steps = 1; steps <= 4; steps++) {
            assertClose(reference(0.1, 0.9, false, 0, steps), run(new SGD(0.1).momentum(0.9), steps), 1e-6,
                    "momentum, " + steps + " steps");
        }
    }

    @Test
    void nesterovSequenceMatchesPyTorch() {
        // element 0, step 1: b = 0.5, g = 0.5 + 0.9·0.5 = 0.95, θ = 1 − 0.095 = 0.905
        assertEquals(0.905, run(new SGD(0.1).momentum(0.9).nesterov(true), 1).get(0), 1e-6);
        for (int steps = 1; steps <= 4; steps++) {
            assertClose(reference(0.1, 0.9, true, 0, steps), run(new SGD(0.1).momentum(0.9).nesterov(true), steps),
                    1e-6, "nesterov, " + steps + " steps");
        }
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        // element 0: g = 0.5 + 0.1·1 = 0.6, θ = 1 − 0.1·0.6 = 0.94
        assertEquals(0.94, run(new SGD(0.1).weightDecay(0.1), 1).get(0), 1e-6);
        assertClose(reference(0.05, 0.8, true, 0.01, 4),
                run(new SGD(0.05).momentum(0.8).nesterov(true).weightDecay(0.01), 4), 1e-6, "all options");
    }

    @Test
    void learningRateStaysOutOfTheMomentumBufferAsInPyTorch() {
        // step 1 with γ=0.1: b = g1; step 2 with γ=0.01: b = 0.9·g1 + g2, θ −= 0.01·b
        SGD opt = new SGD(0.1).momentum(0.9);
        Tensor p = param(1f, -2f, 3f);
        setGrad(p, GRADS[0]);
        opt.step(List.of(p));
        opt.setLearningRate(0.01);
        setGrad(p, GRADS[1]);
        opt.step(List.of(p));
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = START[i] - 0.1 * GRADS[0][i] - 0.01 * (0.9 * GRADS[0][i] + GRADS[1][i]);
        }
        assertClose(expected, p, 1e-6, "changed lr");
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        SGD opt = new SGD(0.1).momentum(0.9);
        Tensor a = param(1f, 2f);
        Tensor b = param(3f, 4f);
        setGrad(a, 1, 1);
        opt.step(List.of(a, b));
        assertArrayEquals(new float[] {0.9f, 1.9f}, a.toArray(), 1e-7f);
        assertArrayEquals(new float[] {3f, 4f}, b.toArray());
        assertEquals(0, opt.state(List.of(a, b)).parameters().get(1).steps());
        assertEquals(1, opt.iterations());
        opt.zeroGrad(List.of(a, b));
        assertNull(a.grad());
    }

    @Test
    void nesterovWithoutMomentumIsRejectedBeforeAnyUpdate() {
        Tensor p = param(1f);
        setGrad(p, 1);
        assertFails(IllegalStateException.class, () -> new SGD(0.1).nesterov(true).step(List.of(p)),
                "SGD", "nesterov", "momentum");
        assertEquals(1f, p.get(0));
    }
}

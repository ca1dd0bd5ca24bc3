package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nabla.optim.Support.assertClose;
import static dev.nabla.optim.Support.param;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RMSprop and Adagrad against Keras's update rules (keras/src/optimizers/rmsprop.py and adagrad.py,
 * https://keras.io/api/optimizers/rmsprop/, https://keras.io/api/optimizers/adagrad/):
 * <pre>
 *   RMSprop: v ← ρv + (1−ρ)g²;  centered: ḡ ← ρḡ + (1−ρ)g, d = v − ḡ² + ε, else d = v + ε;
 *            Δ = lr·g/√d;  momentum: b ← μb + Δ, θ ← θ − b;  else θ ← θ − Δ
 *   Adagrad: a ← a + g² (a₀ = 0.1);  θ ← θ − lr·g/√(a + ε)
 * </pre>
 */
class RMSpropAdagradTest {
    private static final double[][] GRADS = {{0.5, -2.0, 0.01}, {0.4, -1.0, -0.02}, {-0.1, 0.5, 0.03}, {0.2, 0.25, 0.0}};
    private static final double[] START = {1.0, -1.0, 0.5};

    private static double[] rmsprop(double lr, double rho, double mu, double eps, boolean centered, int steps) {
        double[] theta = START.clone();
        double[] v = new double[3];
        double[] avg = new double[3];
        double[] b = new double[3];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t][i];
                v[i] = rho * v[i] + (1 - rho) * g * g;
                double d;
                if (centered) {
                    avg[i] = rho * avg[i] + (1 - rho) * g;
                    d = v[i] - avg[i] * avg[i] + eps;
                } else {
                    d = v[i] + eps;
                }
                double delta = lr * g / Math.sqrt(d);
                if (mu > 0) {
                    b[i] = mu * b[i] + delta;
                    theta[i] -= b[i];
                } else {
                    theta[i] -= delta;
                }
            }
        }
        return theta;
    }

    private static double[] adagrad(double lr, double a0, double eps, int steps) {
        double[] theta = START.clone();
        double[] a = {a0, a0, a0};
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t][i];
                a[i] += g * g;
                theta[i] -= lr * g / Math.sqrt(a[i] + eps);
            }
        }
        return theta;
    }

    private static Tensor run(Optimizer opt, int steps) {
        Tensor p = param(1f, -1f, 0.5f);
        for (int t = 0; t < steps; t++) {
            setGrad(p, GRADS[t]);
            opt.step(List.of(p));
        }
        return p;
    }

    @Test
    void rmspropReproducesTheKerasDocstringExample() {
        // Keras docs: RMSprop(learning_rate=0.1), var = 10, loss = var²/2 (grad = var), one minimize → 9.683772
        // v = 0.1·100 = 10, Δ = 0.1·10/√(10 + 1e-7) = 0.3162278
        Tensor var = param(10f);
        setGrad(var, 10);
        new RMSprop(0.1).step(List.of(var));
        assertEquals(9.683772, var.get(0), 1e-6);
    }

    @Test
    void rmspropVariantsMatchKeras() {
        for (int steps = 1; steps <= 4; steps++) {
            assertClose(rmsprop(0.01, 0.9, 0, 1e-7, false, steps), run(new RMSprop(0.01), steps), 1e-6, "plain " + steps);
            assertClose(rmsprop(0.01, 0.9, 0.5, 1e-7, false, steps), run(new RMSprop(0.01).momentum(0.5), steps), 1e-6,
                    "momentum " + steps);
            assertClose(rmsprop(0.01, 0.8, 0.5, 1e-3, true, steps),
                    run(new RMSprop(0.01).rho(0.8).momentum(0.5).epsilon(1e-3).centered(true), steps), 1e-6,
                    "centered " + steps);
        }
    }

    @Test
    void adagradMatchesKeras() {
        // step 1, element 0: a = 0.1 + 0.25 = 0.35, θ = 1 − 0.1·0.5/√(0.35 + 1e-7) = 0.9154846
        assertEquals(1 - 0.05 / Math.sqrt(0.35 + 1e-7), run(new Adagrad(0.1), 1).get(0), 1e-6);
        for (int steps = 1; steps <= 4; steps++) {
            assertClose(adagrad(0.1, 0.1, 1e-7, steps), run(new Adagrad(0.1), steps), 1e-6, "adagrad " + steps);
        }
        assertClose(adagrad(0.5, 1.0, 1e-4, 4), run(new Adagrad(0.5).initialAccumulatorValue(1.0).epsilon(1e-4), 4),
                1e-6, "adagrad options");
    }
}

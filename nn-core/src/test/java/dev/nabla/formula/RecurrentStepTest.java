package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrentStepTest {
    private static final double[][] W = {{1, -1}, {2, 0}};
    private static final double[][] R = {{0.5, 0}, {0, 0.5}};
    private static final double[] B = {0, -1};

    @Test
    void workedExampleTwoSteps() {
        // t=1: W·x_1 = [1−1, 2+0] = [0, 2]; R·h_0 = 0; + b = [0, 1] → h_1 = [tanh 0, tanh 1] = [0, 0.7615941559557649]
        // t=2: W·x_2 = [1, 2]; R·h_1 = [0, 0.5·tanh 1]; + b = [1, 1 + 0.5·tanh 1]
        //      → h_2 = [tanh 1, tanh 1.3807970779778824] = [0.7615941559557649, 0.8811296283442258]
        double[][] hs = RecurrentStep.unroll(W, R, B, new double[][] {{1, 1}, {1, 0}}, new double[] {0, 0});
        assertArrayEquals(new double[] {0, 0.7615941559557649}, hs[0], 1e-15);
        assertArrayEquals(new double[] {0.7615941559557649, 0.8811296283442258}, hs[1], 1e-15);
        assertEquals(Math.tanh(1 + 0.5 * Math.tanh(1)), hs[1][1], 1e-15);
    }

    @Test
    void unrollIsRepeatedStep() {
        double[][] w = {{0.2, -0.4, 1.0}, {0.7, 0.1, -0.3}};
        double[][] r = {{0.3, -0.2}, {0.5, 0.1}};
        double[] b = {0.1, -0.2};
        double[][] xs = {{1, 0, 2}, {-1, 1, 0}, {0.5, 0.5, 0.5}};
        double[] h = {0.1, -0.1};
        double[][] hs = RecurrentStep.unroll(w, r, b, xs, h);
        for (int t = 1; t <= xs.length; t++) {
            h = RecurrentStep.step(w, r, b, xs[t - 1], h);
            assertArrayEquals(h, hs[t - 1], 0, "h_" + t);
        }
    }

    @Test
    void rowVectorLayoutUsesTheTransposes() {
        // Keras: h = tanh(x·W_ops + h_prev·R_ops + b) with W_ops = Wᵀ, R_ops = Rᵀ, written out by hand
        double[][] w = {{0.2, -0.4, 1.0}, {0.7, 0.1, -0.3}};
        double[][] r = {{0.3, -0.2}, {0.5, 0.1}};
        double[] b = {0.1, -0.2};
        double[] x = {1, -2, 0.5};
        double[] hPrev = {0.4, -0.6};
        double[][] wOps = RecurrentStep.transpose(w);
        double[][] rOps = RecurrentStep.transpose(r);
        assertArrayEquals(new double[] {0.2, 0.7}, wOps[0]);
        double[] row = new double[2];
        for (int u = 0; u < 2; u++) {
            double a = b[u];
            for (int v = 0; v < 3; v++) {
                a += x[v] * wOps[v][u];
            }
            for (int q = 0; q < 2; q++) {
                a += hPrev[q] * rOps[q][u];
            }
            row[u] = Math.tanh(a);
        }
        assertArrayEquals(row, RecurrentStep.step(w, r, b, x, hPrev), 1e-15);
    }

    @Test
    void badShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecurrentStep.step(W, R, B, new double[] {1, 2, 3}, new double[] {0, 0}));
        assertTrue(e.getMessage().contains("RecurrentStep.step") && e.getMessage().contains("3 entries")
                && e.getMessage().contains("expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RecurrentStep.step(W, new double[][] {{1, 2, 3}, {4, 5, 6}}, B, new double[] {1, 2}, new double[] {0, 0}));
        assertTrue(e.getMessage().contains("R must be units × units = 2×2") && e.getMessage().contains("2×3"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentStep.step(W, R, new double[] {0}, new double[] {1, 2}, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentStep.unroll(W, R, B, new double[][] {{1, 2}}, new double[] {0}));
    }
}

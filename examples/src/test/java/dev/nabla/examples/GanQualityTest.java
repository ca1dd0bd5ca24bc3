package dev.nabla.examples;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GanQualityTest {

    @Test
    void inceptionScoreOfConfidentEvenPredictionsIsTheNumberOfClasses() {
        double[][] p = new double[40][10];
        for (int i = 0; i < p.length; i++) {
            p[i][i % 10] = 1;
        }
        assertEquals(10, GanQuality.inceptionScore(p), 1e-12);
    }

    @Test
    void inceptionScoreOfIdenticalPredictionsIsOne() {
        double[][] p = new double[25][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {0.1, 0.6, 0.3};
        }
        assertEquals(1, GanQuality.inceptionScore(p), 1e-12);
    }

    @Test
    void inceptionScoreOfAHandWorkedCase() {
        // p1 = (1, 0), p2 = (0.5, 0.5): p(y) = (0.75, 0.25),
        // KL1 = ln(1/0.75), KL2 = 0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25); IS = exp((KL1 + KL2)/2)
        double kl = Math.log(1 / 0.75) + 0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(2);
        assertEquals(Math.exp(kl / 2), GanQuality.inceptionScore(new double[][] {{1, 0}, {0.5, 0.5}}), 1e-12);
    }

    @Test
    void frechetDistanceOfIdenticalGaussiansIsZeroAndOfShiftedOnesTheSquaredShift() {
        double[][] cov = {{2, 0.5, 0.1}, {0.5, 1, 0.3}, {0.1, 0.3, 1.5}};
        GanQuality.Gaussian a = new GanQuality.Gaussian(new double[] {1, 2, 3}, cov);
        assertEquals(0, GanQuality.frechetDistance(a, a), 1e-9);
        GanQuality.Gaussian b = new GanQuality.Gaussian(new double[] {1 + 3, 2 - 4, 3}, cov);
        assertEquals(25, GanQuality.frechetDistance(a, b), 1e-9);
    }

    @Test
    void frechetDistanceOfDiagonalGaussiansHasTheClosedForm() {
        // diagonal C₁ = diag(s₁²), C₂ = diag(s₂²): FD = Σ (s₁ − s₂)²
        GanQuality.Gaussian a = new GanQuality.Gaussian(new double[2], new double[][] {{4, 0}, {0, 1}});
        GanQuality.Gaussian b = new GanQuality.Gaussian(new double[2], new double[][] {{1, 0}, {0, 9}});
        assertEquals((2 - 1) * (2 - 1) + (1 - 3) * (1 - 3), GanQuality.frechetDistance(a, b), 1e-9);
    }

    @Test
    void gaussianFitRecoversMeanAndCovariance() {
        Random rng = new Random(1);
        double[][] f = new double[20000][];
        for (int i = 0; i < f.length; i++) {
            double u = rng.nextGaussian();
            f[i] = new double[] {1 + u, -2 + 0.5 * u + rng.nextGaussian()};
        }
        GanQuality.Gaussian g = GanQuality.Gaussian.of(f);
        assertEquals(1, g.mean()[0], 0.03);
        assertEquals(-2, g.mean()[1], 0.03);
        assertEquals(1, g.covariance()[0][0], 0.05);
        assertEquals(0.5, g.covariance()[0][1], 0.05);
        assertEquals(1.25, g.covariance()[1][1], 0.05);
        assertThrows(IllegalArgumentException.class, () -> GanQuality.Gaussian.of(new double[][] {{1}}));
    }
}

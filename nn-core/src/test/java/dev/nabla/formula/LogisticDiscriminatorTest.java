package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticDiscriminatorTest {
    private final LogisticDiscriminator d = new LogisticDiscriminator(2, 0.5);

    @Test
    void workedExample() {
        // D(x) = 1/(1 + exp(−(x−2)/0.5)):
        //   D(1) = 1/(1+e²) = 0.11920292202211755, D(2) = 1/2, D(2.5) = 1/(1+e⁻¹) = 0.7310585786300049,
        //   D(3) = 1/(1+e⁻²) = 0.8807970779778823  (= scipy.special.expit(−2, 1, 2))
        assertArrayEquals(new double[] {0.11920292202211755, 0.5, 0.7310585786300049, 0.8807970779778823},
                d.apply(new double[] {1, 2, 2.5, 3}), 1e-15);
    }

    @Test
    void centredAtMuAndSymmetric() {
        for (double a : new double[] {0.1, 0.7, 3, 20}) {
            assertEquals(1.0, d.apply(2 + a) + d.apply(2 - a), 1e-15, "D(μ+a) + D(μ−a) = 1 at a = " + a);
        }
        // far from μ the output saturates to 0 and 1 without NaN
        assertEquals(0.0, d.apply(-1e6), 0);
        assertEquals(1.0, d.apply(1e6), 0);
    }

    @Test
    void derivativeIsDTimesOneMinusDOverSigma() {
        assertEquals(0.5, d.derivative(2), 1e-15);   // 0.5·0.5 / 0.5
        for (double x : new double[] {0.5, 1.7, 2.2, 4}) {
            double h = 1e-6;
            double numeric = (d.apply(x + h) - d.apply(x - h)) / (2 * h);
            assertEquals(numeric, d.derivative(x), 1e-8, "dD/dx at " + x);
        }
    }

    @Test
    void sigmaMustBePositive() {
        for (double sigma : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LogisticDiscriminator(0, sigma));
            assertTrue(e.getMessage().contains("LogisticDiscriminator") && e.getMessage().contains("σ")
                    && e.getMessage().contains(String.valueOf(sigma)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new LogisticDiscriminator(Double.NaN, 1));
    }
}

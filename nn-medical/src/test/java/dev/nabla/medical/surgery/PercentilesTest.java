package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PercentilesTest {
    @Test
    void linearInterpolationBetweenOrderStatistics() {
        // sorted: 1 3 5 7 10; h = 4q. Values as numpy.percentile(..., method="linear") gives them.
        double[] x = {3, 10, 1, 7, 5};
        assertEquals(1.0, Percentiles.of(x, 0), 1e-12);
        assertEquals(3.0, Percentiles.of(x, 0.25), 1e-12);         // h = 1
        assertEquals(5.0, Percentiles.of(x, 0.5), 1e-12);          // h = 2
        assertEquals(8.8, Percentiles.of(x, 0.9), 1e-12);          // h = 3.6: 7 + 0.6·3
        assertEquals(10.0, Percentiles.of(x, 1), 1e-12);
        // 1..10: h = 9·0.99 = 8.91 → 9 + 0.91·1
        assertEquals(9.91, Percentiles.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.99), 1e-12);
        assertEquals(4.0, Percentiles.of(new double[] {4}, 0.99), 1e-12);
        assertEquals(3.0, x[0], 0.0);                               // the input is not sorted in place
    }

    @Test
    void refusesBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[0], 0.5));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[] {1, Double.NaN}, 0.5));
    }
}

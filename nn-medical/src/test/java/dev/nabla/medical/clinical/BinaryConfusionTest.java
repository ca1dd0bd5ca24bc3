package dev.nabla.medical.clinical;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryConfusionTest {
    @Test
    void countsAndRatesByHand() {
        // scores ≥ 0.5 are called positive: cases 0, 1, 4 called; positives are 0, 2, 3
        ScoredCases c = ScoredCases.of(new double[] {0.9, 0.7, 0.4, 0.2, 0.5, 0.1}, new int[] {1, 0, 1, 1, 0, 0});
        BinaryConfusion m = BinaryConfusion.at(c, 0.5);
        assertEquals(1, m.truePositives());
        assertEquals(2, m.falsePositives());
        assertEquals(1, m.trueNegatives());
        assertEquals(2, m.falseNegatives());
        assertEquals(1.0 / 3, m.sensitivity(), 1e-12);
        assertEquals(1.0 / 3, m.specificity(), 1e-12);
        assertEquals(1.0 / 3, m.ppv(), 1e-12);
        assertEquals(1.0 / 3, m.npv(), 1e-12);
        assertEquals(2.0 / 6, m.f1(), 1e-12);
        assertEquals(2.0 / 6, m.accuracy(), 1e-12);
    }

    @Test
    void asymmetricCase() {
        // TP 40, FP 10, TN 90, FN 5: sens 40/45, spec 90/100, PPV 40/50, NPV 90/95, F1 80/95
        BinaryConfusion m = new BinaryConfusion(40, 10, 90, 5);
        assertEquals(40.0 / 45, m.sensitivity(), 1e-12);
        assertEquals(0.9, m.specificity(), 1e-12);
        assertEquals(0.8, m.ppv(), 1e-12);
        assertEquals(90.0 / 95, m.npv(), 1e-12);
        assertEquals(80.0 / 95, m.f1(), 1e-12);
        assertEquals(130.0 / 145, m.accuracy(), 1e-12);
    }

    @Test
    void undefinedRatesAreNaN() {
        BinaryConfusion m = new BinaryConfusion(0, 0, 5, 3); // nobody called positive
        assertTrue(Double.isNaN(m.ppv()));
        assertEquals(0, m.sensitivity(), 0);
        assertThrows(IllegalArgumentException.class, () -> new BinaryConfusion(-1, 0, 0, 0));
    }

    @Test
    void thresholdForTargetSensitivity() {
        ScoredCases c = ScoredCases.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
        Thresholds.OperatingPoint p = Thresholds.forSensitivity(c, 1.0);
        assertEquals(0.35, p.threshold(), 0);     // both positives are ≥ 0.35; 0.4 is also called
        assertEquals(1.0, p.sensitivity(), 0);
        assertEquals(0.5, p.specificity(), 0);
        Thresholds.OperatingPoint half = Thresholds.forSensitivity(c, 0.5);
        assertEquals(0.8, half.threshold(), 0);
        assertEquals(1.0, half.specificity(), 0);
        // Youden: J = 0.5 at 0.8 (0.5 − 0) and at 0.35 (1 − 0.5); the higher threshold is kept
        assertEquals(0.8, Thresholds.youden(c).threshold(), 0);
        assertThrows(IllegalArgumentException.class, () -> Thresholds.forSensitivity(c, 0));
    }
}

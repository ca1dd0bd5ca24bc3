package dev.nabla.medical.clinical;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalsTest {
    @Test
    void wilsonMatchesR() {
        // R 4.x: prop.test(8, 10, correct = FALSE)$conf.int = 0.4901625 0.9433178
        ConfidenceInterval ci = Proportions.wilson(8, 10, 0.95);
        assertEquals(0.8, ci.estimate(), 1e-12);
        assertEquals(0.4901625, ci.lower(), 1e-6);
        assertEquals(0.9433178, ci.upper(), 1e-6);
    }

    @Test
    void clopperPearsonMatchesRAndTheClosedFormAtZero() {
        // R: binom.test(8, 10)$conf.int = 0.4439045 0.9747893
        ConfidenceInterval ci = Proportions.clopperPearson(8, 10, 0.95);
        assertEquals(0.4439045, ci.lower(), 1e-6);
        assertEquals(0.9747893, ci.upper(), 1e-6);
        // k = 0: upper = 1 − (α/2)^(1/n) = 1 − 0.025^(1/10) = 0.3084971
        ConfidenceInterval zero = Proportions.clopperPearson(0, 10, 0.95);
        assertEquals(0, zero.lower(), 0);
        assertEquals(1 - Math.pow(0.025, 0.1), zero.upper(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Proportions.wilson(11, 10, 0.95));
    }

    @Test
    void quantileIsNumpyLinear() {
        // numpy.percentile([1, 2, 3, 4], 25) = 1.75, 97.5 → 3.925
        assertEquals(1.75, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12);
        assertEquals(3.925, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.975), 1e-12);
    }

    @Test
    void bootstrapOfAMeanMatchesTheNormalTheoryInterval() {
        // statistic: mean score; scores independent of labels, so the stratified bootstrap SE ≈ sd/√n
        Random rng = new Random(3);
        int n = 1000;
        double[] s = new double[n];
        int[] y = new int[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextDouble();
            y[i] = i % 2;
            sum += s[i];
        }
        double mean = sum / n;
        double var = 0;
        for (double v : s) {
            var += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(var / (n - 1) / n);
        ScoredCases cases = ScoredCases.of(s, y);
        ConfidenceInterval ci = new Bootstrap(2000, 0.95, 11).interval(cases, c -> {
            double t = 0;
            for (int i = 0; i < c.size(); i++) {
                t += c.score(i);
            }
            return t / c.size();
        });
        assertEquals(mean, ci.estimate(), 1e-12);
        assertEquals(mean - 1.96 * se, ci.lower(), 0.15 * 1.96 * se);
        assertEquals(mean + 1.96 * se, ci.upper(), 0.15 * 1.96 * se);
    }

    @Test
    void bootstrapIsSeededAndKeepsTheClassCounts() {
        ScoredCases c = ScoredCases.of(new double[] {0.1, 0.4, 0.35, 0.8, 0.6, 0.2, 0.9, 0.3},
                new int[] {0, 0, 1, 1, 1, 0, 1, 0});
        Bootstrap.Result a = new Bootstrap(500, 0.9, 42).run(c, RocCurve::mannWhitneyAuc);
        Bootstrap.Result b = new Bootstrap(500, 0.9, 42).run(c, RocCurve::mannWhitneyAuc);
        assertEquals(a.interval(), b.interval());
        assertEquals(500, a.used()); // stratified: both classes in every replicate
        assertTrue(a.interval().lower() <= a.interval().estimate() && a.interval().upper() <= 1.0);
        // the statistic "number of positives" is constant under the stratified bootstrap
        ConfidenceInterval constant = new Bootstrap(200, 0.95, 1).interval(c, x -> x.positives());
        assertEquals(4, constant.lower(), 0);
        assertEquals(4, constant.upper(), 0);
    }

    @Test
    void calibrationByHand() {
        // bin [0.1, 0.2): two cases, mean 0.1, observed ½ → |0.4|·2/4; bin [0.9, 1]: mean 0.9, observed 1 → 0.1·2/4
        ScoredCases c = ScoredCases.of(new double[] {0.1, 0.1, 0.9, 0.9}, new int[] {0, 1, 1, 1});
        Calibration cal = Calibration.of(c, 10);
        assertEquals(0.25, cal.expectedCalibrationError(), 1e-12);
        assertEquals(0.4, cal.maximumCalibrationError(), 1e-12);
        assertEquals((0.01 + 0.81 + 0.01 + 0.01) / 4, cal.brierScore(), 1e-12);
        assertEquals(2, cal.counts()[1]);
        assertEquals(2, cal.counts()[9]);
        assertTrue(Double.isNaN(cal.meanPredicted()[5]));
        // a score of exactly 1 falls in the last bin
        assertEquals(1, Calibration.of(ScoredCases.of(new double[] {1.0}, new int[] {1}), 4).counts()[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.of(ScoredCases.of(new double[] {0.2, 1.5}, new int[] {0, 1}), 10));
        assertEquals("calibration: score of case 1 is 1.5; expected a probability in [0, 1]", e.getMessage());
    }
}

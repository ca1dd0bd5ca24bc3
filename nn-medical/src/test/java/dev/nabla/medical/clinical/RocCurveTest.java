package dev.nabla.medical.clinical;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RocCurveTest {
    // scikit-learn documentation, sklearn.metrics.roc_curve / roc_auc_score / average_precision_score /
    // precision_recall_curve examples: y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
    private static final ScoredCases SKLEARN = ScoredCases.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});

    @Test
    void sklearnRocCurveExample() {
        RocCurve roc = RocCurve.of(SKLEARN);
        // roc_curve doc: fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [inf, 0.8, 0.4, 0.35, 0.1]
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 1}, roc.falsePositiveRates(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, roc.truePositiveRates(), 1e-12);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1}, roc.thresholds(), 1e-12);
        // roc_auc_score doc: 0.75
        assertEquals(0.75, roc.auc(), 1e-12);
        assertEquals(0.75, RocCurve.mannWhitneyAuc(SKLEARN), 1e-12);
    }

    @Test
    void sklearnPrecisionRecallExample() {
        PrecisionRecallCurve pr = PrecisionRecallCurve.of(SKLEARN);
        // precision_recall_curve doc (increasing thresholds 0.1, 0.35, 0.4, 0.8): precision [0.5, 0.667, 0.5, 1],
        // recall [1, 1, 0.5, 0.5]; here in decreasing threshold order.
        assertArrayEquals(new double[] {0.8, 0.4, 0.35, 0.1}, pr.thresholds(), 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 2.0 / 3, 0.5}, pr.precisions(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5, 1, 1}, pr.recalls(), 1e-12);
        // average_precision_score doc: 0.8333… = 0.5·1 + 0.5·(2/3)
        assertEquals(5.0 / 6, pr.averagePrecision(), 1e-12);
        assertEquals(0.5, pr.prevalence(), 1e-12);
    }

    @Test
    void tiesCountHalfByHand() {
        // positives {0.9, 0.5}, negatives {0.5, 0.1}: pairs 1 + 1 + ½ + 1 = 3.5 of 4
        ScoredCases c = ScoredCases.of(new double[] {0.9, 0.5, 0.5, 0.1}, new int[] {1, 1, 0, 0});
        assertEquals(0.875, RocCurve.of(c).auc(), 1e-12);
        assertEquals(0.875, RocCurve.mannWhitneyAuc(c), 1e-12);
        ScoredCases allTied = ScoredCases.of(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1});
        assertEquals(0.5, RocCurve.of(allTied).auc(), 1e-12);
    }

    @Test
    void trapezoidEqualsBruteForcePairCountingWithManyTies() {
        Random rng = new Random(7);
        double[] s = new double[300];
        int[] y = new int[300];
        for (int i = 0; i < s.length; i++) {
            y[i] = rng.nextInt(3) == 0 ? 1 : 0;
            s[i] = Math.round((rng.nextGaussian() + y[i]) * 4) / 4.0; // coarse: many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        ScoredCases c = ScoredCases.of(s, y);
        assertEquals(wins / pairs, RocCurve.of(c).auc(), 1e-12);
        assertEquals(wins / pairs, RocCurve.mannWhitneyAuc(c), 1e-12);
    }

    @Test
    void oneClassAndBadInputAreRejected() {
        ScoredCases onlyNeg = ScoredCases.of(new double[] {0.1, 0.2}, new int[] {0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RocCurve.of(onlyNeg));
        assertEquals("ROC curve: needs positive and negative cases, got 0 positive and 2 negative of 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecallCurve.of(onlyNeg));
        e = assertThrows(IllegalArgumentException.class, () -> ScoredCases.of(new double[] {0.1, 0.2}, new int[] {0, 2}));
        assertEquals("scored cases: label of case 1 is 2; expected 0 (negative) or 1 (positive)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScoredCases.of(new double[] {Double.NaN}, new int[] {0}));
        assertEquals("scored cases: score of case 0 is NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScoredCases.of(new double[] {0.1}, new int[] {0, 1}));
    }
}

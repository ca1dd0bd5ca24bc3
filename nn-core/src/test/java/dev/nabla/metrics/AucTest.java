package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Exact ROC AUC against scikit-learn's documented example, hand-counted ties and a brute-force pair count. */
class AucTest {
    private static final double EXACT = 1e-12;

    private static double auc(float[] labels, float[] scores) {
        Metric m = Metrics.auc();
        m.update(Tensor.vector(scores), Tensor.vector(labels));
        return m.result();
    }

    @Test
    void scikitLearnDocsExample() {
        // scikit-learn docs, roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
        // by hand: positive/negative pairs (0.35 > 0.1 ✓, 0.35 < 0.4 ✗, 0.8 > both ✓✓) → 3/4
        assertEquals(0.75, auc(new float[] {0, 0, 1, 1}, new float[] {0.1f, 0.4f, 0.35f, 0.8f}), EXACT);
    }

    @Test
    void perfectInvertedAndConstantScores() {
        assertEquals(1.0, auc(new float[] {0, 0, 1, 1}, new float[] {0.1f, 0.2f, 0.8f, 0.9f}), EXACT);
        assertEquals(0.0, auc(new float[] {1, 1, 0, 0}, new float[] {0.1f, 0.2f, 0.8f, 0.9f}), EXACT);
        // every score tied: the ROC curve is the diagonal
        assertEquals(0.5, auc(new float[] {0, 1, 0, 1, 1}, new float[] {0.3f, 0.3f, 0.3f, 0.3f, 0.3f}), EXACT);
    }

    @Test
    void tiesBetweenClassesCountHalf() {
        // positives {0.5, 0.8}, negatives {0.5, 0.2}: pairs (0.5, 0.5) = ½, the other three = 1 → 3.5/4
        assertEquals(0.875, auc(new float[] {0, 1, 0, 1}, new float[] {0.5f, 0.5f, 0.2f, 0.8f}), EXACT);
    }

    @Test
    void randomScoresGiveAboutOneHalfAndMatchPairCounting() {
        Random rng = new Random(42);
        int n = 3000;
        float[] labels = new float[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextBoolean() ? 1 : 0;
            scores[i] = Math.round(rng.nextFloat() * 20) / 20f;   // coarse, so many ties
        }
        double auc = auc(labels, scores);
        assertEquals(0.5, auc, 0.03);
        assertEquals(bruteForce(labels, scores), auc, 1e-12);
    }

    /** Mann–Whitney: the fraction of (positive, negative) pairs ordered correctly, ties ½. */
    private static double bruteForce(float[] labels, float[] scores) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void accumulatesBatchesOfAnyBinaryShapeAndResets() {
        Metric m = Metrics.auc();
        m.update(Tensor.of(new float[] {0.1f, 0.4f}, 2, 1), Tensor.of(new float[] {0, 0}, 2, 1));
        m.update(Tensor.vector(0.35f, 0.8f), Tensor.of(new float[] {1, 1}, 2, 1));
        assertEquals(0.75, m.result(), EXACT);
        // logits rank the same as probabilities
        m.reset();
        m.update(Tensor.vector(-2.2f, -0.4f, -0.6f, 1.4f), Tensor.vector(0, 0, 1, 1));
        assertEquals(0.75, m.result(), EXACT);
        m.reset();
        assertEquals(0, m.result(), EXACT);
        assertEquals("auc", m.name());
    }

    @Test
    void oneClassOnlyGivesZeroAndBadInputsAreNamed() {
        assertEquals(0, auc(new float[] {1, 1}, new float[] {0.2f, 0.9f}), EXACT);
        assertThrows(IllegalArgumentException.class, () -> auc(new float[] {1, 0}, new float[] {Float.NaN, 0.2f}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.auc().update(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    }
}

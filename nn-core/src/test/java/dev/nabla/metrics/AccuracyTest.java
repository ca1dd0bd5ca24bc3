package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accuracy and top-k accuracy against the Keras API docs examples and hand counts. */
class AccuracyTest {
    private static final double EXACT = 1e-12;

    private static Tensor t(float[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    private static double once(Metric metric, Tensor predictions, Tensor targets) {
        metric.reset();
        metric.update(predictions, targets);
        return metric.result();
    }

    /** Keras docs, CategoricalAccuracy / TopKCategoricalAccuracy(k=1): predictions [[.1,.9,.8],[.05,.95,0]]. */
    private static final Tensor KERAS_PRED = t(new float[] {0.1f, 0.9f, 0.8f, 0.05f, 0.95f, 0}, 2, 3);

    @Test
    void categoricalFormKerasDocsExample() {
        // Keras API docs, CategoricalAccuracy: y_true [[0,0,1],[0,1,0]] → 0.5 (argmax 1 vs 2 wrong, 1 vs 1 right)
        assertEquals(0.5, once(Metrics.accuracy(), KERAS_PRED, t(new float[] {0, 0, 1, 0, 1, 0}, 2, 3)), EXACT);
    }

    @Test
    void sparseFormKerasDocsExample() {
        // Keras API docs, SparseCategoricalAccuracy: y_true [[2],[1]], y_pred [[.1,.6,.3],[.05,.95,0]] → 0.5
        Tensor p = t(new float[] {0.1f, 0.6f, 0.3f, 0.05f, 0.95f, 0}, 2, 3);
        assertEquals(0.5, once(Metrics.accuracy(), p, t(new float[] {2, 1}, 2, 1)), EXACT);
        assertEquals(0.5, once(Metrics.accuracy(), p, Tensor.vector(2, 1)), EXACT);
    }

    @Test
    void binaryFormKerasDocsExample() {
        // Keras API docs, BinaryAccuracy: y_true [[1],[1],[0],[0]], y_pred [[0.98],[1],[0],[0.6]] → 0.75
        Tensor p = t(new float[] {0.98f, 1, 0, 0.6f}, 4, 1);
        Tensor y = t(new float[] {1, 1, 0, 0}, 4, 1);
        assertEquals(0.75, once(Metrics.accuracy(), p, y), EXACT);
        assertEquals(0.75, once(Metrics.accuracy(), p.reshape(4), y), EXACT);
        assertEquals(0.75, once(Metrics.binaryAccuracy(0.5f), p, y), EXACT);
        // p > threshold is strict: 0.5 counts as negative
        assertEquals(1.0, once(Metrics.accuracy(), Tensor.vector(0.5f), Tensor.vector(0)), EXACT);
    }

    @Test
    void binaryAccuracyComparesEveryElementOfAMask() {
        // masks (N=1, C=1, 2, 2): p > 0.3 → [1, 0, 1, 1]; t = [1, 0, 0, 1] → 3 of 4
        Tensor p = t(new float[] {0.9f, 0.1f, 0.4f, 0.35f}, 1, 1, 2, 2);
        Tensor y = t(new float[] {1, 0, 0, 1}, 1, 1, 2, 2);
        Metric m = Metrics.binaryAccuracy(0.3f);
        assertEquals(0.75, once(m, p, y), EXACT);
        assertEquals("binary_accuracy", m.name());
    }

    @Test
    void accumulatesOverBatchesUntilReset() {
        Metric m = Metrics.accuracy();
        assertEquals(0, m.result(), EXACT);
        m.update(t(new float[] {0.9f, 0.1f}, 1, 2), Tensor.vector(0));                    // 1 of 1
        m.update(t(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.7f, 0.3f}, 3, 2), Tensor.vector(1, 1, 1)); // 1 of 3
        assertEquals(0.5, m.result(), EXACT);                                             // 2 of 4
        m.reset();
        assertEquals(0, m.result(), EXACT);
        assertEquals("accuracy", m.name());
    }

    @Test
    void perPositionClassesAreCounted() {
        // sequences (batch 1, time 3, classes 2) with index targets (1, 3): argmax [0, 1, 1] vs [0, 1, 0] → 2/3
        Tensor p = t(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.4f, 0.6f}, 1, 3, 2);
        assertEquals(2.0 / 3, once(Metrics.accuracy(), p, t(new float[] {0, 1, 0}, 1, 3)), EXACT);
    }

    @Test
    void topKKerasDocsExamples() {
        // Keras API docs, TopKCategoricalAccuracy(k=1): one-hot [[0,0,1],[0,1,0]] → 0.5;
        // SparseTopKCategoricalAccuracy(k=1): [2, 1] → 0.5
        assertEquals(0.5, once(Metrics.topKAccuracy(1), KERAS_PRED, t(new float[] {0, 0, 1, 0, 1, 0}, 2, 3)), EXACT);
        assertEquals(0.5, once(Metrics.topKAccuracy(1), KERAS_PRED, Tensor.vector(2, 1)), EXACT);
        // k = 2: class 2 (0.8) is second in row 1 → both hits
        assertEquals(1.0, once(Metrics.topKAccuracy(2), KERAS_PRED, Tensor.vector(2, 1)), EXACT);
        assertEquals("top_k_categorical_accuracy", Metrics.topKAccuracy(5).name());
    }

    @Test
    void topKCountsTiesInTheExamplesFavour() {
        // all scores equal: nobody scores strictly higher than the true class → a hit even for k = 1
        assertEquals(1.0, once(Metrics.topKAccuracy(1), Tensor.full(0.25f, 2, 4), Tensor.vector(3, 0)), EXACT);
        // [0.5, 0.3, 0.3, 0.1], true 2: one class higher → a hit for k = 2, not for k = 1
        Tensor p = t(new float[] {0.5f, 0.3f, 0.3f, 0.1f}, 1, 4);
        assertEquals(0.0, once(Metrics.topKAccuracy(1), p, Tensor.vector(2)), EXACT);
        assertEquals(1.0, once(Metrics.topKAccuracy(2), p, Tensor.vector(2)), EXACT);
    }

    @Test
    void updateBuildsNoGraphAndLeavesInputsAlone() {
        Tensor p = t(new float[] {0.2f, 0.8f}, 1, 2).requiresGrad(true);
        Metrics.accuracy().update(p, Tensor.vector(1));
        Metrics.auc().update(p.reshape(2), Tensor.vector(0, 1));
        assertEquals(null, p.grad());
        assertTrue(p.isLeaf());
        assertEquals(0.8f, p.get(0, 1));
    }

    @Test
    void badInputsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy().update(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("accuracy") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy().update(Tensor.zeros(2, 3), Tensor.vector(0, 3)));
        assertTrue(e.getMessage().contains("3.0") && e.getMessage().contains("[0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.topKAccuracy(1).update(Tensor.zeros(2, 1), Tensor.zeros(2, 1)));
        assertTrue(e.getMessage().contains("top_k_categorical_accuracy") && e.getMessage().contains("[2, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.topKAccuracy(0));
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy().update(Tensor.scalar(1), Tensor.scalar(1)));
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy().update(null, Tensor.scalar(1)));
        e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.binaryAccuracy(0.5f).update(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 2, 2)));
        assertTrue(e.getMessage().contains("binary_accuracy"), e.getMessage());
    }
}

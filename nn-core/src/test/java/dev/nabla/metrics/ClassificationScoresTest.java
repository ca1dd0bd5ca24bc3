package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precision, recall, F1 and the confusion matrix, against the Keras docs and hand counts. */
class ClassificationScoresTest {
    private static final double EXACT = 1e-12;

    private static double once(Metric metric, Tensor predictions, Tensor targets) {
        metric.reset();
        metric.update(predictions, targets);
        return metric.result();
    }

    /** Keras API docs, Precision and Recall: y_true [0, 1, 1, 1], y_pred [1, 0, 1, 1] → 0.6667 each. */
    private static final Tensor BIN_TRUE = Tensor.vector(0, 1, 1, 1);
    private static final Tensor BIN_PRED = Tensor.vector(1, 0, 1, 1);

    @Test
    void binaryKerasDocsExample() {
        // tp = 2 (positions 3, 4), fp = 1 (position 1), fn = 1 (position 2)
        // precision = 2/3, recall = 2/3, F1 = 2·2 / (2·2 + 1 + 1) = 2/3
        assertEquals(2.0 / 3, once(Metrics.precision(), BIN_PRED, BIN_TRUE), EXACT);
        assertEquals(2.0 / 3, once(Metrics.recall(), BIN_PRED, BIN_TRUE), EXACT);
        assertEquals(2.0 / 3, once(Metrics.f1(), BIN_PRED, BIN_TRUE), EXACT);
    }

    @Test
    void binaryWithThresholdByHand() {
        // p = [0.9, 0.6, 0.4, 0.2, 0.7], t = [1, 0, 1, 0, 1]
        // threshold 0.5 → predicted [1, 1, 0, 0, 1]: tp 2, fp 1, fn 1 → P 2/3, R 2/3
        // threshold 0.3 → predicted [1, 1, 1, 0, 1]: tp 3, fp 1, fn 0 → P 3/4, R 1, F1 = 6/7
        Tensor p = Tensor.of(new float[] {0.9f, 0.6f, 0.4f, 0.2f, 0.7f}, 5, 1);
        Tensor y = Tensor.of(new float[] {1, 0, 1, 0, 1}, 5, 1);
        assertEquals(2.0 / 3, once(Metrics.precision(), p, y), EXACT);
        assertEquals(2.0 / 3, once(Metrics.recall(), p, y), EXACT);
        assertEquals(0.75, once(Metrics.precision(0.3f), p, y), EXACT);
        assertEquals(1.0, once(Metrics.recall(0.3f), p, y), EXACT);
        assertEquals(6.0 / 7, once(Metrics.f1(0.3f), p, y), EXACT);
    }

    @Test
    void noPositivePredictionsGiveZeroNotNaN() {
        Tensor p = Tensor.vector(0.1f, 0.2f);
        Tensor y = Tensor.vector(1, 0);
        assertEquals(0, once(Metrics.precision(), p, y), EXACT);
        assertEquals(0, once(Metrics.f1(), p, y), EXACT);
        assertEquals(0, Metrics.recall().result(), EXACT);
    }

    /** Three classes: targets [0,0,1,1,2,2], predicted (argmax) [0,1,1,1,2,0]. */
    private static Tensor threeClassScores() {
        int[] predicted = {0, 1, 1, 1, 2, 0};
        float[] scores = new float[6 * 3];
        for (int i = 0; i < 6; i++) {
            for (int c = 0; c < 3; c++) {
                scores[i * 3 + c] = c == predicted[i] ? 0.6f : 0.2f;
            }
        }
        return Tensor.of(scores, 6, 3);
    }

    private static final Tensor THREE_TRUE = Tensor.vector(0, 0, 1, 1, 2, 2);

    @Test
    void multiClassScoresAreMacroAverages() {
        // counts[true][pred] = [[1,1,0],[0,2,0],[1,0,1]]
        // precision per class: 1/2, 2/3, 1/1 → macro 0.7222222
        // recall per class:    1/2, 2/2, 1/2 → macro 0.6666667
        // F1 per class 2tp/(2tp+fp+fn): 2/4, 4/5, 2/3 → macro 0.6555556 (as sklearn f1_score(average="macro"))
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, once(Metrics.precision(), threeClassScores(), THREE_TRUE), EXACT);
        assertEquals((0.5 + 1 + 0.5) / 3, once(Metrics.recall(), threeClassScores(), THREE_TRUE), EXACT);
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, once(Metrics.f1(), threeClassScores(), THREE_TRUE), EXACT);
    }

    @Test
    void macroAverageSkipsClassesThatNeverOccur() {
        // 4 score columns, class 3 neither true nor predicted: the averages are those of the 3 classes above
        float[] three = threeClassScores().toArray();
        float[] four = new float[6 * 4];
        for (int i = 0; i < 6; i++) {
            System.arraycopy(three, i * 3, four, i * 4, 3);
        }
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, once(Metrics.precision(), Tensor.of(four, 6, 4), THREE_TRUE), EXACT);
    }

    @Test
    void confusionMatrixCountsAndScores() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.update(threeClassScores(), THREE_TRUE);
        assertArrayEquals(new long[] {1, 1, 0}, cm.counts()[0]);
        assertArrayEquals(new long[] {0, 2, 0}, cm.counts()[1]);
        assertArrayEquals(new long[] {1, 0, 1}, cm.counts()[2]);
        assertEquals(6, cm.total());
        assertEquals(4.0 / 6, cm.accuracy(), EXACT);
        assertEquals(0.5, cm.precision(0), EXACT);
        assertEquals(2.0 / 3, cm.precision(1), EXACT);
        assertEquals(0.5, cm.recall(2), EXACT);
        assertEquals(0.8, cm.f1(1), EXACT);
        // one-hot targets give the same matrix
        ConfusionMatrix again = new ConfusionMatrix(3);
        float[] oneHot = new float[18];
        for (int i = 0; i < 6; i++) {
            oneHot[i * 3 + (int) THREE_TRUE.get(i)] = 1;
        }
        again.update(threeClassScores(), Tensor.of(oneHot, 6, 3));
        assertArrayEquals(cm.counts(), again.counts());
        cm.reset();
        assertEquals(0, cm.total());
    }

    @Test
    void confusionMatrixTable() {
        ConfusionMatrix cm = new ConfusionMatrix("normal", "tumour");
        cm.add(0, 0);
        cm.add(0, 0);
        cm.add(0, 1);
        cm.add(1, 1);
        String table = cm.toString();
        System.out.print(table);
        String[] lines = table.split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].startsWith("true \\ predicted") && lines[0].contains("normal") && lines[0].endsWith("recall"), lines[0]);
        assertTrue(lines[1].startsWith("normal") && lines[1].contains(" 2 ") && lines[1].endsWith("0.667"), lines[1]);
        assertTrue(lines[2].startsWith("tumour") && lines[2].endsWith("1.000"), lines[2]);
        assertTrue(lines[3].startsWith("precision") && lines[3].contains("1.000") && lines[3].endsWith("0.500"), lines[3]);
    }

    @Test
    void binaryConfusionMatrix() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.update(BIN_PRED, BIN_TRUE);
        // [[tn, fp], [fn, tp]] = [[0, 1], [1, 2]]
        assertArrayEquals(new long[] {0, 1}, cm.counts()[0]);
        assertArrayEquals(new long[] {1, 2}, cm.counts()[1]);
        assertEquals(2, cm.count(1, 1));
    }

    @Test
    void badInputsAreNamed() {
        ConfusionMatrix cm = new ConfusionMatrix(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cm.update(threeClassScores(), THREE_TRUE));
        assertTrue(e.getMessage().contains("3 classes") && e.getMessage().contains("4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cm.add(0, 4));
        assertThrows(IllegalArgumentException.class, () -> cm.precision(-1));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(1));
        Metric precision = Metrics.precision();
        precision.update(BIN_PRED, BIN_TRUE);
        e = assertThrows(IllegalArgumentException.class, () -> precision.update(threeClassScores(), THREE_TRUE));
        assertTrue(e.getMessage().contains("precision") && e.getMessage().contains("reset()"), e.getMessage());
        precision.reset();
        precision.update(threeClassScores(), THREE_TRUE);
        assertEquals("precision", precision.name());
        assertEquals("recall", Metrics.recall().name());
        assertEquals("f1_score", Metrics.f1().name());
    }
}

package dev.nabla.loss;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Loss values against the examples of the Keras API docs (keras.io/api/losses, and the
 * tf.keras 2.x docs for the sample-weight examples) and against hand arithmetic, written out in
 * the comments.
 */
class LossValuesTest {
    /** Keras docs quote three decimals. */
    private static final double DOCS = 5e-4;
    /** float32 arithmetic against a double-precision hand computation. */
    private static final double FLOAT = 1e-5;

    private static Tensor t(float[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    private static final Tensor CCE_TRUE = t(new float[] {0, 1, 0, 0, 0, 1}, 2, 3);
    private static final Tensor CCE_PRED = t(new float[] {0.05f, 0.95f, 0, 0.1f, 0.8f, 0.1f}, 2, 3);
    private static final Tensor BIN_TRUE = t(new float[] {0, 1, 0, 0}, 2, 2);
    private static final Tensor BIN_PRED = t(new float[] {0.6f, 0.4f, 0.4f, 0.6f}, 2, 2);

    private static float value(Loss loss, Tensor predictions, Tensor targets) {
        return loss.compute(predictions, targets).item();
    }

    // ------------------------------------------------------------------ categorical

    @Test
    void categoricalCrossentropyKerasDocsExample() {
        // Keras API docs, CategoricalCrossentropy: y_true=[[0,1,0],[0,0,1]], y_pred=[[.05,.95,0],[.1,.8,.1]] → 1.177
        // by hand: (−ln 0.95 − ln 0.1) / 2 = (0.0512933 + 2.3025851) / 2 = 1.1769392
        assertEquals(1.177, value(Losses.categoricalCrossentropy(), CCE_PRED, CCE_TRUE), DOCS);
        assertEquals(1.1769392, value(Losses.categoricalCrossentropy(), CCE_PRED, CCE_TRUE), FLOAT);
    }

    @Test
    void categoricalCrossentropyKerasDocsSampleWeights() {
        // tf.keras docs: same data, sample_weight=[0.3, 0.7] → 0.814
        // by hand: (0.3·0.0512933 + 0.7·2.3025851) / 2 = (0.0153880 + 1.6118096) / 2 = 0.8135988
        Tensor w = Tensor.vector(0.3f, 0.7f);
        assertEquals(0.814, Losses.categoricalCrossentropy().compute(CCE_PRED, CCE_TRUE, w).item(), DOCS);
        assertEquals(0.8135988, Losses.categoricalCrossentropy().compute(CCE_PRED, CCE_TRUE, w).item(), FLOAT);
    }

    @Test
    void categoricalCrossentropyNormalisesProbabilities() {
        // p = [1, 2, 1] / 4 = [0.25, 0.5, 0.25]; true class 1: −ln 0.5 = 0.6931472
        Tensor p = t(new float[] {1, 2, 1}, 1, 3);
        Tensor y = t(new float[] {0, 1, 0}, 1, 3);
        assertEquals(0.6931472, value(Losses.categoricalCrossentropy(), p, y), FLOAT);
    }

    @Test
    void categoricalCrossentropyFromLogits() {
        // logits [1, 2, 3], true class 2: log(e¹ + e² + e³) − 3 = ln 30.1928749 − 3 = 0.4076059
        Tensor x = t(new float[] {1, 2, 3}, 1, 3);
        Tensor y = t(new float[] {0, 0, 1}, 1, 3);
        assertEquals(0.4076059, value(Losses.categoricalCrossentropy(true, 0f), x, y), FLOAT);
    }

    @Test
    void categoricalCrossentropyLabelSmoothing() {
        // s = 0.3, C = 3: t' = 0.7·[0,1,0] + 0.1 = [0.1, 0.8, 0.1]; p = [0.2, 0.5, 0.3]
        // l = −(0.1·ln 0.2 + 0.8·ln 0.5 + 0.1·ln 0.3) = 0.1609438 + 0.5545177 + 0.1203973 = 0.8358588
        Tensor p = t(new float[] {0.2f, 0.5f, 0.3f}, 1, 3);
        Tensor y = t(new float[] {0, 1, 0}, 1, 3);
        assertEquals(0.8358588, value(Losses.categoricalCrossentropy(false, 0.3f), p, y), FLOAT);
    }

    @Test
    void categoricalCrossentropyClipsZeroProbability() {
        // p_true = 0 is clipped to ε = 1e-7: −ln 1e-7 = 16.1180957
        Tensor p = t(new float[] {1, 0}, 1, 2);
        Tensor y = t(new float[] {0, 1}, 1, 2);
        assertEquals(16.1180957, value(Losses.categoricalCrossentropy(), p, y), 1e-4);
    }

    @Test
    void categoricalCrossentropyAlongAxisOneAveragesPositions() {
        // NCHW-style scores (batch 1, classes 2, 2 positions): position 0 p = [0.8, 0.2] true 0 → −ln 0.8 = 0.2231436;
        // position 1 p = [0.4, 0.6] true 1 → −ln 0.6 = 0.5108256; mean over positions = 0.3669846
        Tensor p = t(new float[] {0.8f, 0.4f, 0.2f, 0.6f}, 1, 2, 2);
        Tensor y = t(new float[] {1, 0, 0, 1}, 1, 2, 2);
        assertEquals(0.3669846, value(Losses.categoricalCrossentropy(false, 0f, 1), p, y), FLOAT);
        // the same as classes-last after moving the class axis; and the sparse form with indices (1, 2)
        assertEquals(0.3669846, value(Losses.categoricalCrossentropy(), p.permute(0, 2, 1).contiguous(),
                y.permute(0, 2, 1).contiguous()), FLOAT);
        assertEquals(0.3669846, value(Losses.sparseCategoricalCrossentropy(false, 1), p, Tensor.of(new float[] {0, 1}, 1, 2)),
                FLOAT);
    }

    // ------------------------------------------------------------------ sparse categorical

    @Test
    void sparseCategoricalCrossentropyKerasDocsExample() {
        // Keras API docs, SparseCategoricalCrossentropy: y_true=[1, 2], y_pred as above → 1.177
        Loss loss = Losses.sparseCategoricalCrossentropy(false);
        assertEquals(1.177, value(loss, CCE_PRED, Tensor.vector(1, 2)), DOCS);
        assertEquals(1.1769392, value(loss, CCE_PRED, t(new float[] {1, 2}, 2, 1)), FLOAT);
    }

    @Test
    void sparseMatchesCategoricalFromLogits() {
        Tensor x = t(new float[] {1, 2, 3, -1, 0.5f, 2}, 2, 3);
        float sparse = value(Losses.sparseCategoricalCrossentropy(true), x, Tensor.vector(2, 0));
        float dense = value(Losses.categoricalCrossentropy(true, 0f), x, t(new float[] {0, 0, 1, 1, 0, 0}, 2, 3));
        assertEquals(dense, sparse, FLOAT);
    }

    // ------------------------------------------------------------------ binary

    @Test
    void binaryCrossentropyKerasDocsExample() {
        // Keras API docs, BinaryCrossentropy: y_true=[[0,1],[0,0]], y_pred=[[.6,.4],[.4,.6]] → 0.815
        // by hand: sample 1 (−ln 0.4 − ln 0.4)/2 = 0.9162907; sample 2 (−ln 0.6 − ln 0.4)/2 = 0.7135582;
        // mean = 0.8149245
        assertEquals(0.815, value(Losses.binaryCrossentropy(false), BIN_PRED, BIN_TRUE), DOCS);
        assertEquals(0.8149245, value(Losses.binaryCrossentropy(false), BIN_PRED, BIN_TRUE), FLOAT);
    }

    @Test
    void binaryCrossentropyKerasDocsSampleWeights() {
        // tf.keras docs: same data, sample_weight=[1, 0] → 0.458 = 0.9162907 / 2
        Tensor w = Tensor.vector(1, 0);
        assertEquals(0.458, Losses.binaryCrossentropy(false).compute(BIN_PRED, BIN_TRUE, w).item(), DOCS);
    }

    @Test
    void binaryCrossentropyFromLogitsKerasDocsExample() {
        // Keras API docs: y_true=[[0,1],[0,0]], logits [[-18.6, 0.51],[2.94, -12.8]], from_logits → 0.865
        // by hand with softplus(x) − x·t: [8.4e-9, 0.4703143, 2.9915283, 2.76e-6]; (0.2351572 + 1.4957655)/2 = 0.8654614
        Tensor x = t(new float[] {-18.6f, 0.51f, 2.94f, -12.8f}, 2, 2);
        assertEquals(0.865, value(Losses.binaryCrossentropy(true), x, BIN_TRUE), DOCS);
        assertEquals(0.8654614, value(Losses.binaryCrossentropy(true), x, BIN_TRUE), FLOAT);
    }

    @Test
    void binaryCrossentropyAcceptsBatchAgainstBatchByOne() {
        Tensor p = t(new float[] {0.8f, 0.4f}, 2, 1);
        // (−ln 0.8 − ln 0.6) / 2 = (0.2231436 + 0.5108256) / 2 = 0.3669846
        assertEquals(0.3669846, value(Losses.binaryCrossentropy(false), p, Tensor.vector(1, 0)), FLOAT);
        assertEquals(0.3669846, value(Losses.binaryCrossentropy(false), p.reshape(2), t(new float[] {1, 0}, 2, 1)), FLOAT);
    }

    // ------------------------------------------------------------------ regression

    @Test
    void meanSquaredErrorKerasDocsExample() {
        // Keras API docs, MeanSquaredError: y_true=[[0,1],[0,0]], y_pred=[[1,1],[1,0]] → 0.5
        // by hand: sample 1 (1 + 0)/2, sample 2 (1 + 0)/2; mean 0.5. sample_weight=[0.7, 0.3] → (0.35 + 0.15)/2 = 0.25
        Tensor p = t(new float[] {1, 1, 1, 0}, 2, 2);
        assertEquals(0.5, value(Losses.meanSquaredError(), p, BIN_TRUE), FLOAT);
        assertEquals(0.25, Losses.meanSquaredError().compute(p, BIN_TRUE, Tensor.vector(0.7f, 0.3f)).item(), FLOAT);
    }

    @Test
    void meanAbsoluteErrorKerasDocsExample() {
        // Keras API docs, MeanAbsoluteError: the same data → 0.5; sample_weight=[0.7, 0.3] → 0.25
        Tensor p = t(new float[] {1, 1, 1, 0}, 2, 2);
        assertEquals(0.5, value(Losses.meanAbsoluteError(), p, BIN_TRUE), FLOAT);
        assertEquals(0.25, Losses.meanAbsoluteError().compute(p, BIN_TRUE, Tensor.vector(0.7f, 0.3f)).item(), FLOAT);
    }

    @Test
    void huberKerasDocsExample() {
        // Keras API docs, Huber: y_true=[[0,1],[0,0]], y_pred=[[.6,.4],[.4,.6]] → 0.155
        // (the Huber example uses these predictions, not MSE's). by hand, δ = 1, all |e| ≤ 1:
        // sample 1 (½·0.36 + ½·0.36)/2 = 0.18, sample 2 (½·0.16 + ½·0.36)/2 = 0.13; mean 0.155.
        // sample_weight=[1, 0] → 0.18/2 = 0.09
        assertEquals(0.155, value(Losses.huber(1f), BIN_PRED, BIN_TRUE), FLOAT);
        assertEquals(0.09, Losses.huber(1f).compute(BIN_PRED, BIN_TRUE, Tensor.vector(1, 0)).item(), FLOAT);
    }

    @Test
    void huberIsLinearBeyondDelta() {
        // δ = 2: e = 3 → 2·3 − ½·4 = 4; e = −1 → ½·1 = 0.5; mean 2.25
        Tensor p = t(new float[] {3, -1}, 1, 2);
        assertEquals(2.25, value(Losses.huber(2f), p, Tensor.zeros(1, 2)), FLOAT);
    }

    // ------------------------------------------------------------------ segmentation and focal

    @Test
    void softDiceByHand() {
        // sample 1: p = [[0.9, 0.1], [0.2, 0.8]], t = [[1, 0], [0, 1]]: Σpt = 1.7, Σp = 2, Σt = 2, s = 1
        //           l = 1 − (3.4 + 1)/(4 + 1) = 0.12
        // sample 2: empty mask predicted empty: 1 − (0 + 1)/(0 + 1) = 0
        // mean = 0.06
        Tensor p = t(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0, 0, 0, 0}, 2, 1, 2, 2);
        Tensor y = t(new float[] {1, 0, 0, 1, 0, 0, 0, 0}, 2, 1, 2, 2);
        assertEquals(0.06, value(Losses.softDice(1f), p, y), FLOAT);
    }

    @Test
    void focalKerasDocsExampleFromLogits() {
        // Keras API docs, BinaryFocalCrossentropy: y_true=[0,1,0,0], y_pred=[-18.6,0.51,2.94,-12.8], gamma=2,
        // from_logits → 0.691; with apply_class_balancing (alpha=0.25) → 0.51.
        // by hand: element 2 (t=1): p = σ(0.51) = 0.6248064, (1 − p)² = 0.1407704, BCE 0.4703143 → 0.0662068
        //          element 3 (t=0): p = σ(2.94) = 0.9497842, p² = 0.9020900, BCE 2.9915283 → 2.6986271
        //          elements 1, 4 ≈ 0; balanced: (0.25·0.0662068 + 0.75·2.6986271)/4 = 0.5101285
        Tensor x = Tensor.vector(-18.6f, 0.51f, 2.94f, -12.8f);
        Tensor y = Tensor.vector(0, 1, 0, 0);
        assertEquals(0.51, value(Losses.focal(2f, 0.25f, true), x, y), DOCS);
        assertEquals(0.5101285, value(Losses.focal(2f, 0.25f, true), x, y), FLOAT);
        // α = ½ halves the unbalanced Keras value 0.691: (0.0662068 + 2.6986271)/4/2 = 0.3456042
        assertEquals(0.3456042, value(Losses.focal(2f, 0.5f, true), x, y), FLOAT);
    }

    @Test
    void focalFromProbabilitiesByHand() {
        // t = 1, p = 0.9: 0.25·(0.1)²·(−ln 0.9) = 0.25·0.01·0.1053605 = 0.0002634
        // t = 0, p = 0.9: 0.75·(0.9)²·(−ln 0.1) = 0.75·0.81·2.3025851 = 1.3988205
        // mean over the batch of 2: 0.6995420
        Tensor p = t(new float[] {0.9f, 0.9f}, 2, 1);
        Tensor y = t(new float[] {1, 0}, 2, 1);
        assertEquals(0.6995420, value(Losses.focal(2f, 0.25f), p, y), FLOAT);
        // the same point given as logits ln 9 (σ(ln 9) = 0.9)
        Tensor x = t(new float[] {(float) Math.log(9), (float) Math.log(9)}, 2, 1);
        assertEquals(0.6995420, value(Losses.focal(2f, 0.25f, true), x, y), FLOAT);
    }

    @Test
    void focalWithGammaZeroIsWeightedCrossEntropy() {
        Tensor p = t(new float[] {0.3f, 0.8f, 0.6f, 0.1f}, 2, 2);
        Tensor y = t(new float[] {0, 1, 1, 0}, 2, 2);
        float bce = value(Losses.binaryCrossentropy(false), p, y);
        assertEquals(bce / 2, value(Losses.focal(0f, 0.5f), p, y), FLOAT);
    }

    // ------------------------------------------------------------------ class weights

    @Test
    void classWeightsWeightEachSampleByItsTrueClass() {
        // weights [1, 2, 3]; true classes 1 and 2: (2·0.0512933 + 3·2.3025851)/2 = 3.5051710
        float[] weights = {1, 2, 3};
        Loss sparse = Losses.withClassWeights(Losses.sparseCategoricalCrossentropy(false), weights);
        Loss dense = Losses.withClassWeights(Losses.categoricalCrossentropy(), weights);
        assertEquals(3.5051710, value(sparse, CCE_PRED, Tensor.vector(1, 2)), FLOAT);
        assertEquals(3.5051710, value(dense, CCE_PRED, CCE_TRUE), FLOAT);
        assertEquals("sparse_categorical_crossentropy", sparse.name());
    }

    @Test
    void classWeightsForBinaryLabelsTimesSampleWeights() {
        // p = [0.8, 0.4], t = [1, 0], class weights [1, 5]: (5·0.2231436 + 1·0.5108256)/2 = 0.8132718
        // with sample weights [0.5, 2]: (2.5·0.2231436 + 2·0.5108256)/2 = 0.7897551
        Tensor p = t(new float[] {0.8f, 0.4f}, 2, 1);
        Tensor y = t(new float[] {1, 0}, 2, 1);
        Loss loss = Losses.withClassWeights(Losses.binaryCrossentropy(false), new float[] {1, 5});
        assertEquals(0.8132718, value(loss, p, y), FLOAT);
        assertEquals(0.7897551, loss.compute(p, y, Tensor.vector(0.5f, 2f)).item(), FLOAT);
    }

    @Test
    void perSampleGivesTheUnreducedLosses() {
        PerSampleLoss loss = (PerSampleLoss) Losses.categoricalCrossentropy();
        float[] each = loss.perSample(CCE_PRED, CCE_TRUE).toArray();
        assertEquals(0.0512933, each[0], FLOAT);
        assertEquals(2.3025851, each[1], FLOAT);
    }
}

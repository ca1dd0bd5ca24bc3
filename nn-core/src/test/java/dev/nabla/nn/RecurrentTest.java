package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.formula.RecurrentStep;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SimpleRNN, LSTM and GRU: the formulas, Keras semantics, masking, states, streaming and gradients. */
class RecurrentTest {
    private static final Random RNG = new Random(7);

    // ------------------------------------------------------------------ the formulas

    @Test
    void simpleRnnEqualsTheFormulaReferenceUnrolledStepByStep() {
        int batch = 2, time = 5, in = 3, units = 4;
        SimpleRNN rnn = new SimpleRNN(units).returnSequences(true);
        rnn.seed(11).build(time, in);
        Tensor x = Tensor.randn(new Random(1), batch, time, in);
        Tensor y = rnn.call(x);
        double[][] wOps = matrix(rnn.kernel);
        double[][] rOps = matrix(rnn.recurrentKernel);
        double[] b = doubles(rnn.bias.toArray());
        // The reference takes the column-vector matrices W = W_opsᵀ, R = R_opsᵀ.
        double[][] w = RecurrentStep.transpose(wOps);
        double[][] r = RecurrentStep.transpose(rOps);
        for (int s = 0; s < batch; s++) {
            double[][] xs = new double[time][in];
            for (int t = 0; t < time; t++) {
                for (int v = 0; v < in; v++) {
                    xs[t][v] = x.get(s, t, v);
                }
            }
            double[][] h = RecurrentStep.unroll(w, r, b, xs, new double[units]);
            for (int t = 0; t < time; t++) {
                for (int u = 0; u < units; u++) {
                    assertEquals(h[t][u], y.get(s, t, u), 1e-5, "sample " + s + " step " + t + " unit " + u);
                }
            }
        }
    }

    /**
     * One unit, one feature, weights in Keras's layout (gates i, f, c, o). Expected values worked out by
     * hand from the LSTM equations in {@link LSTM}'s Javadoc (Keras's {@code LSTMCell.call}); step 1:
     * z = [0.5, 0.5, 1, −0.25], i = f = σ(0.5) = 0.622459, g = tanh 1 = 0.761594, o = σ(−0.25) = 0.437823,
     * c₁ = 0.622459·0.761594 = 0.474061, h₁ = 0.437823·tanh(0.474061) = 0.193288.
     */
    @Test
    void lstmFollowsKerasGateOrderAndEquations() {
        LSTM lstm = new LSTM(1).returnSequences(true);
        lstm.setWeights(Tensor.of(new float[] {0.5f, -0.5f, 1f, 0.25f}, 1, 4),
                Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 1, 4),
                Tensor.vector(0f, 1f, 0f, -0.5f));
        Recurrent.Result r = lstm.callWithState(Tensor.of(new float[] {1f, 2f}, 1, 2, 1), null, null);
        assertEquals(0.193288127, r.output().get(0, 0, 0), 1e-6);
        assertEquals(0.384856283, r.output().get(0, 1, 0), 1e-6);
        assertEquals(0.384856283, r.states().get(0).get(0, 0), 1e-6, "h");
        assertEquals(0.952867538, r.states().get(1).get(0, 0), 1e-6, "c");
    }

    /**
     * GRU, gates z, r, h, Keras layout. With reset_after (bias rows b_in, b_rec):
     * step 1 (x = 1, h = 0): z = σ(0.5+0.1+0) = 0.645656, r = σ(−1+0.2) = 0.310026,
     * ĥ = tanh(2 − 0.2 + r·0.3) = tanh(1.893008) = 0.955606, h₁ = (1 − z)·ĥ = 0.338623.
     * Without reset_after (one bias = b_in): ĥ = tanh(1.8) = 0.946806, z = σ(0.6), h₁ = 0.335495.
     */
    @Test
    void gruFollowsKerasSemanticsWithAndWithoutResetAfter() {
        Tensor kernel = Tensor.of(new float[] {0.5f, -1f, 2f}, 1, 3);
        Tensor recurrent = Tensor.of(new float[] {0.3f, 0.6f, -0.4f}, 1, 3);
        Tensor x = Tensor.of(new float[] {1f, -1f}, 1, 2, 1);
        GRU after = new GRU(1);
        after.returnSequences(true);
        after.setWeights(kernel, recurrent, Tensor.of(new float[] {0.1f, 0f, -0.2f, 0f, 0.2f, 0.3f}, 2, 3));
        Tensor ya = after.call(x);
        assertEquals(0.338623174, ya.get(0, 0, 0), 1e-6);
        assertEquals(-0.411750945, ya.get(0, 1, 0), 1e-6);

        GRU before = new GRU(1).resetAfter(false);
        before.returnSequences(true);
        before.setWeights(kernel, recurrent, Tensor.vector(0.1f, 0f, -0.2f));
        Tensor yb = before.call(x);
        assertEquals(0.335494740, yb.get(0, 0, 0), 1e-6);
        assertEquals(-0.420099616, yb.get(0, 1, 0), 1e-6);
    }

    @Test
    void lstmStartsWithAForgetBiasOfOneAndKerasShapes() {
        LSTM lstm = new LSTM(3);
        lstm.build(4, 2);
        assertArrayEquals(new int[] {2, 12}, lstm.kernel.shape());
        assertArrayEquals(new int[] {3, 12}, lstm.recurrentKernel.shape());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, lstm.bias.toArray());
        // Keras: LSTM(3) on 2 features has 4·(2·3 + 3·3 + 3) = 72 parameters; GRU(3) 3·(2·3 + 3·3 + 2·3) = 63; SimpleRNN(3) 2·3 + 3·3 + 3 = 18.
        assertEquals(72, lstm.countParams());
        assertEquals(63, new GRU(3).build(4, 2).countParams());
        assertEquals(18, new SimpleRNN(3).build(4, 2).countParams());
    }

    @Test
    void fusedSequenceKernelsEqualTheLiteralStepByStepLoop() {
        Tensor mask = Tensor.of(new float[] {1, 1, 1, 0, 0, 0, 1, 1, 1, 1}, 2, 5);
        for (Recurrent<?> layer : List.of(new LSTM(3).returnSequences(true), new GRU(3).returnSequences(true),
                new LSTM(2).goBackwards(true), new GRU(4).goBackwards(true).returnSequences(true))) {
            layer.seed(21).build(5, 3);
            Tensor x = Tensor.randn(new Random(22), 2, 5, 3).requiresGrad(true);
            List<Tensor> h0 = new ArrayList<>();
            for (int i = 0; i < (layer instanceof LSTM ? 2 : 1); i++) {
                h0.add(Tensor.randn(new Random(23 + i), 2, layer.units()));
            }
            for (Tensor m : java.util.Arrays.asList(null, mask)) {
                layer.fused(true);
                Recurrent.Result fast = layer.callWithState(x, m, h0);
                fast.output().sum().add(fast.states().get(fast.states().size() - 1).sum()).backward();
                float[] fastGrad = x.grad().toArray();
                float[] fastKernelGrad = layer.recurrentKernel.grad().toArray();
                x.zeroGrad();
                layer.recurrentKernel.zeroGrad();
                layer.fused(false);
                Recurrent.Result literal = layer.callWithState(x, m, h0);
                literal.output().sum().add(literal.states().get(literal.states().size() - 1).sum()).backward();
                String what = layer + (m == null ? "" : " masked");
                assertArrayEquals(literal.output().toArray(), fast.output().toArray(), 1e-5f, what);
                for (int i = 0; i < h0.size(); i++) {
                    assertArrayEquals(literal.states().get(i).toArray(), fast.states().get(i).toArray(), 1e-5f, what);
                }
                assertArrayEquals(x.grad().toArray(), fastGrad, 1e-5f, what + " input gradient");
                assertArrayEquals(layer.recurrentKernel.grad().toArray(), fastKernelGrad, 1e-5f, what + " R gradient");
                x.zeroGrad();
                layer.recurrentKernel.zeroGrad();
            }
            layer.fused(true);
        }
    }

    @Test
    void fusedOpsPassANumericalGradientCheck() {
        Random rng = new Random(24);
        Tensor mask = Tensor.of(new float[] {1, 1, 1, 0, 1, 1}, 3, 2);
        Tensor p = Tensor.randn(rng, 3, 2, 8).requiresGrad(true);
        Tensor r = Tensor.randn(rng, 2, 8).mul(0.5f).detach().requiresGrad(true);
        Tensor h0 = Tensor.randn(rng, 2, 2).requiresGrad(true);
        Tensor c0 = Tensor.randn(rng, 2, 2).requiresGrad(true);
        new GradCheck().assertGradients(in -> dev.nabla.ops.Ops.lstmSequence(in[0], in[1], in[2], in[3], mask),
                p, r, h0, c0);
        Tensor pg = Tensor.randn(rng, 3, 2, 6).requiresGrad(true);
        Tensor rg = Tensor.randn(rng, 2, 6).mul(0.5f).detach().requiresGrad(true);
        Tensor bg = Tensor.randn(rng, 6).requiresGrad(true);
        new GradCheck().assertGradients(in -> dev.nabla.ops.Ops.gruSequence(in[0], in[1], in[2], in[3], mask),
                pg, rg, bg, h0);
    }

    @Test
    void dropoutActsOnlyWhileTrainingAndTheFusedKernelHonoursTheRecurrentMask() {
        for (Recurrent<?> layer : List.of(new LSTM(3).returnSequences(true), new GRU(3).returnSequences(true),
                new SimpleRNN(3).returnSequences(true))) {
            layer.dropout(0.3).recurrentDropout(0.4);
            layer.seed(31).build(4, 3);
            Tensor x = Tensor.randn(new Random(32), 2, 4, 3).requiresGrad(true);
            Tensor inference = layer.call(x);
            layer.dropout(0).recurrentDropout(0);
            assertArrayEquals(layer.call(x).toArray(), inference.toArray(), layer.toString());
            layer.dropout(0.3).recurrentDropout(0.4);
            layer.setTraining(true);
            layer.seed(33);
            Tensor fast = layer.call(x);
            assertNotEquals(inference.get(0, 3, 0), fast.get(0, 3, 0), 1e-6f);
            fast.sum().backward();
            float[] fastGrad = x.grad().toArray();
            x.zeroGrad();
            layer.fused(false).seed(33);
            Tensor literal = layer.call(x); // the same masks: the generator restarts from the same seed
            literal.sum().backward();
            assertArrayEquals(literal.toArray(), fast.toArray(), 1e-5f, layer.toString());
            assertArrayEquals(x.grad().toArray(), fastGrad, 1e-5f, layer + " gradient");
            layer.fused(true);
            List<Tensor> inputs = new ArrayList<>(List.of(x));
            inputs.addAll(layer.trainableWeights());
            new GradCheck().assertGradients(in -> {
                layer.seed(34);
                return layer.call(in[0]);
            }, inputs.toArray(new Tensor[0]));
            layer.setTraining(false);
        }
        assertThrows(IllegalArgumentException.class, () -> new LSTM(2).recurrentDropout(1.0));
    }

    // ------------------------------------------------------------------ options

    @Test
    void goBackwardsReadsTheReversedSequenceAndReturnsOutputsInThatOrder() {
        SimpleRNN fwd = new SimpleRNN(3).returnSequences(true);
        fwd.seed(5).build(4, 2);
        SimpleRNN bwd = new SimpleRNN(3).returnSequences(true).goBackwards(true);
        bwd.seed(5).build(4, 2);
        Tensor x = Tensor.randn(new Random(2), 2, 4, 2);
        Tensor reversed = dev.nabla.ops.Ops.indexSelect(x, 1, 3, 2, 1, 0);
        assertArrayEquals(fwd.call(reversed).toArray(), bwd.call(x).toArray(), 1e-6f);
    }

    @Test
    void initialStatesAreUsedAndFinalStatesReturned() {
        LSTM lstm = new LSTM(3);
        lstm.seed(3).build(6, 2);
        Tensor x = Tensor.randn(new Random(4), 2, 6, 2);
        Recurrent.Result whole = lstm.callWithState(x, null, null);
        Recurrent.Result first = lstm.callWithState(x.slice(1, 0, 4), null, null);
        Recurrent.Result rest = lstm.callWithState(x.slice(1, 4, 6), null, first.states());
        assertArrayEquals(whole.output().toArray(), rest.output().toArray(), 1e-6f);
        assertArrayEquals(whole.states().get(1).toArray(), rest.states().get(1).toArray(), 1e-6f);
        assertArrayEquals(whole.output().toArray(), whole.states().get(0).toArray());
    }

    @Test
    void maskedStepsAreSkippedSoPaddingChangesNothing() {
        for (Recurrent<?> layer : List.of(new SimpleRNN(3), new LSTM(3), new GRU(3))) {
            layer.seed(9).build(5, 2);
            Tensor x = Tensor.randn(new Random(5), 1, 3, 2);
            Tensor expected = layer.call(x);
            // The same sequence padded after (post) and before (pre) with two zero steps.
            Tensor post = dev.nabla.ops.Ops.concat(1, x, Tensor.zeros(1, 2, 2));
            Tensor pre = dev.nabla.ops.Ops.concat(1, Tensor.zeros(1, 2, 2), x);
            Tensor mask = Tensor.of(new float[] {1, 1, 1, 0, 0}, 1, 5);
            assertArrayEquals(expected.toArray(), layer.call(post, mask).toArray(), 1e-6f, layer.toString());
            assertNotEquals(expected.get(0, 0), layer.call(post).get(0, 0), 1e-6f);
            layer.maskValue(0f);
            assertArrayEquals(expected.toArray(), layer.call(pre).toArray(), 1e-6f, layer.toString());
            layer.maskValue(null);
        }
    }

    @Test
    void aMaskingLayerInASequentialMasksEveryRecurrentLayerAfterIt() {
        Sequential model = new Sequential(new Masking(), new LSTM(4).returnSequences(true), new LSTM(3),
                new Dense(2));
        model.seed(1).build(5, 2);
        Sequential plain = new Sequential(new LSTM(4).returnSequences(true), new LSTM(3), new Dense(2));
        plain.seed(1).build(3, 2);
        copyWeights(model, plain);
        Tensor x = Tensor.randn(new Random(6), 2, 3, 2);
        Tensor padded = dev.nabla.ops.Ops.concat(1, x, Tensor.zeros(2, 2, 2));
        assertArrayEquals(plain.call(x).toArray(), model.call(padded).toArray(), 1e-6f);
    }

    @Test
    void bidirectionalConcatenatesBothDirectionsInTimeOrder() {
        LSTM inner = new LSTM(3).returnSequences(true);
        Bidirectional bi = new Bidirectional(inner);
        bi.seed(2).build(4, 2);
        Tensor x = Tensor.randn(new Random(8), 2, 4, 2);
        Tensor y = bi.call(x);
        assertArrayEquals(new int[] {2, 4, 6}, y.shape());
        Tensor f = bi.forwardLayer().call(x);
        Tensor b = bi.backwardLayer().call(x); // outputs in reading order: b[:, k] is time 3 − k
        for (int t = 0; t < 4; t++) {
            for (int u = 0; u < 3; u++) {
                assertEquals(f.get(1, t, u), y.get(1, t, u), 1e-6);
                assertEquals(b.get(1, 3 - t, u), y.get(1, t, 3 + u), 1e-6);
            }
        }
        assertTrue(bi.namedWeights().containsKey(inner.name() + "/kernel"), bi.namedWeights().keySet().toString());
        assertTrue(inner.name().startsWith("forward_lstm"), inner.name());
        assertNotEquals(bi.forwardLayer().kernel.get(0, 0), bi.backwardLayer().kernel.get(0, 0));
    }

    @Test
    void timeDistributedAppliesOneLayerToEveryStep() {
        Dense dense = new Dense(3);
        TimeDistributed td = new TimeDistributed(dense);
        td.build(4, 2);
        Tensor x = Tensor.randn(new Random(3), 2, 4, 2);
        Tensor y = td.call(x);
        assertArrayEquals(new int[] {2, 4, 3}, y.shape());
        Tensor step2 = dense.call(x.slice(1, 2, 3).reshape(2, 2));
        assertArrayEquals(step2.toArray(), y.slice(1, 2, 3).contiguous().toArray(), 1e-6f);
    }

    @Test
    void streamingOneStepAtATimeEqualsTheWholeSequence() {
        Sequential model = new Sequential(new LSTM(4).returnSequences(true), new GRU(3), new Dense(2));
        model.seed(4).build(6, 2);
        Tensor x = Tensor.randn(new Random(9), 2, 6, 2);
        SequenceStream stream = model.stream();
        for (int t = 0; t < 6; t++) {
            Tensor out = stream.step(x.slice(1, t, t + 1).reshape(2, 2));
            Tensor prefix = model.call(x.slice(1, 0, t + 1));
            assertArrayEquals(prefix.toArray(), out.toArray(), 1e-5f, "after step " + t);
        }
        stream.reset();
        assertArrayEquals(model.call(x.slice(1, 0, 1)).toArray(), stream.step(x.slice(1, 0, 1).reshape(2, 2)).toArray(),
                1e-6f);
        assertThrows(IllegalStateException.class, () -> new Sequential(new Bidirectional(new LSTM(2))).stream());
    }

    @Test
    void aRecurrentModelSavesAndLoadsBitExactly(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(new Bidirectional(new GRU(3).returnSequences(true)),
                new TimeDistributed(new Dense(2)), new SimpleRNN(2), new Dense(1));
        model.seed(6).build(5, 3);
        Path file = dir.resolve("rnn.nabla");
        model.save(file);
        Model loaded = Model.load(file, false);
        Tensor x = Tensor.randn(new Random(10), 2, 5, 3);
        assertArrayEquals(model.call(x).toArray(), loaded.call(x).toArray());
        assertEquals(model.namedWeights().keySet(), loaded.namedWeights().keySet());
    }

    // ------------------------------------------------------------------ gradients

    @Test
    void gradientsFlowThroughTimeForEveryCell() {
        List<Recurrent<?>> layers = List.of(new SimpleRNN(3).returnSequences(true), new LSTM(2),
                new LSTM(2).returnSequences(true).goBackwards(true), new GRU(2).returnSequences(true),
                new GRU(3).resetAfter(false));
        for (Recurrent<?> layer : layers) {
            layer.seed(12).build(4, 3);
            Tensor x = Tensor.randn(new Random(13), 2, 4, 3).requiresGrad(true);
            List<Tensor> inputs = new ArrayList<>(List.of(x));
            inputs.addAll(layer.trainableWeights());
            new GradCheck().assertGradients(in -> layer.call(in[0]), inputs.toArray(new Tensor[0]));
        }
    }

    @Test
    void gradientsWithAMaskAndInitialStates() {
        LSTM lstm = new LSTM(2).returnSequences(true);
        lstm.seed(14).build(4, 2);
        Tensor x = Tensor.randn(new Random(15), 2, 4, 2).requiresGrad(true);
        Tensor h0 = Tensor.randn(new Random(16), 2, 2).requiresGrad(true);
        Tensor c0 = Tensor.randn(new Random(17), 2, 2).requiresGrad(true);
        Tensor mask = Tensor.of(new float[] {1, 1, 0, 0, 1, 1, 1, 1}, 2, 4);
        List<Tensor> inputs = new ArrayList<>(List.of(x, h0, c0));
        inputs.addAll(lstm.trainableWeights());
        new GradCheck().assertGradients(in -> lstm.callWithState(in[0], mask, List.of(in[1], in[2])).output(),
                inputs.toArray(new Tensor[0]));
        // Masked steps get no gradient from their input.
        Tensor loss = lstm.callWithState(x, mask, List.of(h0, c0)).output().sum();
        x.zeroGrad();
        loss.backward();
        assertEquals(0f, x.grad().get(0, 2, 0));
        assertEquals(0f, x.grad().get(0, 3, 1));
        assertNotEquals(0f, x.grad().get(1, 3, 1));
    }

    @Test
    void gradientsThroughBidirectionalAndTimeDistributed() {
        Sequential model = new Sequential(new Bidirectional(new GRU(2).returnSequences(true), Bidirectional.MergeMode.SUM),
                new TimeDistributed(new Dense(2)));
        model.seed(18).build(3, 2);
        Tensor x = Tensor.randn(new Random(19), 2, 3, 2).requiresGrad(true);
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        inputs.addAll(model.trainableWeights());
        new GradCheck().assertGradients(in -> model.call(in[0]), inputs.toArray(new Tensor[0]));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void badInputsGiveClearErrors() {
        LSTM lstm = new LSTM(3);
        lstm.build(4, 2);
        var rank = assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensor.zeros(2, 4)));
        assertTrue(rank.getMessage().contains("expects inputs (batch, time, 2), got shape [2, 4]"), rank.getMessage());
        var features = assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensor.zeros(2, 4, 5)));
        assertTrue(features.getMessage().contains("(batch, time, 2)"), features.getMessage());
        var state = assertThrows(IllegalArgumentException.class,
                () -> lstm.callWithState(Tensor.zeros(2, 4, 2), null, List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4))));
        assertTrue(state.getMessage().contains("initial state 1 must have shape (2, 3)"), state.getMessage());
        var count = assertThrows(IllegalArgumentException.class,
                () -> lstm.callWithState(Tensor.zeros(2, 4, 2), null, List.of(Tensor.zeros(2, 3))));
        assertTrue(count.getMessage().contains("expects 2 initial state tensor(s) [h, c]"), count.getMessage());
        var mask = assertThrows(IllegalArgumentException.class, () -> lstm.call(Tensor.zeros(2, 4, 2), Tensor.ones(2, 3)));
        assertTrue(mask.getMessage().contains("mask must have shape (2, 4)"), mask.getMessage());
        var weights = assertThrows(IllegalArgumentException.class,
                () -> new LSTM(3).setWeights(Tensor.zeros(2, 12), Tensor.zeros(3, 9), Tensor.zeros(12)));
        assertTrue(weights.getMessage().contains("recurrent_kernel must have shape [3, 12] (Keras layout, gates i, f, c, o), got [3, 9]"), weights.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GRU(0));
    }

    // ------------------------------------------------------------------ helpers

    private static void copyWeights(Layer from, Layer to) {
        List<Tensor> src = new ArrayList<>(from.namedWeights().values());
        List<Tensor> dst = new ArrayList<>(to.namedWeights().values());
        assertEquals(src.size(), dst.size());
        for (int i = 0; i < src.size(); i++) {
            System.arraycopy(src.get(i).toArray(), 0, dst.get(i).storage(), dst.get(i).offset(), src.get(i).numel());
        }
    }

    private static double[][] matrix(Tensor t) {
        double[][] m = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                m[i][j] = t.get(i, j);
            }
        }
        return m;
    }

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}

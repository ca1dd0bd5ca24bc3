package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fast LSTM path ({@code Ops.lstmSequence}: per-step GEMM into the gate buffer, fused gate passes split
 * over the thread pool, hand-written backpropagation through time with {@code dR} as one GEMM; and the
 * layer's whole-sequence input projection) against the literal op-by-op autograd formula
 * <pre>
 *   z = x_t·W + b + (h_{t−1}∘d)·R     i, f, o = σ(z_i), σ(z_f), σ(z_o)    g = tanh(z_c)
 *   c_t = f∘c_{t−1} + i∘g             h_t = o∘tanh(c_t)    (h, c kept where the mask is 0)
 * </pre>
 * built here from {@code matmul}, {@code split}, {@code sigmoid}, {@code tanh}, {@code mul} and {@code add}:
 * forward values and every gradient, on random shapes including batch 1, one unit, odd sizes, masks and
 * recurrent dropout, and one shape large enough that the gate passes and GEMMs are split over threads.
 */
class LstmFastPathTest {
    /** time, batch, features, units, masked (0/1), recurrent dropout (0/1). */
    private static final int[][] SHAPES = {
        {1, 1, 1, 1, 0, 0}, {4, 1, 3, 5, 1, 0}, {7, 3, 5, 7, 1, 1}, {5, 2, 6, 13, 0, 1},
        {9, 5, 2, 3, 1, 0}, {3, 41, 5, 67, 1, 1}, // 41·67 rows·units: the passes and the GEMMs go parallel
    };

    @Test
    void opMatchesTheOpByOpFormulaOnRandomShapes() {
        Random rng = new Random(601);
        for (int[] s : SHAPES) {
            int time = s[0];
            int batch = s[1];
            int u = s[3];
            String what = "T=" + time + " B=" + batch + " u=" + u + (s[4] == 1 ? " masked" : "")
                    + (s[5] == 1 ? " dropout" : "");
            Tensor mask = s[4] == 1 ? randomMask(rng, time, batch) : null;
            Tensor drop = s[5] == 1 ? dropMask(rng, batch, u) : null;
            Tensor weights = Tensor.randn(rng, time, batch, 2 * u); // a random upstream gradient
            Tensor[] fast = leaves(rng, time, batch, u);
            Tensor[] ref = copies(fast);

            Tensor yFast = Ops.lstmSequence(fast[0], fast[1], fast[2], fast[3], mask, drop);
            yFast.mul(weights).sum().backward();
            Tensor yRef = reference(ref[0], ref[1], ref[2], ref[3], mask, drop);
            yRef.mul(weights).sum().backward();

            assertArrayEquals(new int[] {time, batch, 2 * u}, yFast.shape(), what);
            assertArrayEquals(yRef.toArray(), yFast.toArray(), 2e-5f, what + ": outputs [h | c]");
            String[] names = {"p", "R", "h0", "c0"};
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(ref[i].grad().toArray(), fast[i].grad().toArray(), 5e-5f * scale(ref[i].grad()),
                        what + ": gradient of " + names[i]);
            }
        }
    }

    @Test
    void layerMatchesTheOpByOpFormulaIncludingTheInputProjection() {
        Random rng = new Random(602);
        for (int[] s : java.util.Arrays.copyOf(SHAPES, SHAPES.length - 1)) { // the op test covers the large one
            int time = s[0];
            int batch = s[1];
            int features = s[2];
            int u = s[3];
            String what = "T=" + time + " B=" + batch + " in=" + features + " u=" + u + (s[4] == 1 ? " masked" : "");
            LSTM layer = new LSTM(u).returnSequences(true);
            layer.seed(7 + u).build(time, features);
            Tensor x = Tensor.randn(rng, batch, time, features).requiresGrad(true);
            Tensor mask = s[4] == 1 ? randomMask(rng, time, batch).transpose(0, 1).contiguous() : null; // (B, T)
            List<Tensor> h0 = List.of(Tensor.randn(rng, batch, u), Tensor.randn(rng, batch, u));
            Tensor weights = Tensor.randn(rng, batch, time, u);

            Recurrent.Result fast = layer.callWithState(x, mask, h0);
            fast.output().mul(weights).sum().add(fast.states().get(1).sum()).backward();
            float[] dx = x.grad().toArray();
            float[][] dWeights = new float[3][];
            Tensor[] params = {layer.kernel, layer.recurrentKernel, layer.bias};
            for (int i = 0; i < 3; i++) {
                dWeights[i] = params[i].grad().toArray();
            }

            Tensor xr = x.detach().requiresGrad(true);
            Tensor[] pr = {params[0].detach().requiresGrad(true), params[1].detach().requiresGrad(true),
                params[2].detach().requiresGrad(true)};
            Tensor h = h0.get(0);
            Tensor c = h0.get(1);
            Tensor[] outputs = new Tensor[time];
            for (int t = 0; t < time; t++) { // the projection step by step: x_t·W + b
                Tensor xt = xr.slice(1, t, t + 1).reshape(batch, features);
                Tensor m = mask == null ? null : mask.slice(1, t, t + 1).reshape(batch, 1);
                Tensor[] next = cell(xt.matmul(pr[0]).add(pr[2]), h, c, pr[1], null, m);
                h = next[0];
                c = next[1];
                outputs[t] = h;
            }
            Tensor yRef = Ops.stack(1, outputs);
            yRef.mul(weights).sum().add(c.sum()).backward();

            assertArrayEquals(yRef.toArray(), fast.output().toArray(), 2e-5f, what + ": outputs");
            assertArrayEquals(c.toArray(), fast.states().get(1).toArray(), 2e-5f, what + ": final c");
            assertArrayEquals(xr.grad().toArray(), dx, 5e-5f * scale(xr.grad()), what + ": input gradient");
            String[] names = {"kernel", "recurrent kernel", "bias"};
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pr[i].grad().toArray(), dWeights[i], 5e-5f * scale(pr[i].grad()),
                        what + ": gradient of the " + names[i]);
            }
        }
    }

    @Test
    void fastOpPassesANumericalGradientCheckWithBatchOneOddUnitsMaskAndDropout() {
        Random rng = new Random(603);
        GradCheck check = new GradCheck();
        for (int[] s : new int[][] {{3, 1, 0, 3}, {4, 3, 1, 5}}) {
            int time = s[0];
            int batch = s[1];
            int u = s[3];
            Tensor mask = s[2] == 1 ? Tensor.of(new float[] {1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0}, time, batch) : null;
            Tensor drop = s[2] == 1 ? dropMask(rng, batch, u) : null;
            Tensor p = Tensor.randn(rng, time, batch, 4 * u).requiresGrad(true);
            Tensor r = Tensor.randn(rng, u, 4 * u).mul(0.5f).detach().requiresGrad(true);
            Tensor h0 = Tensor.randn(rng, batch, u).requiresGrad(true);
            Tensor c0 = Tensor.randn(rng, batch, u).requiresGrad(true);
            check.assertGradients(in -> Ops.lstmSequence(in[0], in[1], in[2], in[3], mask, drop), p, r, h0, c0);
        }
    }

    @Test
    void gruFastOpMatchesTheLiteralLoopOnOddShapesWithBatchOne() {
        Random rng = new Random(604);
        for (int[] s : new int[][] {{1, 1, 1, 1}, {6, 1, 3, 5}, {4, 3, 2, 7}, {2, 9, 4, 33}, {3, 23, 4, 45}}) { // the last: batch split over threads
            GRU layer = new GRU(s[3]).returnSequences(true);
            layer.seed(11).build(s[0], s[2]);
            Tensor x = Tensor.randn(rng, s[1], s[0], s[2]).requiresGrad(true);
            Tensor mask = s[0] > 1 ? randomMask(rng, s[0], s[1]).transpose(0, 1).contiguous() : null;
            layer.fused(true);
            Tensor fast = layer.call(x, mask);
            fast.sum().backward();
            float[] dx = x.grad().toArray();
            float[] dR = layer.recurrentKernel.grad().toArray();
            float[] dB = layer.bias.grad().toArray();
            x.zeroGrad();
            layer.recurrentKernel.zeroGrad();
            layer.bias.zeroGrad();
            layer.fused(false);
            Tensor literal = layer.call(x, mask);
            literal.sum().backward();
            String what = "GRU " + java.util.Arrays.toString(s);
            assertArrayEquals(literal.toArray(), fast.toArray(), 2e-5f, what);
            assertArrayEquals(x.grad().toArray(), dx, 5e-5f * scale(x.grad()), what + " input gradient");
            assertArrayEquals(layer.recurrentKernel.grad().toArray(), dR, 5e-5f * scale(layer.recurrentKernel.grad()),
                    what + " R gradient");
            assertArrayEquals(layer.bias.grad().toArray(), dB, 5e-5f * scale(layer.bias.grad()), what + " bias gradient");
        }
    }

    @Test
    void sumOverLeadingAxesEqualsTheGeneralPathToTheBit() {
        Random rng = new Random(605);
        Tensor x = Tensor.randn(rng, 7, 5, 3);
        Tensor fast = Ops.sum(x, new int[] {0, 1}, false);            // contiguous, leading axes: column sums
        Tensor general = Ops.sum(x.permute(2, 0, 1), new int[] {1, 2}, false); // a strided view: gather first
        assertArrayEquals(general.toArray(), fast.toArray(), 0f);
        float[] d = x.toArray();
        for (int j = 0; j < 3; j++) { // and both are the plain double-accumulated column sum
            double acc = 0;
            for (int row = 0; row < 35; row++) {
                acc += d[row * 3 + j];
            }
            assertEquals((float) acc, fast.toArray()[j], 0f);
        }
        Tensor kept = Ops.sum(x, new int[] {0}, true);
        assertArrayEquals(new int[] {1, 5, 3}, kept.shape());
        assertArrayEquals(Ops.sum(x.permute(1, 2, 0), new int[] {2}, false).toArray(), kept.toArray(), 0f);
    }

    // ------------------------------------------------------------------ the op-by-op reference

    /** The literal loop over {@code p (T, B, 4u)}: returns {@code (T, B, 2u)} = [h_t | c_t] for every step. */
    private static Tensor reference(Tensor p, Tensor r, Tensor h0, Tensor c0, Tensor mask, Tensor drop) {
        int time = p.size(0);
        int batch = p.size(1);
        Tensor h = h0;
        Tensor c = c0;
        List<Tensor> steps = new ArrayList<>();
        for (int t = 0; t < time; t++) {
            Tensor pt = p.slice(0, t, t + 1).reshape(batch, p.size(2));
            Tensor m = mask == null ? null : mask.slice(0, t, t + 1).reshape(batch, 1);
            Tensor[] next = cell(pt, h, c, r, drop, m);
            h = next[0];
            c = next[1];
            steps.add(Ops.concat(1, h, c));
        }
        return Ops.stack(0, steps.toArray(new Tensor[0]));
    }

    /** One step from the projection {@code pt}: {@code [h_t, c_t]}, kept at the old values where {@code m} is 0. */
    private static Tensor[] cell(Tensor pt, Tensor h, Tensor c, Tensor r, Tensor drop, Tensor m) {
        int u = h.size(1);
        Tensor z = pt.add((drop == null ? h : h.mul(drop)).matmul(r));
        List<Tensor> parts = Ops.split(z, 1, u, u, u, u);
        Tensor i = Ops.sigmoid(parts.get(0));
        Tensor f = Ops.sigmoid(parts.get(1));
        Tensor g = Ops.tanh(parts.get(2));
        Tensor o = Ops.sigmoid(parts.get(3));
        Tensor cNew = f.mul(c).add(i.mul(g));
        Tensor hNew = o.mul(Ops.tanh(cNew));
        if (m != null) {
            hNew = h.add(hNew.sub(h).mul(m));
            cNew = c.add(cNew.sub(c).mul(m));
        }
        return new Tensor[] {hNew, cNew};
    }

    private static Tensor[] leaves(Random rng, int time, int batch, int u) {
        return new Tensor[] {Tensor.randn(rng, time, batch, 4 * u).requiresGrad(true),
            Tensor.randn(rng, u, 4 * u).mul(0.4f).detach().requiresGrad(true),
            Tensor.randn(rng, batch, u).requiresGrad(true), Tensor.randn(rng, batch, u).requiresGrad(true)};
    }

    private static Tensor[] copies(Tensor[] xs) {
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i].detach().contiguous().requiresGrad(true);
        }
        return out;
    }

    /** 0/1 of shape (time, batch) with about one step in four masked. */
    private static Tensor randomMask(Random rng, int time, int batch) {
        float[] m = new float[time * batch];
        for (int k = 0; k < m.length; k++) {
            m[k] = rng.nextInt(4) == 0 ? 0f : 1f;
        }
        return Tensor.of(m, time, batch);
    }

    /** A recurrent dropout mask (batch, u): 0 or 1/(1 − 0.3). */
    private static Tensor dropMask(Random rng, int batch, int u) {
        float[] d = new float[batch * u];
        for (int k = 0; k < d.length; k++) {
            d[k] = rng.nextFloat() < 0.3f ? 0f : 1f / 0.7f;
        }
        return Tensor.of(d, batch, u);
    }

    /** max(1, max |v|): gradients grow with the sequence, so tolerances scale with them. */
    private static float scale(Tensor t) {
        float s = 1f;
        for (float v : t.toArray()) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }
}

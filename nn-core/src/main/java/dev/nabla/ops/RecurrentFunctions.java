package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.backend.Gemm;
import dev.nabla.backend.Parallel;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.BufferPool;
import dev.nabla.tensor.Tensor;

/**
 * Whole-sequence LSTM and GRU loops as single differentiable ops: the forward pass runs every time
 * step with fused gate arithmetic and keeps the gates; the backward pass is backpropagation through
 * time written out by hand, with the recurrent-kernel gradient as one matrix product over all steps.
 * They compute exactly what the step-by-step formulas in {@code dev.nabla.nn.LSTM} and
 * {@code dev.nabla.nn.GRU} compute (tests compare the two), with far fewer graph nodes.
 *
 * <p>Layout: time-major. {@code p (T, B, k·u)} is the input projection {@code x_t·W + b} of every
 * step; {@code mask (T, B)} holds 1 for a real step and 0 for padding (the state is carried over).
 */
final class RecurrentFunctions {
    private RecurrentFunctions() {
    }

    static float sigmoid(float v) {
        return UnaryOp.sigmoid(v);
    }

    static float tanh(float v) {
        return UnaryOp.tanh(v);
    }

    /**
     * LSTM over a sequence: inputs {@code p (T, B, 4u)}, {@code R (u, 4u)}, {@code h0 (B, u)},
     * {@code c0 (B, u)}, optional {@code mask (T, B)}; output {@code (T, B, 2u)} holding
     * {@code [h_t | c_t]} for every step.
     *
     * <p>Forward, per step: {@code z_t} starts as a copy of {@code p_t} in the gate buffer and
     * {@code h_{t−1}·R} is added to it by one {@link Gemm} call; one pass then turns {@code z_t} into the
     * gates in place and updates {@code c} and {@code h}. Backward, per step: one pass writes
     * {@code dZ_t} straight into {@code dP} and one GEMM gives {@code dZ_t·Rᵀ}; after the loop
     * {@code dR = H_prevᵀ · dZ} is one GEMM over all {@code T·B} rows. No array is allocated inside either
     * loop; every buffer comes from the step pool ({@link BufferPool#zeros}).
     */
    static final class LstmSequence extends Function {
        /** Rough cost of one batch row of a gate pass per unit (four transcendental functions), for splitting. */
        private static final long WORK_PER_UNIT = 80;
        private int steps;
        private int batch;
        private int units;
        private Tensor r;          // (u, 4u), contiguous
        private float[] gates;     // (T, B, 4u) after activation: i, f, g, o
        private float[] tanhCell;  // (T, B, u): tanh of the new (unmasked) cell
        private float[] hidden;    // (T+1, B, u): h_0 … h_T after masking
        private float[] cell;      // (T+1, B, u)
        private float[] mask;      // (T, B) or null
        private float[] dropMask;  // (B, u) recurrent dropout mask (already scaled) or null
        private Tensor[] kept;     // the pooled tensors behind gates, tanhCell, hidden, cell
        // State of the loop in progress, read by the row passes (which may run on the Parallel pool).
        private int step;
        private float[] out;       // forward: (T, B, 2u)
        private float[] g;         // backward: the incoming gradient (T, B, 2u) at g0
        private int g0;
        private float[] dP;        // backward: (T, B, 4u)
        private float[] dh;        // backward: dL/dh_t arriving from later steps
        private float[] dhNext;    // backward: the direct part of dL/dh_{t−1}
        private float[] dc;        // backward: dL/dc, updated in place

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor p = in[0].contiguous();
            r = in[1].contiguous();
            dropMask = in.length > 5 && in[5] != null ? in[5].contiguous().toArray() : null;
            steps = p.size(0);
            batch = p.size(1);
            units = r.size(0);
            int u = units;
            int bu = batch * u;
            int width = 4 * u;
            int rows = batch * width; // floats per step of p and of the gates
            mask = in[4] == null ? null : in[4].contiguous().toArray();
            kept = new Tensor[] {BufferPool.zeros(steps, batch, width), BufferPool.zeros(steps, batch, u),
                BufferPool.zeros(steps + 1, batch, u), BufferPool.zeros(steps + 1, batch, u)};
            gates = kept[0].storage();
            tanhCell = kept[1].storage();
            hidden = kept[2].storage();
            cell = kept[3].storage();
            copyInto(in[2], hidden);
            copyInto(in[3], cell);
            Tensor result = BufferPool.zeros(steps, batch, 2 * u);
            out = result.storage();
            float[] pd = p.storage();
            int p0 = p.offset();
            float[] rd = r.storage();
            int r0 = r.offset();
            float[] hDropped = dropMask == null ? null : BufferPool.zeros(batch, u).storage();
            Parallel.Chunk pass = this::forwardRows;
            for (int t = 0; t < steps; t++) {
                int gt = t * rows;
                System.arraycopy(pd, p0 + gt, gates, gt, rows);
                if (dropMask == null) {
                    Gemm.multiply(hidden, t * bu, rd, r0, gates, gt, batch, u, width);
                } else {
                    for (int k = 0; k < bu; k++) {
                        hDropped[k] = hidden[t * bu + k] * dropMask[k];
                    }
                    Gemm.multiply(hDropped, 0, rd, r0, gates, gt, batch, u, width);
                }
                step = t;
                Parallel.forChunks(batch, WORK_PER_UNIT * u, pass);
            }
            out = null;
            return result;
        }

        /** Gates, cell and state of batch rows {@code from..to-1} at {@link #step}, from {@code z} in the gate buffer. */
        private void forwardRows(int chunk, int from, int to) {
            int u = units;
            int bu = batch * u;
            int t = step;
            for (int b = from; b < to; b++) {
                int go = (t * batch + b) * 4 * u;
                int prev = t * bu + b * u;
                int next = prev + bu;
                int oo = (t * batch + b) * 2 * u;
                float m = mask == null ? 1f : mask[t * batch + b];
                for (int j = 0; j < u; j++) {
                    float i = sigmoid(gates[go + j]);
                    float f = sigmoid(gates[go + u + j]);
                    float g = tanh(gates[go + 2 * u + j]);
                    float o = sigmoid(gates[go + 3 * u + j]);
                    gates[go + j] = i;
                    gates[go + u + j] = f;
                    gates[go + 2 * u + j] = g;
                    gates[go + 3 * u + j] = o;
                    float c = f * cell[prev + j] + i * g;
                    float tc = tanh(c);
                    tanhCell[prev + j] = tc;
                    float h = o * tc;
                    if (m == 0f) {
                        c = cell[prev + j];
                        h = hidden[prev + j];
                    }
                    cell[next + j] = c;
                    hidden[next + j] = h;
                    out[oo + j] = h;
                    out[oo + u + j] = c;
                }
            }
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int u = units;
            int width = 4 * u;
            int rows = batch * width;
            // Through the tensors again: storage() fails loudly if a closed step already took them back.
            gates = kept[0].storage();
            tanhCell = kept[1].storage();
            hidden = kept[2].storage();
            cell = kept[3].storage();
            Tensor gc = grad.contiguous();
            g = gc.storage();
            g0 = gc.offset();
            float[] rT = transposed(r, u, width);
            Tensor dPt = BufferPool.zeros(steps, batch, width);
            dP = dPt.storage();
            Tensor dhA = BufferPool.zeros(batch, u);
            Tensor dhB = BufferPool.zeros(batch, u);
            Tensor dcOut = BufferPool.zeros(batch, u);
            dh = dhA.storage();
            dhNext = dhB.storage();
            dc = dcOut.storage();
            float[] product = dropMask == null ? null : BufferPool.zeros(batch, u).storage();
            Parallel.Chunk pass = this::backwardRows;
            for (int t = steps - 1; t >= 0; t--) {
                step = t;
                Parallel.forChunks(batch, WORK_PER_UNIT / 2 * u, pass);
                recurrentInputGrad(dP, t * rows, rT, batch, width, u, dropMask, product, dhNext);
                float[] swap = dh;
                dh = dhNext;
                dhNext = swap;
            }
            Tensor dhOut = dh == dhA.storage() ? dhA : dhB;
            Tensor dR = needsGrad(1) ? recurrentKernelGrad(hidden, steps * batch, u, dP, width, dropMask) : null;
            g = null;
            dP = null;
            dh = null;
            dhNext = null;
            dc = null;
            return new Tensor[] {dPt, dR, dhOut, dcOut, null, null};
        }

        /**
         * {@code dZ} of batch rows {@code from..to-1} at {@link #step} (into {@code dP}), the carried cell
         * gradient, and the part of {@code dL/dh_{t−1}} that bypasses the recurrent product (masked steps).
         */
        private void backwardRows(int chunk, int from, int to) {
            int u = units;
            int bu = batch * u;
            int t = step;
            for (int b = from; b < to; b++) {
                float m = mask == null ? 1f : mask[t * batch + b];
                int so = b * u;
                int go = (t * batch + b) * 4 * u;
                int oo = g0 + (t * batch + b) * 2 * u;
                int prev = t * bu + so;
                for (int j = 0; j < u; j++) {
                    float dhT = dh[so + j] + g[oo + j];
                    float dcT = dc[so + j] + g[oo + u + j];
                    float i = gates[go + j];
                    float f = gates[go + u + j];
                    float gg = gates[go + 2 * u + j];
                    float o = gates[go + 3 * u + j];
                    float tc = tanhCell[prev + j];
                    float dhN = m * dhT;
                    float dcN = m * dcT + dhN * o * (1f - tc * tc);
                    dP[go + j] = dcN * gg * i * (1f - i);
                    dP[go + u + j] = dcN * cell[prev + j] * f * (1f - f);
                    dP[go + 2 * u + j] = dcN * i * (1f - gg * gg);
                    dP[go + 3 * u + j] = dhN * tc * o * (1f - o);
                    dc[so + j] = dcN * f + (1f - m) * dcT;
                    dhNext[so + j] = (1f - m) * dhT;
                }
            }
        }
    }

    /**
     * GRU with {@code reset_after} over a sequence: inputs {@code p (T, B, 3u)} ({@code x_t·W + b_in}),
     * {@code R (u, 3u)}, {@code b_rec (3u)}, {@code h0 (B, u)}, optional {@code mask (T, B)}; output
     * {@code (T, B, u)}, the state after every step. Per step one {@link Gemm} call gives {@code h_{t−1}·R}
     * (added onto {@code b_rec}) and one pass the gates; backward mirrors {@link LstmSequence}.
     */
    static final class GruSequence extends Function {
        private int steps;
        private int batch;
        private int units;
        private Tensor r;          // (u, 3u), contiguous
        private float[] update;    // (T, B, u) z
        private float[] reset;     // (T, B, u) r
        private float[] candidate; // (T, B, u) ĥ
        private float[] recurrentCandidate; // (T, B, u) (h·R + b_rec) of the candidate block
        private float[] hidden;    // (T+1, B, u)
        private float[] mask;
        private float[] dropMask;
        private Tensor[] kept;     // the pooled tensors behind update, reset, candidate, recurrentCandidate, hidden

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor p = in[0].contiguous();
            r = in[1].contiguous();
            float[] bRec = in[2].contiguous().toArray();
            dropMask = in.length > 5 && in[5] != null ? in[5].contiguous().toArray() : null;
            steps = p.size(0);
            batch = p.size(1);
            units = r.size(0);
            int u = units;
            int bu = batch * u;
            int width = 3 * u;
            mask = in[4] == null ? null : in[4].contiguous().toArray();
            kept = new Tensor[] {BufferPool.zeros(steps, batch, u), BufferPool.zeros(steps, batch, u),
                BufferPool.zeros(steps, batch, u), BufferPool.zeros(steps, batch, u), BufferPool.zeros(steps + 1, batch, u)};
            update = kept[0].storage();
            reset = kept[1].storage();
            candidate = kept[2].storage();
            recurrentCandidate = kept[3].storage();
            hidden = kept[4].storage();
            copyInto(in[3], hidden);
            float[] pd = p.storage();
            int p0 = p.offset();
            float[] rd = r.storage();
            int r0 = r.offset();
            float[] hr = BufferPool.zeros(batch, width).storage();
            float[] hDropped = dropMask == null ? null : BufferPool.zeros(batch, u).storage();
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(bRec, 0, hr, b * width, width);
                }
                if (dropMask == null) {
                    Gemm.multiply(hidden, t * bu, rd, r0, hr, 0, batch, u, width);
                } else {
                    for (int k = 0; k < bu; k++) {
                        hDropped[k] = hidden[t * bu + k] * dropMask[k];
                    }
                    Gemm.multiply(hDropped, 0, rd, r0, hr, 0, batch, u, width);
                }
                for (int b = 0; b < batch; b++) {
                    int ro = b * width;
                    int po = p0 + (t * batch + b) * width;
                    int at = t * bu + b * u;
                    float m = mask == null ? 1f : mask[t * batch + b];
                    for (int j = 0; j < u; j++) {
                        float z = sigmoid(pd[po + j] + hr[ro + j]);
                        float rs = sigmoid(pd[po + u + j] + hr[ro + u + j]);
                        float rc = hr[ro + 2 * u + j];
                        float n = tanh(pd[po + 2 * u + j] + rs * rc);
                        update[at + j] = z;
                        reset[at + j] = rs;
                        candidate[at + j] = n;
                        recurrentCandidate[at + j] = rc;
                        float h = hidden[at + j];
                        hidden[bu + at + j] = m == 0f ? h : z * h + (1f - z) * n;
                    }
                }
            }
            Tensor result = BufferPool.zeros(steps, batch, u);
            System.arraycopy(hidden, bu, result.storage(), 0, steps * bu);
            return result;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int u = units;
            int bu = batch * u;
            int width = 3 * u;
            update = kept[0].storage(); // fails loudly if a closed step already took the buffers back
            reset = kept[1].storage();
            candidate = kept[2].storage();
            recurrentCandidate = kept[3].storage();
            hidden = kept[4].storage();
            Tensor gc = grad.contiguous();
            float[] g = gc.storage();
            int g0 = gc.offset();
            float[] rT = transposed(r, u, width);
            Tensor dPt = BufferPool.zeros(steps, batch, width);
            float[] dP = dPt.storage();
            float[] dHr = BufferPool.zeros(steps, batch, width).storage();
            Tensor dhA = BufferPool.zeros(batch, u);
            Tensor dhB = BufferPool.zeros(batch, u);
            float[] dh = dhA.storage();
            float[] dhNext = dhB.storage();
            float[] product = dropMask == null ? null : BufferPool.zeros(batch, u).storage();
            for (int t = steps - 1; t >= 0; t--) {
                for (int b = 0; b < batch; b++) {
                    float m = mask == null ? 1f : mask[t * batch + b];
                    int so = b * u;
                    int at = t * bu + so;
                    int po = (t * batch + b) * width;
                    for (int j = 0; j < u; j++) {
                        float dhT = dh[so + j] + g[g0 + at + j];
                        float dhN = m * dhT;
                        float z = update[at + j];
                        float rs = reset[at + j];
                        float n = candidate[at + j];
                        float hPrev = hidden[at + j];
                        float dpn = dhN * (1f - z) * (1f - n * n);
                        float dpr = dpn * recurrentCandidate[at + j] * rs * (1f - rs);
                        float dpz = dhN * (hPrev - n) * z * (1f - z);
                        dP[po + j] = dpz;
                        dP[po + u + j] = dpr;
                        dP[po + 2 * u + j] = dpn;
                        dHr[po + j] = dpz;
                        dHr[po + u + j] = dpr;
                        dHr[po + 2 * u + j] = dpn * rs;
                        dhNext[so + j] = dhN * z + (1f - m) * dhT;
                    }
                }
                recurrentInputGrad(dHr, t * batch * width, rT, batch, width, u, dropMask, product, dhNext);
                float[] swap = dh;
                dh = dhNext;
                dhNext = swap;
            }
            Tensor dhOut = dh == dhA.storage() ? dhA : dhB;
            Tensor dR = needsGrad(1) ? recurrentKernelGrad(hidden, steps * batch, u, dHr, width, dropMask) : null;
            Tensor dB = null;
            if (needsGrad(2)) {
                float[] sum = new float[width];
                for (int row = 0; row < steps * batch; row++) {
                    for (int j = 0; j < width; j++) {
                        sum[j] += dHr[row * width + j];
                    }
                }
                dB = Tensor.wrap(sum, width);
            }
            return new Tensor[] {dPt, dR, dB, dhOut, null, null};
        }
    }

    /** Copies the {@code (B, u)} state {@code s} to the start of {@code dst}. */
    private static void copyInto(Tensor s, float[] dst) {
        Tensor c = s.contiguous();
        System.arraycopy(c.storage(), c.offset(), dst, 0, c.numel());
    }

    /** {@code r (rows, cols)}ᵀ as a contiguous {@code (cols, rows)} array from the step pool. */
    static float[] transposed(Tensor r, int rows, int cols) {
        float[] src = r.storage();
        int s0 = r.offset();
        float[] out = BufferPool.zeros(cols, rows).storage();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = src[s0 + i * cols + j];
            }
        }
        return out;
    }

    /**
     * {@code dh += (dZ_t · Rᵀ) ∘ d}: the gradient reaching {@code h_{t−1}} through the recurrent product, added
     * onto {@code dh} (which holds the direct part), with {@code dZ_t} the {@code (B, width)} block of {@code dz}
     * at {@code at}, {@code Rᵀ (width, u)} and the recurrent dropout mask {@code d} (or none, when null;
     * {@code product} is a {@code (B, u)} work array used only with a mask).
     */
    static void recurrentInputGrad(float[] dz, int at, float[] rT, int batch, int width, int u, float[] dropMask,
                                   float[] product, float[] dh) {
        if (dropMask == null) {
            Gemm.multiply(dz, at, rT, 0, dh, 0, batch, width, u);
            return;
        }
        java.util.Arrays.fill(product, 0f);
        Gemm.multiply(dz, at, rT, 0, product, 0, batch, width, u);
        for (int k = 0; k < product.length; k++) {
            dh[k] += product[k] * dropMask[k];
        }
    }

    /**
     * {@code dR = Σ_t h_{t−1}ᵀ · dZ_t} as one product: the first {@code rows} rows of {@code hidden}
     * (the states h_0 … h_{T−1}, times the recurrent dropout mask if any) transposed, times
     * {@code dZ (rows, width)}.
     */
    static Tensor recurrentKernelGrad(float[] hidden, int rows, int u, float[] dz, int width, float[] dropMask) {
        float[] hT = BufferPool.zeros(u, rows).storage();
        int period = dropMask == null ? 1 : dropMask.length;
        for (int row = 0; row < rows; row++) {
            int src = row * u;
            int d = (row * u) % period;
            for (int j = 0; j < u; j++) {
                float v = hidden[src + j];
                hT[j * rows + row] = dropMask == null ? v : v * dropMask[d + j];
            }
        }
        Tensor dR = BufferPool.zeros(u, width);
        Gemm.multiply(hT, 0, dz, 0, dR.storage(), 0, u, rows, width);
        return dR;
    }
}

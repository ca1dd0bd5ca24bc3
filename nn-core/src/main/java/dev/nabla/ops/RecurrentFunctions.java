package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.backend.Activations;
import dev.nabla.backend.Gemm;
import dev.nabla.backend.Parallel;
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

    /**
     * LSTM over a sequence: inputs {@code p (T, B, 4u)}, {@code R (u, 4u)}, {@code h0 (B, u)},
     * {@code c0 (B, u)}, optional {@code mask (T, B)}; output {@code (T, B, 2u)} holding
     * {@code [h_t | c_t]} for every step.
     *
     * <p>The batch rows of a sequence never meet (row b of {@code h_t} depends only on row b of
     * {@code h_{t−1}}), so the batch is cut into one slice per thread and each thread runs the whole loop
     * over time for its slice: one hand-off per pass instead of one per time step. {@code R} (and {@code Rᵀ}
     * for the backward pass) is packed once ({@link Gemm#pack}) for all the steps' products.
     *
     * <p>Forward, per step: {@code z_t} starts as a copy of {@code p_t} in the gate buffer and
     * {@code h_{t−1}·R} is added to it by one GEMM; one pass then turns {@code z_t} into the gates in place and
     * updates {@code c} and {@code h}. Backward, per step: one pass writes {@code dZ_t} straight into
     * {@code dP} and one GEMM gives {@code dZ_t·Rᵀ}; after the loop {@code dR = H_prevᵀ · dZ} is one GEMM over
     * all {@code T·B} rows. No array is allocated inside either loop; every buffer comes from the step pool
     * ({@link BufferPool#zeros}).
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

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor p = in[0].contiguous();
            r = in[1].contiguous();
            dropMask = in.length > 5 && in[5] != null ? in[5].contiguous().toArray() : null;
            steps = p.size(0);
            batch = p.size(1);
            units = r.size(0);
            int u = units;
            int width = 4 * u;
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
            float[] out = result.storage();
            float[] pd = p.storage();
            int p0 = p.offset();
            Gemm.Packed packedR = Gemm.pack(r.storage(), r.offset(), u, width);
            float[] hDropped = dropMask == null ? null : BufferPool.zeros(batch, u).storage();
            Parallel.forChunks(batch, perRowWork(steps, u, width, WORK_PER_UNIT), (chunk, from, to) -> {
                int n = to - from;
                for (int t = 0; t < steps; t++) {
                    int gt = (t * batch + from) * width;
                    System.arraycopy(pd, p0 + gt, gates, gt, n * width);
                    int h = (t * batch + from) * u;
                    if (dropMask == null) {
                        Gemm.multiplyPacked(hidden, h, packedR, gates, gt, n);
                    } else {
                        for (int k = from * u; k < to * u; k++) {
                            hDropped[k] = hidden[t * batch * u + k] * dropMask[k];
                        }
                        Gemm.multiplyPacked(hDropped, from * u, packedR, gates, gt, n);
                    }
                    forwardRows(t, from, to, out);
                }
            });
            return result;
        }

        /**
         * Gates, cell and state of batch rows {@code from..to-1} at step {@code t}, from {@code z} in the gate
         * buffer: the activations run over whole gate blocks ({@link Activations}, vectorised where it can be),
         * then one pass forms {@code c} (into {@code tanhCell}, which the tanh then overwrites) and one {@code h}.
         */
        private void forwardRows(int t, int from, int to, float[] out) {
            int u = units;
            int bu = batch * u;
            for (int b = from; b < to; b++) {
                int go = (t * batch + b) * 4 * u;
                int prev = t * bu + b * u;
                int next = prev + bu;
                int oo = (t * batch + b) * 2 * u;
                Activations.sigmoid(gates, go, go + 2 * u);         // i, f
                Activations.tanh(gates, go + 2 * u, go + 3 * u);    // g
                Activations.sigmoid(gates, go + 3 * u, go + 4 * u); // o
                for (int j = 0; j < u; j++) {
                    tanhCell[prev + j] = gates[go + u + j] * cell[prev + j] + gates[go + j] * gates[go + 2 * u + j];
                }
                System.arraycopy(tanhCell, prev, cell, next, u);
                Activations.tanh(tanhCell, prev, prev + u);
                if (mask != null && mask[t * batch + b] == 0f) { // a padded step: the state is carried over
                    System.arraycopy(cell, prev, cell, next, u);
                    System.arraycopy(hidden, prev, hidden, next, u);
                } else {
                    for (int j = 0; j < u; j++) {
                        hidden[next + j] = gates[go + 3 * u + j] * tanhCell[prev + j];
                    }
                }
                System.arraycopy(hidden, next, out, oo, u);
                System.arraycopy(cell, next, out, oo + u, u);
            }
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int u = units;
            int width = 4 * u;
            // Through the tensors again: storage() fails loudly if a closed step already took them back.
            gates = kept[0].storage();
            tanhCell = kept[1].storage();
            hidden = kept[2].storage();
            cell = kept[3].storage();
            Tensor gc = grad.contiguous();
            float[] g = gc.storage();
            int g0 = gc.offset();
            Gemm.Packed packedRt = Gemm.pack(transposed(r, u, width), 0, width, u);
            Tensor dPt = BufferPool.zeros(steps, batch, width);
            float[] dP = dPt.storage();
            Tensor dcOut = BufferPool.zeros(batch, u);
            float[] dc = dcOut.storage();
            Tensor dhOut = throughTime(steps, batch, u, width, WORK_PER_UNIT, dP, packedRt, dropMask,
                    (t, from, to, dh, dhNext) -> backwardRows(t, from, to, g, g0, dP, dh, dhNext, dc));
            Tensor dR = needsGrad(1) ? recurrentKernelGrad(hidden, steps * batch, u, dP, width, dropMask) : null;
            return new Tensor[] {dPt, dR, dhOut, dcOut, null, null};
        }

        /**
         * {@code dZ} of batch rows {@code from..to-1} at step {@code t} (into {@code dP}), the carried cell
         * gradient {@code dc}, and the part of {@code dL/dh_{t−1}} that bypasses the recurrent product (masked
         * steps) into {@code dhNext}; {@code dh} holds {@code dL/dh_t} arriving from later steps and {@code g}
         * (from {@code g0}) the incoming gradient {@code (T, B, 2u)}.
         */
        private void backwardRows(int t, int from, int to, float[] g, int g0, float[] dP, float[] dh, float[] dhNext,
                                  float[] dc) {
            int u = units;
            int bu = batch * u;
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
     * {@code (T, B, u)}, the state after every step. Per step one GEMM gives {@code h_{t−1}·R} (added onto
     * {@code b_rec}) and one pass the gates; the batch is split over threads and the backward pass mirrors
     * {@link LstmSequence}.
     */
    static final class GruSequence extends Function {
        /** Rough cost of one batch row of a gate pass per unit (three transcendental functions), for splitting. */
        private static final long WORK_PER_UNIT = 60;
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
            Gemm.Packed packedR = Gemm.pack(r.storage(), r.offset(), u, width);
            float[] hr = BufferPool.zeros(batch, width).storage();
            float[] hDropped = dropMask == null ? null : BufferPool.zeros(batch, u).storage();
            Parallel.forChunks(batch, perRowWork(steps, u, width, WORK_PER_UNIT), (chunk, from, to) -> {
                for (int t = 0; t < steps; t++) {
                    for (int b = from; b < to; b++) {
                        System.arraycopy(bRec, 0, hr, b * width, width);
                    }
                    if (dropMask == null) {
                        Gemm.multiplyPacked(hidden, (t * batch + from) * u, packedR, hr, from * width, to - from);
                    } else {
                        for (int k = from * u; k < to * u; k++) {
                            hDropped[k] = hidden[t * batch * u + k] * dropMask[k];
                        }
                        Gemm.multiplyPacked(hDropped, from * u, packedR, hr, from * width, to - from);
                    }
                    forwardRows(t, from, to, pd, p0, hr);
                }
            });
            Tensor result = BufferPool.zeros(steps, batch, u);
            System.arraycopy(hidden, batch * u, result.storage(), 0, steps * batch * u);
            return result;
        }

        /**
         * Gates and state of batch rows {@code from..to-1} at step {@code t}, with {@code hr} = {@code h_{t−1}·R + b_rec}
         * (its update and reset blocks are overwritten on the way): pre-activations are formed in place and the
         * activations run over whole blocks ({@link Activations}).
         */
        private void forwardRows(int t, int from, int to, float[] pd, int p0, float[] hr) {
            int u = units;
            int bu = batch * u;
            int width = 3 * u;
            for (int b = from; b < to; b++) {
                int ro = b * width;
                int po = p0 + (t * batch + b) * width;
                int at = t * bu + b * u;
                for (int j = 0; j < 2 * u; j++) {
                    hr[ro + j] += pd[po + j];
                }
                Activations.sigmoid(hr, ro, ro + 2 * u); // z, r
                System.arraycopy(hr, ro, update, at, u);
                System.arraycopy(hr, ro + u, reset, at, u);
                System.arraycopy(hr, ro + 2 * u, recurrentCandidate, at, u);
                for (int j = 0; j < u; j++) {
                    candidate[at + j] = pd[po + 2 * u + j] + reset[at + j] * recurrentCandidate[at + j];
                }
                Activations.tanh(candidate, at, at + u);
                if (mask != null && mask[t * batch + b] == 0f) { // a padded step: the state is carried over
                    System.arraycopy(hidden, at, hidden, bu + at, u);
                } else {
                    for (int j = 0; j < u; j++) {
                        float z = update[at + j];
                        hidden[bu + at + j] = z * hidden[at + j] + (1f - z) * candidate[at + j];
                    }
                }
            }
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int u = units;
            int width = 3 * u;
            update = kept[0].storage(); // fails loudly if a closed step already took the buffers back
            reset = kept[1].storage();
            candidate = kept[2].storage();
            recurrentCandidate = kept[3].storage();
            hidden = kept[4].storage();
            Tensor gc = grad.contiguous();
            float[] g = gc.storage();
            int g0 = gc.offset();
            Gemm.Packed packedRt = Gemm.pack(transposed(r, u, width), 0, width, u);
            Tensor dPt = BufferPool.zeros(steps, batch, width);
            float[] dP = dPt.storage();
            float[] dHr = BufferPool.zeros(steps, batch, width).storage();
            Tensor dhOut = throughTime(steps, batch, u, width, WORK_PER_UNIT, dHr, packedRt, dropMask,
                    (t, from, to, dh, dhNext) -> backwardRows(t, from, to, g, g0, dP, dHr, dh, dhNext));
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

        /**
         * {@code dZ} of batch rows {@code from..to-1} at step {@code t} into {@code dP} (towards the input
         * projection) and {@code dHr} (towards {@code h_{t−1}·R + b_rec}), and the direct part of
         * {@code dL/dh_{t−1}} into {@code dhNext}.
         */
        private void backwardRows(int t, int from, int to, float[] g, int g0, float[] dP, float[] dHr, float[] dh,
                                  float[] dhNext) {
            int u = units;
            int bu = batch * u;
            int width = 3 * u;
            for (int b = from; b < to; b++) {
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
        }
    }

    /** One backward step of batch rows {@code from..to-1} at step {@code t} (see {@link #throughTime}). */
    interface RowsBackward {
        void run(int t, int from, int to, float[] dh, float[] dhNext);
    }

    /**
     * Backpropagation through time over batch slices, one per thread (rows never meet): for
     * {@code t = T−1 … 0}, {@code rows} writes {@code dZ_t} (into {@code dz}, rows of {@code width}) and the direct
     * part of {@code dL/dh_{t−1}} into {@code dhNext} from {@code dL/dh_t} in {@code dh}; then
     * {@code dZ_t · Rᵀ} is added onto {@code dhNext} ({@link #recurrentInputGrad}) and the two swap. Returns
     * {@code dL/dh_0 (B, u)}.
     */
    private static Tensor throughTime(int steps, int batch, int u, int width, long gateWorkPerUnit, float[] dz,
                                      Gemm.Packed rT, float[] dropMask, RowsBackward rows) {
        Tensor dhA = BufferPool.zeros(batch, u);
        Tensor dhB = BufferPool.zeros(batch, u);
        float[] product = dropMask == null ? null : BufferPool.zeros(batch, u).storage();
        Parallel.forChunks(batch, 2 * perRowWork(steps, u, width, gateWorkPerUnit / 2), (chunk, from, to) -> {
            float[] dh = dhA.storage();
            float[] dhNext = dhB.storage();
            for (int t = steps - 1; t >= 0; t--) {
                rows.run(t, from, to, dh, dhNext);
                recurrentInputGrad(dz, (t * batch + from) * width, rT, from, to, u, dropMask, product, dhNext);
                float[] swap = dh;
                dh = dhNext;
                dhNext = swap;
            }
        });
        return steps % 2 == 0 ? dhA : dhB; // the loop swapped the two buffers once per step
    }

    /**
     * Work of one batch row over a whole sequence of {@code steps}: its share of the per-step product
     * ({@code 2·u·width} flops) and of the gate pass, for {@link Parallel#forChunks}.
     */
    private static long perRowWork(int steps, int u, int width, long gateWorkPerUnit) {
        return steps * (2L * u * width + gateWorkPerUnit * u);
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
     * {@code dh += (dZ_t · Rᵀ) ∘ d} for batch rows {@code from..to-1}: the gradient reaching {@code h_{t−1}}
     * through the recurrent product, added onto {@code dh (B, u)} (which holds the direct part), with the rows
     * of {@code dZ_t} at {@code dz[at..]}, {@code Rᵀ (width, u)} packed, and the recurrent dropout mask
     * {@code d (B, u)} (or none, when null; {@code product} is a {@code (B, u)} work array used only with a mask).
     */
    static void recurrentInputGrad(float[] dz, int at, Gemm.Packed rT, int from, int to, int u, float[] dropMask,
                                   float[] product, float[] dh) {
        if (dropMask == null) {
            Gemm.multiplyPacked(dz, at, rT, dh, from * u, to - from);
            return;
        }
        java.util.Arrays.fill(product, from * u, to * u, 0f);
        Gemm.multiplyPacked(dz, at, rT, product, from * u, to - from);
        for (int k = from * u; k < to * u; k++) {
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

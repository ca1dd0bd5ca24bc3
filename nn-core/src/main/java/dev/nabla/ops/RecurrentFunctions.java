package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.backend.Backends;
import dev.nabla.backend.UnaryOp;
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

    /** {@code a (m, k) · b (k, n)} for row-major arrays, through the current backend. */
    static float[] matmul(float[] a, int m, int k, Tensor b) {
        return Backends.current().matmul(Tensor.wrap(a, m, k), b).contiguous().toArray();
    }

    /**
     * LSTM over a sequence: inputs {@code p (T, B, 4u)}, {@code R (u, 4u)}, {@code h0 (B, u)},
     * {@code c0 (B, u)}, optional {@code mask (T, B)}; output {@code (T, B, 2u)} holding
     * {@code [h_t | c_t]} for every step.
     */
    static final class LstmSequence extends Function {
        private int steps;
        private int batch;
        private int units;
        private float[] gates;     // (T, B, 4u) after activation: i, f, g, o
        private float[] tanhCell;  // (T, B, u): tanh of the new (unmasked) cell
        private float[] hidden;    // (T+1, B, u): h_0 … h_T after masking
        private float[] cell;      // (T+1, B, u)
        private float[] mask;      // (T, B) or null
        private float[] dropMask;  // (B, u) recurrent dropout mask (already scaled) or null

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor p = in[0].contiguous();
            Tensor r = in[1].contiguous();
            dropMask = in.length > 5 && in[5] != null ? in[5].contiguous().toArray() : null;
            steps = p.size(0);
            batch = p.size(1);
            units = r.size(0);
            int u = units;
            int bu = batch * u;
            float[] pd = p.toArray();
            mask = in[4] == null ? null : in[4].contiguous().toArray();
            gates = new float[steps * batch * 4 * u];
            tanhCell = new float[steps * bu];
            hidden = new float[(steps + 1) * bu];
            cell = new float[(steps + 1) * bu];
            System.arraycopy(in[2].contiguous().toArray(), 0, hidden, 0, bu);
            System.arraycopy(in[3].contiguous().toArray(), 0, cell, 0, bu);
            float[] out = new float[steps * batch * 2 * u];
            float[] hPrev = new float[bu];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(hidden, t * bu, hPrev, 0, bu);
                dropped(hPrev, dropMask);
                float[] z = matmul(hPrev, batch, u, r);
                for (int b = 0; b < batch; b++) {
                    int zo = b * 4 * u;
                    int po = (t * batch + b) * 4 * u;
                    int so = b * u;
                    int prev = t * bu + so;
                    int next = (t + 1) * bu + so;
                    int oo = (t * batch + b) * 2 * u;
                    float m = mask == null ? 1f : mask[t * batch + b];
                    for (int j = 0; j < u; j++) {
                        float i = sigmoid(z[zo + j] + pd[po + j]);
                        float f = sigmoid(z[zo + u + j] + pd[po + u + j]);
                        float g = tanh(z[zo + 2 * u + j] + pd[po + 2 * u + j]);
                        float o = sigmoid(z[zo + 3 * u + j] + pd[po + 3 * u + j]);
                        int go = (t * batch + b) * 4 * u;
                        gates[go + j] = i;
                        gates[go + u + j] = f;
                        gates[go + 2 * u + j] = g;
                        gates[go + 3 * u + j] = o;
                        float c = f * cell[prev + j] + i * g;
                        float tc = tanh(c);
                        tanhCell[t * bu + so + j] = tc;
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
            save(r);
            return Tensor.wrap(out, steps, batch, 2 * u);
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int u = units;
            int bu = batch * u;
            float[] g = grad.contiguous().toArray();
            Tensor rT = transposed(saved(0));
            float[] dP = new float[steps * batch * 4 * u];
            float[] dh = new float[bu];
            float[] dc = new float[bu];
            float[] dz = new float[batch * 4 * u];
            float[] dhDirect = new float[bu]; // fully rewritten at every step
            for (int t = steps - 1; t >= 0; t--) {
                for (int b = 0; b < batch; b++) {
                    float m = mask == null ? 1f : mask[t * batch + b];
                    int so = b * u;
                    int go = (t * batch + b) * 4 * u;
                    int oo = (t * batch + b) * 2 * u;
                    int prev = t * bu + so;
                    for (int j = 0; j < u; j++) {
                        float dhT = dh[so + j] + g[oo + j];
                        float dcT = dc[so + j] + g[oo + u + j];
                        float i = gates[go + j];
                        float f = gates[go + u + j];
                        float gg = gates[go + 2 * u + j];
                        float o = gates[go + 3 * u + j];
                        float tc = tanhCell[t * bu + so + j];
                        float dhN = m * dhT;
                        float dcN = m * dcT + dhN * o * (1f - tc * tc);
                        float di = dcN * gg * i * (1f - i);
                        float df = dcN * cell[prev + j] * f * (1f - f);
                        float dg = dcN * i * (1f - gg * gg);
                        float dO = dhN * tc * o * (1f - o);
                        dz[b * 4 * u + j] = di;
                        dz[b * 4 * u + u + j] = df;
                        dz[b * 4 * u + 2 * u + j] = dg;
                        dz[b * 4 * u + 3 * u + j] = dO;
                        dc[so + j] = dcN * f + (1f - m) * dcT;
                        dhDirect[so + j] = (1f - m) * dhT;
                    }
                }
                System.arraycopy(dz, 0, dP, t * batch * 4 * u, dz.length);
                float[] dhPrev = dropped(matmul(dz, batch, 4 * u, rT), dropMask);
                for (int k = 0; k < bu; k++) {
                    dhPrev[k] += dhDirect[k];
                }
                dh = dhPrev;
            }
            Tensor dPt = Tensor.wrap(dP, steps, batch, 4 * u);
            Tensor dR = needsGrad(1) ? recurrentKernelGrad(hidden, steps * batch, u, dP, 4 * u, dropMask) : null;
            return new Tensor[] {dPt, dR, Tensor.wrap(dh, batch, u), Tensor.wrap(dc, batch, u), null, null};
        }
    }

    /**
     * GRU with {@code reset_after} over a sequence: inputs {@code p (T, B, 3u)} ({@code x_t·W + b_in}),
     * {@code R (u, 3u)}, {@code b_rec (3u)}, {@code h0 (B, u)}, optional {@code mask (T, B)}; output
     * {@code (T, B, u)}, the state after every step.
     */
    static final class GruSequence extends Function {
        private int steps;
        private int batch;
        private int units;
        private float[] update;    // (T, B, u) z
        private float[] reset;     // (T, B, u) r
        private float[] candidate; // (T, B, u) ĥ
        private float[] recurrentCandidate; // (T, B, u) (h·R + b_rec) of the candidate block
        private float[] hidden;    // (T+1, B, u)
        private float[] mask;
        private float[] dropMask;

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor p = in[0].contiguous();
            Tensor r = in[1].contiguous();
            float[] bRec = in[2].contiguous().toArray();
            dropMask = in.length > 5 && in[5] != null ? in[5].contiguous().toArray() : null;
            steps = p.size(0);
            batch = p.size(1);
            units = r.size(0);
            int u = units;
            int bu = batch * u;
            float[] pd = p.toArray();
            mask = in[4] == null ? null : in[4].contiguous().toArray();
            update = new float[steps * bu];
            reset = new float[steps * bu];
            candidate = new float[steps * bu];
            recurrentCandidate = new float[steps * bu];
            hidden = new float[(steps + 1) * bu];
            System.arraycopy(in[3].contiguous().toArray(), 0, hidden, 0, bu);
            float[] hPrev = new float[bu];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(hidden, t * bu, hPrev, 0, bu);
                dropped(hPrev, dropMask);
                float[] hr = matmul(hPrev, batch, u, r);
                for (int b = 0; b < batch; b++) {
                    int ro = b * 3 * u;
                    int po = (t * batch + b) * 3 * u;
                    int so = b * u;
                    int at = t * bu + so;
                    float m = mask == null ? 1f : mask[t * batch + b];
                    for (int j = 0; j < u; j++) {
                        float z = sigmoid(pd[po + j] + hr[ro + j] + bRec[j]);
                        float rs = sigmoid(pd[po + u + j] + hr[ro + u + j] + bRec[u + j]);
                        float rc = hr[ro + 2 * u + j] + bRec[2 * u + j];
                        float n = tanh(pd[po + 2 * u + j] + rs * rc);
                        update[at + j] = z;
                        reset[at + j] = rs;
                        candidate[at + j] = n;
                        recurrentCandidate[at + j] = rc;
                        float h = hidden[t * bu + so + j];
                        hidden[(t + 1) * bu + so + j] = m == 0f ? h : z * h + (1f - z) * n;
                    }
                }
            }
            save(r);
            return Tensor.wrap(java.util.Arrays.copyOfRange(hidden, bu, hidden.length), steps, batch, u);
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int u = units;
            int bu = batch * u;
            float[] g = grad.contiguous().toArray();
            Tensor rT = transposed(saved(0));
            float[] dP = new float[steps * batch * 3 * u];
            float[] dHr = new float[steps * batch * 3 * u];
            float[] dHrStep = new float[batch * 3 * u];
            float[] dh = new float[bu];
            float[] dhDirect = new float[bu]; // fully rewritten at every step
            for (int t = steps - 1; t >= 0; t--) {
                for (int b = 0; b < batch; b++) {
                    float m = mask == null ? 1f : mask[t * batch + b];
                    int so = b * u;
                    int at = t * bu + so;
                    int po = (t * batch + b) * 3 * u;
                    for (int j = 0; j < u; j++) {
                        float dhT = dh[so + j] + g[at + j];
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
                        dhDirect[so + j] = dhN * z + (1f - m) * dhT;
                    }
                }
                System.arraycopy(dHr, t * batch * 3 * u, dHrStep, 0, dHrStep.length);
                float[] dhPrev = dropped(matmul(dHrStep, batch, 3 * u, rT), dropMask);
                for (int k = 0; k < bu; k++) {
                    dhPrev[k] += dhDirect[k];
                }
                dh = dhPrev;
            }
            Tensor dR = needsGrad(1) ? recurrentKernelGrad(hidden, steps * batch, u, dHr, 3 * u, dropMask) : null;
            Tensor dB = null;
            if (needsGrad(2)) {
                float[] sum = new float[3 * u];
                for (int row = 0; row < steps * batch; row++) {
                    for (int j = 0; j < 3 * u; j++) {
                        sum[j] += dHr[row * 3 * u + j];
                    }
                }
                dB = Tensor.wrap(sum, 3 * u);
            }
            return new Tensor[] {Tensor.wrap(dP, steps, batch, 3 * u), dR, dB, Tensor.wrap(dh, batch, u), null, null};
        }
    }

    /** {@code h ∘ mask} in place (the recurrent dropout mask, one per sample and unit); returns {@code h}. */
    static float[] dropped(float[] h, float[] mask) {
        if (mask != null) {
            for (int k = 0; k < h.length; k++) {
                h[k] *= mask[k];
            }
        }
        return h;
    }

    /** A contiguous copy of {@code r}ᵀ. */
    static Tensor transposed(Tensor r) {
        return Ops.contiguous(r.transpose(0, 1));
    }

    /**
     * {@code dR = Σ_t h_{t−1}ᵀ · dZ_t} as one product: the first {@code rows} rows of {@code hidden}
     * (the states h_0 … h_{T−1}, times the recurrent dropout mask if any) transposed, times
     * {@code dZ (rows, width)}.
     */
    static Tensor recurrentKernelGrad(float[] hidden, int rows, int u, float[] dz, int width, float[] dropMask) {
        float[] h = java.util.Arrays.copyOf(hidden, rows * u);
        if (dropMask != null) {
            for (int at = 0; at < h.length; at += dropMask.length) {
                for (int k = 0; k < dropMask.length; k++) {
                    h[at + k] *= dropMask[k];
                }
            }
        }
        Tensor hPrev = Tensor.wrap(h, rows, u);
        return Backends.current().matmul(Ops.contiguous(hPrev.transpose(0, 1)), Tensor.wrap(dz, rows, width));
    }
}

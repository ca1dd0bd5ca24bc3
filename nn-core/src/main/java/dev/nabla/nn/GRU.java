package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Gated recurrent unit (Cho et al., 2014) with Keras's semantics and layout: gates side by side in the
 * order update, reset, candidate; sigmoid gates; tanh candidate. With {@link #resetAfter} (default, as
 * Keras 2+ and cuDNN) the reset gate is applied after the recurrent product and there are two biases:
 *
 * <pre>
 *   x_z, x_r, x_h = split(x_t · W + b_in)              (batch, 3·units)
 *   r_z, r_r, r_h = split(h_{t−1} · R + b_rec)
 *   z = σ(x_z + r_z)    r = σ(x_r + r_r)
 *   ĥ = tanh(x_h + r ∘ r_h)
 *   h_t = z ∘ h_{t−1} + (1 − z) ∘ ĥ
 * </pre>
 *
 * bias {@code (2, 3·units)} = {@code [b_in; b_rec]}. Without it (the original formulation):
 * {@code z, r} as above with one bias {@code (3·units)}, {@code ĥ = tanh(x_h + (r ∘ h_{t−1}) · R_h)}.
 * See {@link Recurrent} for sequences, masking, states and streaming.
 */
public final class GRU extends Recurrent<GRU> {
    private boolean resetAfter = true;

    /** A layer with a state of {@code units} (≥ 1) values. */
    public GRU(int units) {
        super(units);
    }

    /** Apply the reset gate after the recurrent product, with two biases; default true, as in Keras. */
    public GRU resetAfter(boolean value) {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + ": resetAfter changes the bias shape; set it before building");
        }
        this.resetAfter = value;
        return this;
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    protected int gates() {
        return 3;
    }

    @Override
    protected String gateOrder() {
        return "z, r, h";
    }

    @Override
    protected int[] biasShape() {
        return resetAfter ? new int[] {2, 3 * units()} : new int[] {3 * units()};
    }

    @Override
    protected Tensor inputBias() {
        return resetAfter ? bias.slice(0, 0, 1).reshape(3 * units()) : bias;
    }

    @Override
    protected List<Tensor> step(Tensor projected, List<Tensor> states, Tensor recurrentDrop) {
        int u = units();
        Tensor h = states.get(0);
        Tensor hr = dropped(h, recurrentDrop);
        List<Tensor> x = Ops.split(projected, 1, u, u, u);
        Tensor z;
        Tensor candidate;
        if (resetAfter) {
            Tensor rec = hr.matmul(recurrentKernel).add(bias.slice(0, 1, 2).reshape(3 * u));
            List<Tensor> r = Ops.split(rec, 1, u, u, u);
            z = Ops.sigmoid(x.get(0).add(r.get(0)));
            Tensor reset = Ops.sigmoid(x.get(1).add(r.get(1)));
            candidate = Ops.tanh(x.get(2).add(reset.mul(r.get(2))));
        } else {
            Tensor rec = hr.matmul(recurrentKernel.slice(1, 0, 2 * u));
            List<Tensor> r = Ops.split(rec, 1, u, u);
            z = Ops.sigmoid(x.get(0).add(r.get(0)));
            Tensor reset = Ops.sigmoid(x.get(1).add(r.get(1)));
            candidate = Ops.tanh(x.get(2).add(reset.mul(hr).matmul(recurrentKernel.slice(1, 2 * u, 3 * u))));
        }
        return List.of(z.mul(h).add(z.rsub(1f).mul(candidate)));
    }

    @Override
    protected Result fusedSequence(Tensor projected, List<Tensor> states, Tensor timeMask, Tensor recurrentDrop) {
        if (!resetAfter) {
            return null;
        }
        int last = projected.size(0) - 1;
        Tensor all = Ops.gruSequence(projected, recurrentKernel, bias.slice(0, 1, 2).reshape(3 * units()),
                states.get(0), timeMask, recurrentDrop);
        return new Result(all, List.of(all.slice(0, last, last + 1).reshape(all.size(1), units())));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("reset_after", resetAfter);
        return c;
    }

    static GRU fromConfig(Map<String, Object> c) {
        return configured(new GRU(Config.integer(c, "units")), c)
                .resetAfter(Config.bool(c, "reset_after", true));
    }
}

package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber, 1997) with Keras's semantics and layout: gates
 * side by side in the order input, forget, cell, output; sigmoid gates; tanh cell.
 *
 * <pre>
 *   z = x_t · W + h_{t−1} · R + b                (batch, 4·units) = [z_i | z_f | z_c | z_o]
 *   i = σ(z_i)   f = σ(z_f)   o = σ(z_o)   g = tanh(z_c)
 *   c_t = f ∘ c_{t−1} + i ∘ g
 *   h_t = o ∘ tanh(c_t)                          the output
 * </pre>
 *
 * Kernel {@code W (features, 4·units)}, recurrent kernel {@code R (units, 4·units)}, bias
 * {@code b (4·units)}; states {@code [h, c]}. With {@link #unitForgetBias} (default, as Keras) the forget
 * block of the bias starts at 1. See {@link Recurrent} for sequences, masking, states and streaming.
 */
public final class LSTM extends Recurrent<LSTM> {
    private boolean unitForgetBias = true;

    /** A layer with states {@code h} and {@code c} of {@code units} (≥ 1) values each. */
    public LSTM(int units) {
        super(units);
    }

    /** Start the forget gate's bias at 1 (Jozefowicz et al., 2015); default true, as in Keras. */
    public LSTM unitForgetBias(boolean value) {
        this.unitForgetBias = value;
        return this;
    }

    @Override
    protected int stateCount() {
        return 2;
    }

    @Override
    protected int gates() {
        return 4;
    }

    @Override
    protected String stateNames() {
        return "[h, c]";
    }

    @Override
    protected String gateOrder() {
        return "i, f, c, o";
    }

    @Override
    protected void onBuild(int[] inputShape) {
        super.onBuild(inputShape);
        if (unitForgetBias) {
            int u = units();
            java.util.Arrays.fill(bias.storage(), bias.offset() + u, bias.offset() + 2 * u, 1f);
        }
    }

    @Override
    protected List<Tensor> step(Tensor projected, List<Tensor> states, Tensor recurrentDrop) {
        int u = units();
        Tensor z = projected.add(dropped(states.get(0), recurrentDrop).matmul(recurrentKernel));
        List<Tensor> parts = Ops.split(z, 1, u, u, u, u);
        Tensor i = Ops.sigmoid(parts.get(0));
        Tensor f = Ops.sigmoid(parts.get(1));
        Tensor g = Ops.tanh(parts.get(2));
        Tensor o = Ops.sigmoid(parts.get(3));
        Tensor c = f.mul(states.get(1)).add(i.mul(g));
        Tensor h = o.mul(Ops.tanh(c));
        return List.of(h, c);
    }

    @Override
    protected Result fusedSequence(Tensor projected, List<Tensor> states, Tensor timeMask, Tensor recurrentDrop) {
        int u = units();
        int last = projected.size(0) - 1;
        Tensor all = Ops.lstmSequence(projected, recurrentKernel, states.get(0), states.get(1), timeMask,
                recurrentDrop);
        Tensor finals = all.slice(0, last, last + 1).reshape(all.size(1), 2 * u);
        return new Result(all.slice(2, 0, u), List.of(finals.slice(1, 0, u), finals.slice(1, u, 2 * u)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("unit_forget_bias", unitForgetBias);
        return c;
    }

    static LSTM fromConfig(Map<String, Object> c) {
        return configured(new LSTM(Config.integer(c, "units")), c)
                .unitForgetBias(Config.bool(c, "unit_forget_bias", true));
    }
}

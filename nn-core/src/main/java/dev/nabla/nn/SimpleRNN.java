package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The simple (Elman) recurrent layer, the seed's tanh step applied over time:
 *
 * <pre>
 *   h_t = tanh(x_t · W + h_{t−1} · R + b)        h_0 = 0 (or the given initial state)
 * </pre>
 *
 * with {@code x_t (batch, features)}, kernel {@code W (features, units)}, recurrent kernel
 * {@code R (units, units)} and bias {@code b (units)} — {@code h_t = tanh(W x_t + R h_{t−1} + b)} of
 * {@link dev.nabla.formula.RecurrentStep} written for row vectors (Keras layout). Gradients flow back
 * through every step (backpropagation through time). See {@link Recurrent} for sequences, masking,
 * states and streaming.
 */
public final class SimpleRNN extends Recurrent<SimpleRNN> {
    private Activation activation = Activation.TANH;

    /** A layer with a state of {@code units} (≥ 1) values. */
    public SimpleRNN(int units) {
        super(units);
    }

    /** The function in place of tanh (Keras's {@code activation}); default {@link Activation#TANH}. */
    public SimpleRNN activation(Activation fn) {
        this.activation = fn;
        return this;
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    protected int gates() {
        return 1;
    }

    @Override
    protected List<Tensor> step(Tensor projected, List<Tensor> states, Tensor recurrentDrop) {
        return List.of(activation.apply(projected.add(dropped(states.get(0), recurrentDrop).matmul(recurrentKernel))));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", activation.kerasName());
        return c;
    }

    static SimpleRNN fromConfig(Map<String, Object> c) {
        return configured(new SimpleRNN(Config.integer(c, "units")), c)
                .activation(Activation.of(Config.string(c, "activation", "tanh")));
    }
}

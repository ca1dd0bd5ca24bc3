package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Applies an {@link Activation} function (Keras's {@code Activation} layer). */
public class ActivationLayer extends Layer {
    private final Activation fn;

    /**
     * A layer that applies {@code fn} (not null) to its input, element by element (softmax: along the
     * feature axis).
     */
    public ActivationLayer(Activation fn) {
        if (fn == null) {
            throw new IllegalArgumentException("ActivationLayer: activation must not be null");
        }
        this.fn = fn;
    }

    @Override
    public ActivationLayer name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public ActivationLayer seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return fn.apply(x);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", fn.kerasName());
        return c;
    }

    static ActivationLayer fromConfig(Map<String, Object> c) {
        return named(new ActivationLayer(Activation.of((String) Config.required(c, "activation"))), c);
    }
}

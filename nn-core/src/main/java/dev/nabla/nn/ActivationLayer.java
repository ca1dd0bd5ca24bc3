package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Applies an {@link Activation} function (Keras's {@code Activation} layer). */
public class ActivationLayer extends Layer {
    private final Activation fn;

    public ActivationLayer(Activation fn) {
        if (fn == null) {
            throw new IllegalArgumentException("ActivationLayer: activation must not be null");
        }
        this.fn = fn;
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
        return named(new ActivationLayer(Activation.of((String) c.get("activation"))), c);
    }
}

package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Fully connected layer {@code y = activation(x·W + b)} with kernel {@code W (in, units)} and bias
 * {@code b (units)}. Inputs of rank &gt; 2 are multiplied along their last axis, as in Keras.
 */
public final class Dense extends Layer {
    private final int units;
    private Activation activation = Activation.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Tensor kernel;
    private Tensor bias;

    public Dense(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("Dense: units must be ≥ 1, got " + units);
        }
        this.units = units;
    }

    public Dense activation(Activation fn) {
        this.activation = fn;
        return this;
    }

    public Dense useBias(boolean use) {
        this.useBias = use;
        return this;
    }

    public Dense kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    public Dense biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return this;
    }

    public int units() {
        return units;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        outputShape(inputShape);
        int in = inputShape[inputShape.length - 1];
        kernel = addWeight("kernel", new int[] {in, units}, kernelInitializer, in, units, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {units}, biasInitializer, in, units, true);
        }
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = x.matmul(kernel);
        if (bias != null) {
            y = y.add(bias);
        }
        return activation.apply(y);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length < 1) {
            throw new IllegalArgumentException("Dense needs inputs (batch, …, features), got a sample shape "
                    + Shape.format(inputShape) + " (no feature axis)");
        }
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", activation.kerasName());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.getConfig());
        c.put("bias_initializer", biasInitializer.getConfig());
        return c;
    }

    @SuppressWarnings("unchecked")
    static Dense fromConfig(Map<String, Object> c) {
        Dense d = new Dense(((Number) c.get("units")).intValue())
                .activation(Activation.of((String) c.get("activation")))
                .useBias(!Boolean.FALSE.equals(c.get("use_bias")));
        if (c.get("kernel_initializer") != null) {
            d.kernelInitializer(Initializers.fromConfig((Map<String, Object>) c.get("kernel_initializer")));
        }
        if (c.get("bias_initializer") != null) {
            d.biasInitializer(Initializers.fromConfig((Map<String, Object>) c.get("bias_initializer")));
        }
        return named(d, c);
    }
}

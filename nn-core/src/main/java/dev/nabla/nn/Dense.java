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

    /**
     * A layer of {@code units} (≥ 1) outputs; no activation, with a bias, Glorot-uniform kernel and zero
     * bias (Keras's defaults).
     */
    public Dense(int units) {
        if (units < 1) {
            throw new IllegalArgumentException("Dense: units must be ≥ 1, got " + units);
        }
        this.units = units;
    }

    /** The function applied to {@code x·W + b}; default {@link Activation#LINEAR} (none). */
    public Dense activation(Activation fn) {
        this.activation = fn;
        return this;
    }

    /** Whether to add the bias {@code b}; default true. */
    public Dense useBias(boolean use) {
        this.useBias = use;
        return this;
    }

    /** How the kernel starts; default {@link Initializers#glorotUniform()}. */
    public Dense kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    /** How the bias starts; default {@link Initializers#zeros()}. */
    public Dense biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return this;
    }

    /** The number of outputs (the size of the last axis of the output). */
    public int units() {
        return units;
    }

    @Override
    public Dense name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Dense seed(long value) {
        super.seed(value);
        return this;
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
            throw new IllegalArgumentException(describe() + " expects inputs (batch, …, features), got a sample "
                    + "shape " + Shape.format(inputShape) + " (no feature axis)");
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

    static Dense fromConfig(Map<String, Object> c) {
        Dense d = new Dense(Config.integer(c, "units"))
                .activation(Activation.of(Config.string(c, "activation", null)))
                .useBias(Config.bool(c, "use_bias", true))
                .kernelInitializer(Initializers.fromConfig(c, "kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(Initializers.fromConfig(c, "bias_initializer", Initializers.zeros()));
        return named(d, c);
    }
}

package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Locale;

/**
 * Activation functions a layer can apply to its output ({@code new Dense(10).activation(SOFTMAX)}),
 * with Keras's names for configs. {@code SOFTMAX} works along the feature axis: the last one, as in
 * Keras, except for {@code (N, C, H, W)} images where it is the channel axis 1 (per-pixel classes).
 */
public enum Activation {
    /** {@code x}. */
    LINEAR,
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code 1 / (1 + e^−x)}. */
    SIGMOID,
    /** {@code tanh x}. */
    TANH,
    /** {@code e^x_i / Σ_j e^x_j} along the last axis (the channel axis of NCHW images). */
    SOFTMAX,
    /** {@code log(1 + e^x)}. */
    SOFTPLUS,
    /** {@code x} for x &gt; 0, else {@code e^x − 1}. */
    ELU,
    /** {@code x} for x &gt; 0, else {@code 0.2·x} (Keras 3's default slope). */
    LEAKY_RELU;

    /** Applies the function. */
    public Tensor apply(Tensor x) {
        switch (this) {
            case LINEAR: return x;
            case RELU: return Ops.relu(x);
            case SIGMOID: return Ops.sigmoid(x);
            case TANH: return Ops.tanh(x);
            case SOFTMAX: return Ops.softmax(x, x.rank() == 4 ? 1 : -1);
            case SOFTPLUS: return Ops.softplus(x);
            case ELU: return Ops.elu(x, 1f);
            case LEAKY_RELU: return Ops.leakyRelu(x, 0.2f);
            default: throw new AssertionError(this);
        }
    }

    /** The Keras name, e.g. {@code "relu"}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a Keras name ({@code "relu"}, {@code "softmax"}, …; null means linear). */
    public static Activation of(String name) {
        if (name == null) {
            return LINEAR;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; known: "
                    + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT), e);
        }
    }
}

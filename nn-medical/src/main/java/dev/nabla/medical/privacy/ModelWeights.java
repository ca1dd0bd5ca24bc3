package dev.nabla.medical.privacy;

import dev.nabla.nn.Layer;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Copies all of a built model's weights ({@link Layer#namedWeights()} order) out to and back from plain arrays. */
public final class ModelWeights {
    private ModelWeights() {
    }

    /** A copy of every weight, in {@link Layer#namedWeights()} order. */
    public static float[][] get(Layer model) {
        Map<String, Tensor> named = model.namedWeights();
        float[][] out = new float[named.size()][];
        int i = 0;
        for (Tensor w : named.values()) {
            out[i++] = w.contiguous().toArray();
        }
        return out;
    }

    /** Overwrites every weight in place with {@code values} (as from {@link #get} on the same architecture). */
    public static void set(Layer model, float[][] values) {
        Map<String, Tensor> named = model.namedWeights();
        if (named.size() != values.length) {
            throw new IllegalArgumentException("ModelWeights: the model has " + named.size() + " weights, got "
                    + values.length + " arrays");
        }
        int i = 0;
        for (Map.Entry<String, Tensor> e : named.entrySet()) {
            Tensor w = e.getValue();
            float[] v = values[i++];
            if (v.length != w.numel() || !w.isContiguous() || w.storage() == null) {
                throw new IllegalArgumentException("ModelWeights: weight '" + e.getKey() + "' " + Shape.format(w.shape())
                        + " has " + w.numel() + " values, got " + v.length);
            }
            System.arraycopy(v, 0, w.storage(), w.offset(), v.length);
        }
    }

    /** A deep copy. */
    public static float[][] copy(float[][] values) {
        float[][] out = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].clone();
        }
        return out;
    }
}

package dev.nabla.spark;

import dev.nabla.nn.Model;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.Serializable;
import java.util.Collection;

/**
 * A model's weights as plain float arrays, in {@link Model#namedWeights()} order: what the driver
 * broadcasts to the executors each step. Java-serializable, no nn-core objects inside.
 */
public final class ModelWeights implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long version;
    private final float[][] values;

    /**
     * @param version identifies this set of weights (e.g. the step it was taken at), so an executor
     *                that already holds it does not copy it again
     * @param values  one array per weight, in {@code namedWeights()} order; kept, not copied
     */
    public ModelWeights(long version, float[][] values) {
        this.version = version;
        this.values = values;
    }

    /** A copy of the model's current weights. */
    public static ModelWeights of(Model model, long version) {
        Collection<Tensor> weights = model.namedWeights().values();
        float[][] values = new float[weights.size()][];
        int i = 0;
        for (Tensor w : weights) {
            values[i++] = w.toArray();
        }
        return new ModelWeights(version, values);
    }

    /** Which weights these are (see the constructor). */
    public long version() {
        return version;
    }

    /** Number of weight arrays. */
    public int count() {
        return values.length;
    }

    /** Weight {@code i} itself (not a copy: do not change it). */
    public float[] get(int i) {
        return values[i];
    }

    /**
     * Writes these values into the model's weights, in place.
     *
     * @throws IllegalArgumentException if the model has other weights (count or sizes)
     */
    public void copyInto(Model model) {
        Collection<Tensor> weights = model.namedWeights().values();
        if (weights.size() != values.length) {
            throw new IllegalArgumentException("ModelWeights: " + values.length + " weight arrays, but model '"
                    + model.name() + "' has " + weights.size() + " weights");
        }
        int i = 0;
        for (Tensor w : weights) {
            float[] v = values[i];
            if (v.length != w.numel()) {
                throw new IllegalArgumentException("ModelWeights: array " + i + " has " + v.length + " values, weight "
                        + i + " of model '" + model.name() + "' has shape " + Shape.format(w.shape()));
            }
            if (!w.isContiguous()) {
                throw new IllegalStateException("ModelWeights: weight " + i + " of model '" + model.name()
                        + "' is not contiguous");
            }
            System.arraycopy(v, 0, w.storage(), w.offset(), v.length);
            i++;
        }
    }
}

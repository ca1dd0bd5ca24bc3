package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Joins inputs along an axis (default 1: channels of NCHW images, features of vectors) — the
 * skip connection of a U-Net.
 */
public final class Concatenate extends Merge {
    private final int axis;

    /**
     * Joins along axis 1: the channels of NCHW images, the features of vectors (Keras uses −1, its
     * channels-last axis).
     */
    public Concatenate() {
        this(1);
    }

    /** Axis counted with the batch axis as 0 (negative from the end). */
    public Concatenate(int axis) {
        if (axis == 0) {
            throw new IllegalArgumentException("Concatenate: axis 0 is the batch axis");
        }
        this.axis = axis;
    }

    @Override
    public Concatenate name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Concatenate seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.concat(axis, inputs.toArray(new Tensor[0]));
    }

    @Override
    public int[] outputShape(List<int[]> shapes) {
        int[] out = shapes.get(0).clone();
        int a = Shape.axis("Concatenate", axis, out.length + 1) - 1;
        if (a < 0) {
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is the batch axis");
        }
        for (int i = 1; i < shapes.size(); i++) {
            int[] s = shapes.get(i);
            boolean fits = s.length == out.length;
            for (int d = 0; fits && d < s.length; d++) {
                fits = d == a || s[d] == out[d];
            }
            if (!fits) {
                throw new IllegalArgumentException(describe() + ": sample shape " + Shape.format(s) + " of input "
                        + i + " does not fit " + Shape.format(shapes.get(0))
                        + " of input 0 (they may differ only along axis " + axis + ")");
            }
            out[a] += s[a];
        }
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    static Concatenate fromConfig(Map<String, Object> c) {
        return named(new Concatenate(Config.integer(c, "axis", 1)), c);
    }
}

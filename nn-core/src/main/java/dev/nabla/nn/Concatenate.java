package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Joins inputs along an axis (default 1: channels of NCHW images, features of vectors) — the
 * skip connection of a U-Net.
 */
public final class Concatenate extends Merge {
    private final int axis;

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
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.concat(axis, inputs.toArray(new Tensor[0]));
    }

    @Override
    public int[] outputShape(List<int[]> shapes) {
        int[] out = shapes.get(0).clone();
        int a = dev.nabla.tensor.Shape.axis("Concatenate", axis, out.length + 1) - 1;
        if (a < 0) {
            throw new IllegalArgumentException("Concatenate: axis " + axis + " is the batch axis");
        }
        for (int i = 1; i < shapes.size(); i++) {
            out[a] += shapes.get(i)[a];
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
        return named(new Concatenate(((Number) c.getOrDefault("axis", 1)).intValue()), c);
    }
}

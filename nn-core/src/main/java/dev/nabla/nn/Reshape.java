package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/** Reshapes each sample to {@code targetShape} (one entry may be −1); the batch axis is kept. */
public final class Reshape extends Layer {
    private final int[] target;

    /** Reshapes each sample to {@code targetShape} (no batch axis; one entry may be −1, inferred from the others). */
    public Reshape(int... targetShape) {
        this.target = targetShape.clone();
    }

    @Override
    public Reshape name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Reshape seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        int[] full = new int[target.length + 1];
        full[0] = x.size(0);
        System.arraycopy(outputShape(Arrays.copyOfRange(x.shape(), 1, x.rank())), 0, full, 1, target.length);
        return x.reshape(full);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int n = Shape.numel(inputShape);
        int[] out = target.clone();
        int unknown = -1;
        int known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1 && unknown < 0) {
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0 && known > 0 && n % known == 0) {
            out[unknown] = n / known;
        }
        if (Shape.numel(out) != n || unknown >= 0 && out[unknown] == -1) {
            throw new IllegalArgumentException("Reshape: cannot reshape a sample of shape " + Shape.format(inputShape)
                    + " (" + n + " values) to " + Shape.format(target));
        }
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("target_shape", Arrays.stream(target).boxed().toList());
        return c;
    }

    static Reshape fromConfig(Map<String, Object> c) {
        return named(new Reshape(Config.integers(c, "target_shape")), c);
    }
}

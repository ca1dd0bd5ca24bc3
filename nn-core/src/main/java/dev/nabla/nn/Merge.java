package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A layer of several inputs ({@link Concatenate}, {@link Add}), used inside composite models:
 * {@code merged = concat.call(skip, upsampled)}.
 */
public abstract class Merge extends Layer {
    /** For subclasses: a layer that is called with several inputs. */
    protected Merge() {
    }

    /** Combines the inputs (at least two, already checked). */
    protected abstract Tensor merge(List<Tensor> inputs);

    /** The output sample shape for the input sample shapes. */
    public abstract int[] outputShape(List<int[]> inputShapes);

    /** Applies the layer to two or more inputs. */
    public Tensor call(Tensor... inputs) {
        if (inputs == null || inputs.length < 2) {
            throw new IllegalArgumentException(describe() + ": needs at least two inputs, got "
                    + (inputs == null ? 0 : inputs.length));
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new IllegalArgumentException(describe() + ": input " + i + " is null");
            }
        }
        if (!isBuilt()) {
            int[] s = inputs[0].shape();
            build(Arrays.copyOfRange(s, 1, s.length));
        }
        try {
            return merge(List.of(inputs));
        } catch (IllegalArgumentException e) {
            StringBuilder shapes = new StringBuilder();
            for (Tensor t : inputs) {
                shapes.append(' ').append(Shape.format(t.shape()));
            }
            throw new IllegalArgumentException(describe() + " called with" + shapes + ": " + e.getMessage(), e);
        }
    }

    /** A merge layer needs several inputs; see {@link #call(Tensor...)}. */
    @Override
    public Tensor call(Tensor x) {
        return call(new Tensor[] {x});
    }

    @Override
    protected final Tensor forward(Tensor x) {
        throw new IllegalStateException(describe() + ": needs several inputs; use call(a, b, …)");
    }

    /** With one input shape the layer cannot know the others; returns it unchanged. */
    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }
}

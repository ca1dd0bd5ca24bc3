package dev.nabla.nn;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Mean over the spatial axes: {@code (batch, C, H, W) → (batch, C)}. */
public final class GlobalAveragePooling2D extends Layer {
    /** A layer that averages each channel over height and width; it has no weights. */
    public GlobalAveragePooling2D() {
    }

    @Override
    public GlobalAveragePooling2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public GlobalAveragePooling2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        Check.rank("GlobalAveragePooling2D", "input", x, 4, "(N, C, H, W)");
        return Ops.mean(x, new int[] {2, 3}, false);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireSampleRank(inputShape, 3, "(batch, channels, height, width)");
        return new int[] {inputShape[0]};
    }

    static GlobalAveragePooling2D fromConfig(Map<String, Object> c) {
        return named(new GlobalAveragePooling2D(), c);
    }
}

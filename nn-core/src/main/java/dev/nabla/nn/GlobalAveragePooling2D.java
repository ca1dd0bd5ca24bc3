package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/** Mean over the spatial axes: {@code (batch, C, H, W) → (batch, C)}. */
public final class GlobalAveragePooling2D extends Layer {
    @Override
    protected Tensor forward(Tensor x) {
        return Ops.mean(x, new int[] {2, 3}, false);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("GlobalAveragePooling2D expects inputs (batch, channels, height, width), "
                    + "got a sample shape " + Shape.format(inputShape));
        }
        return new int[] {inputShape[0]};
    }

    static GlobalAveragePooling2D fromConfig(Map<String, Object> c) {
        return named(new GlobalAveragePooling2D(), c);
    }
}

package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Nearest-neighbour upsampling: each pixel repeated {@code sizeH × sizeW} times. */
public final class UpSampling2D extends Layer {
    private final int sizeH;
    private final int sizeW;

    public UpSampling2D(int size) {
        this(size, size);
    }

    public UpSampling2D(int sizeH, int sizeW) {
        if (sizeH < 1 || sizeW < 1) {
            throw new IllegalArgumentException("UpSampling2D: size must be ≥ 1, got " + sizeH + "×" + sizeW);
        }
        this.sizeH = sizeH;
        this.sizeW = sizeW;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Ops.upsample2d(x, sizeH, sizeW);
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException("UpSampling2D expects inputs (batch, channels, height, width), "
                    + "got a sample shape " + Shape.format(in));
        }
        return new int[] {in[0], in[1] * sizeH, in[2] * sizeW};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", List.of(sizeH, sizeW));
        return c;
    }

    static UpSampling2D fromConfig(Map<String, Object> c) {
        int[] s = intArray(c.getOrDefault("size", List.of(2, 2)));
        return named(new UpSampling2D(s[0], s[1]), c);
    }
}

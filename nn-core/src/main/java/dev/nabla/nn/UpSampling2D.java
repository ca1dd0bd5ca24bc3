package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Nearest-neighbour upsampling: each pixel repeated {@code sizeH × sizeW} times. */
public final class UpSampling2D extends Layer {
    private final int sizeH;
    private final int sizeW;

    /** Repeats each pixel {@code size × size} times (Keras's default size is 2). */
    public UpSampling2D(int size) {
        this(size, size);
    }

    /** Repeats each pixel {@code sizeH} times down and {@code sizeW} times across (both ≥ 1). */
    public UpSampling2D(int sizeH, int sizeW) {
        if (sizeH < 1 || sizeW < 1) {
            throw new IllegalArgumentException("UpSampling2D: size must be ≥ 1, got " + sizeH + "×" + sizeW);
        }
        this.sizeH = sizeH;
        this.sizeW = sizeW;
    }

    @Override
    public UpSampling2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public UpSampling2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Ops.upsample2d(x, sizeH, sizeW);
    }

    @Override
    public int[] outputShape(int[] in) {
        requireSampleRank(in, 3, "(batch, channels, height, width)");
        return new int[] {in[0], in[1] * sizeH, in[2] * sizeW};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", List.of(sizeH, sizeW));
        return c;
    }

    static UpSampling2D fromConfig(Map<String, Object> c) {
        int[] s = Config.pair(c, "size", 2, 2);
        return named(new UpSampling2D(s[0], s[1]), c);
    }
}

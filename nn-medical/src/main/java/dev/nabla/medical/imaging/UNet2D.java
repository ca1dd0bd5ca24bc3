package dev.nabla.medical.imaging;

import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Concatenate;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Model;
import dev.nabla.nn.UpSampling2D;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A small 2-D U-Net (Ronneberger, Fischer and Brox, "U-Net: Convolutional Networks for Biomedical Image
 * Segmentation", MICCAI 2015), written as a composite {@link Model} from nn-core layers:
 * <pre>
 *   encoder level l (l = 0..depth−1):  [Conv3×3 → BatchNorm → ReLU] × 2 with f·2^l filters, then MaxPool 2×2
 *   bottleneck:                        [Conv3×3 → BatchNorm → ReLU] × 2 with f·2^depth filters
 *   decoder level l (l = depth−1..0):  UpSampling 2×2 → Conv3×3 (f·2^l) → Concatenate(skip l) → [Conv → BN → ReLU] × 2
 *   head:                              Conv1×1 with one channel per class, softmax over channels
 * </pre>
 * Input {@code (N, C, H, W)} with H and W divisible by {@code 2^depth}; output {@code (N, classes, H, W)}
 * class probabilities. "same" padding throughout, so the output has the input's size (the original U-Net used
 * "valid" convolutions and cropping). Weights are seeded from {@code seed}.
 */
public final class UNet2D extends Model {
    private final int classes;
    private final int depth;
    private final List<Layer[]> down = new ArrayList<>();
    private final List<MaxPool2D> pools = new ArrayList<>();
    private final Layer[] bottom;
    private final List<UpSampling2D> ups = new ArrayList<>();
    private final List<Conv2D> upConvs = new ArrayList<>();
    private final List<Concatenate> skips = new ArrayList<>();
    private final List<Layer[]> upBlocks = new ArrayList<>();
    private final Conv2D head;

    /**
     * @param classes     output channels (classes, background included)
     * @param baseFilters filters at the first level (doubled at every level down)
     * @param depth       number of poolings (1–5)
     * @param seed        weight-initialisation seed
     */
    public UNet2D(int classes, int baseFilters, int depth, long seed) {
        if (classes < 2 || baseFilters < 1 || depth < 1 || depth > 5) {
            throw new IllegalArgumentException("UNet2D: need classes ≥ 2, baseFilters ≥ 1, depth 1..5; got " + classes
                    + ", " + baseFilters + ", " + depth);
        }
        this.classes = classes;
        this.depth = depth;
        for (int l = 0; l < depth; l++) {
            down.add(block(baseFilters << l));
            pools.add(track(new MaxPool2D(2)));
        }
        bottom = block(baseFilters << depth);
        for (int l = depth - 1; l >= 0; l--) {
            ups.add(track(new UpSampling2D(2)));
            upConvs.add(track(new Conv2D(baseFilters << l, 3).padding("same").activation(Activation.RELU)));
            skips.add(track(new Concatenate()));
            upBlocks.add(block(baseFilters << l));
        }
        head = track(new Conv2D(classes, 1).activation(Activation.SOFTMAX));
        long s = seed;
        for (Layer child : children()) {
            child.seed(s++);
        }
    }

    private Layer[] block(int filters) {
        return new Layer[] {
                track(new Conv2D(filters, 3).padding("same").useBias(false)),
                track(new BatchNormalization().momentum(0.9)),
                track(new Conv2D(filters, 3).padding("same").useBias(false)),
                track(new BatchNormalization().momentum(0.9))};
    }

    private static Tensor run(Layer[] block, Tensor x) {
        Tensor h = block[1].call(block[0].call(x)).relu();
        return block[3].call(block[2].call(h)).relu();
    }

    /** Number of output classes. */
    public int classes() {
        return classes;
    }

    @Override
    protected Tensor forward(Tensor x) {
        int[] s = x.shape();
        int m = 1 << depth;
        if (s.length != 4 || s[2] % m != 0 || s[3] % m != 0) {
            throw new IllegalArgumentException("UNet2D: input must be (N, C, H, W) with H and W divisible by " + m
                    + " (depth " + depth + "), got " + java.util.Arrays.toString(s));
        }
        List<Tensor> skipTensors = new ArrayList<>();
        Tensor h = x;
        for (int l = 0; l < depth; l++) {
            h = run(down.get(l), h);
            skipTensors.add(h);
            h = pools.get(l).call(h);
        }
        h = run(bottom, h);
        for (int i = 0; i < depth; i++) {
            Tensor up = upConvs.get(i).call(ups.get(i).call(h));
            h = run(upBlocks.get(i), skips.get(i).call(skipTensors.get(depth - 1 - i), up));
        }
        return head.call(h);
    }

    @Override
    public int[] outputShape(int[] in) {
        return new int[] {classes, in[1], in[2]};
    }
}

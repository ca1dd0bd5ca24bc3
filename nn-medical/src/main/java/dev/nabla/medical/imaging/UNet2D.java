package dev.nabla.medical.imaging;

import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Concatenate;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Model;
import dev.nabla.nn.UpSampling2D;
import dev.nabla.io.ModelFile;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final int baseFilters;
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
        this.baseFilters = baseFilters;
        long s = seed;
        int i = 0;
        for (Layer child : children()) {
            child.seed(s++);
            // fixed names, so that a fresh instance of the same shape takes saved weights (see load)
            child.name(String.format(java.util.Locale.ROOT, "unet_%02d_%s", i++,
                    child.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /**
     * Saves weights and provenance (see {@link Model#save(Path, Map)}), adding the architecture under
     * {@code unet.classes}, {@code unet.base_filters}, {@code unet.depth}, {@code unet.input_shape} so that
     * {@link #load(Path)} can rebuild it.
     */
    @Override
    public void save(Path path, Map<String, Object> metadata) throws IOException {
        if (!isBuilt()) {
            throw new IllegalStateException("UNet2D.save: build or train the model first");
        }
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.put("unet.classes", classes);
        m.put("unet.base_filters", baseFilters);
        m.put("unet.depth", depth);
        List<Integer> shape = new ArrayList<>();
        for (int d : inputShape()) {
            shape.add(d);
        }
        m.put("unet.input_shape", shape);
        super.save(path, m);
    }

    /** Rebuilds a U-Net saved with {@link #save(Path, Map)} and loads its weights (inference mode, uncompiled). */
    public static UNet2D load(Path path) throws IOException {
        Map<String, Object> m = ModelFile.metadata(path);
        Object c = m.get("unet.classes");
        Object f = m.get("unet.base_filters");
        Object d = m.get("unet.depth");
        Object shape = m.get("unet.input_shape");
        if (c == null || f == null || d == null || !(shape instanceof List)) {
            throw new ImagingException(path, "not a UNet2D file: its metadata lacks unet.classes / unet.base_filters / "
                    + "unet.depth / unet.input_shape");
        }
        UNet2D net = new UNet2D(((Number) c).intValue(), ((Number) f).intValue(), ((Number) d).intValue(), 0);
        List<?> in = (List<?>) shape;
        int[] dims = new int[in.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = ((Number) in.get(i)).intValue();
        }
        net.build(dims);
        ModelFile.loadWeights(net, path);
        return net;
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

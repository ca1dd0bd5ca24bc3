package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a recurrent layer over the sequence in both directions and merges the two results, as Keras's
 * {@code Bidirectional}: a copy of the layer with {@code goBackwards} flipped reads the sequence from
 * its end; with {@code returnSequences} its outputs are put back in time order before merging, so
 * step t of the result sees the whole sequence.
 *
 * <pre>
 *   y = merge(forward(x), backward(x))       merge: concat (default, last axis) | sum | mul | ave
 * </pre>
 *
 * The two layers are named {@code forward_<name>} and {@code backward_<name>}; the backward one starts
 * from its own random weights.
 */
public final class Bidirectional extends Layer implements MaskConsumer {
    /** How the two directions' outputs are combined. */
    public enum MergeMode {
        /** Side by side along the last axis (2·units features). */
        CONCAT,
        /** Elementwise sum. */
        SUM,
        /** Elementwise product. */
        MUL,
        /** Elementwise mean. */
        AVE
    }

    private final Recurrent<?> forwardLayer;
    private final Recurrent<?> backwardLayer;
    private final String innerName;
    private final MergeMode mergeMode;

    /** Both directions of {@code layer}, concatenated. */
    public Bidirectional(Recurrent<?> layer) {
        this(layer, MergeMode.CONCAT);
    }

    /** Both directions of {@code layer}, merged by {@code mode}. */
    public Bidirectional(Recurrent<?> layer, MergeMode mode) {
        if (layer == null || mode == null) {
            throw new IllegalArgumentException("Bidirectional: layer and merge mode must not be null");
        }
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("Bidirectional: wrap " + layer + " before it is built");
        }
        this.innerName = layer.name();
        this.mergeMode = mode;
        Map<String, Object> config = new LinkedHashMap<>(layer.getConfig());
        config.remove("seed"); // the backward copy draws its own weights
        config.put("go_backwards", !layer.goBackwards());
        config.put("name", "backward_" + innerName);
        this.backwardLayer = (Recurrent<?>) Layers.fromConfig(Layers.className(layer), config);
        this.forwardLayer = layer;
        layer.name("forward_" + innerName);
        track(forwardLayer);
        track(backwardLayer);
    }

    /** The layer reading the sequence in the given direction. */
    public Recurrent<?> forwardLayer() {
        return forwardLayer;
    }

    /** The layer reading the sequence from its end. */
    public Recurrent<?> backwardLayer() {
        return backwardLayer;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        forwardLayer.build(inputShape);
        backwardLayer.build(inputShape);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return call(x, null);
    }

    @Override
    public Tensor call(Tensor x, Tensor mask) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException(describe() + " expects inputs (batch, time, features), got "
                    + (x == null ? "null" : "shape " + dev.nabla.tensor.Shape.format(x.shape())));
        }
        if (!isBuilt()) {
            build(x.size(1), x.size(2));
        }
        Tensor f = forwardLayer.call(x, mask);
        Tensor b = backwardLayer.call(x, mask);
        if (forwardLayer.returnSequences()) {
            b = Ops.indexSelect(b, 1, Recurrent.reversed(b.size(1)));
        }
        switch (mergeMode) {
            case CONCAT: return Ops.concat(-1, f, b);
            case SUM: return f.add(b);
            case MUL: return f.mul(b);
            case AVE: return f.add(b).mul(0.5f);
            default: throw new AssertionError(mergeMode);
        }
    }

    @Override
    public boolean keepsTimeAxis() {
        return forwardLayer.returnSequences();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] out = forwardLayer.outputShape(inputShape);
        if (mergeMode == MergeMode.CONCAT) {
            out[out.length - 1] *= 2;
        }
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        Map<String, Object> inner = Layers.entry(forwardLayer);
        @SuppressWarnings("unchecked")
        Map<String, Object> innerConfig = (Map<String, Object>) inner.get("config");
        innerConfig.put("name", innerName);
        c.put("layer", inner);
        c.put("merge_mode", mergeMode.name().toLowerCase(Locale.ROOT));
        return c;
    }

    static Bidirectional fromConfig(Map<String, Object> c) {
        Layer inner = TimeDistributed.unnested(c);
        if (!(inner instanceof Recurrent)) {
            throw new IllegalArgumentException("Bidirectional wraps a recurrent layer, got " + inner);
        }
        String mode = Config.string(c, "merge_mode", "concat");
        MergeMode m;
        try {
            m = MergeMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown merge_mode '" + mode + "'; known: concat, sum, mul, ave", e);
        }
        return named(new Bidirectional((Recurrent<?>) inner, m), c);
    }
}

package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain stack of layers, each feeding the next (Keras's {@code Sequential}). Built lazily from
 * the first batch, or explicitly with {@link #build(int...)} (sample shape, no batch axis) so
 * that {@link #summary()} can show shapes before training.
 *
 * <p>Layers without their own seed get one derived from the model's {@link #seed(long)} and
 * their position, so a seeded model built twice starts from the same weights.
 */
public final class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();

    /** A model that applies {@code layers} in order; more can be {@linkplain #add added} until it is built. */
    public Sequential(Layer... layers) {
        for (Layer layer : layers) {
            add(layer);
        }
    }

    /** Appends a layer (before the model is built). */
    public Sequential add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential.add: layer must not be null");
        }
        if (isBuilt()) {
            throw new IllegalStateException("Sequential.add: the model is already built; add layers before the first call");
        }
        if (layer instanceof Merge) {
            throw new IllegalArgumentException("Sequential.add: " + layer + " takes several inputs; "
                    + "use a composite Model for skip connections");
        }
        layers.add(track(layer));
        return this;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Sequential name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Sequential seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        int[] shape = inputShape;
        for (Layer layer : layers) {
            layer.build(shape);
            shape = layer.outputShape(shape);
        }
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = x;
        Tensor mask = null; // (batch, time) from a Masking layer, while the time axis lasts
        for (Layer layer : layers) {
            if (layer instanceof Masking) {
                mask = ((Masking) layer).computeMask(y);
                y = layer.call(y);
            } else if (mask != null && layer instanceof MaskConsumer) {
                y = ((MaskConsumer) layer).call(y, mask);
                mask = ((MaskConsumer) layer).keepsTimeAxis() ? mask : null;
            } else {
                y = layer.call(y);
                if (mask != null && !(y.rank() >= 3 && y.size(0) == mask.size(0) && y.size(1) == mask.size(1))) {
                    mask = null;
                }
            }
        }
        return y;
    }

    /**
     * A step-by-step runner for streaming input (one time step per call): recurrent layers keep their
     * states between calls, other layers are applied to each step. See {@link SequenceStream}.
     */
    public SequenceStream stream() {
        return new SequenceStream(layers);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] shape = inputShape;
        for (Layer layer : layers) {
            shape = layer.outputShape(shape);
        }
        return shape;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Layer layer : layers) {
            list.add(Layers.entry(layer));
        }
        c.put("layers", list);
        return c;
    }

    static Sequential fromConfig(Map<String, Object> c) {
        Object layers = Config.required(c, "layers");
        if (!(layers instanceof List)) {
            throw new IllegalArgumentException("'layers' must be a list of {class_name, config} entries, got "
                    + layers);
        }
        Sequential model = new Sequential();
        for (Object item : (List<?>) layers) {
            if (!(item instanceof Map)) {
                throw new IllegalArgumentException("each entry of 'layers' must be a {class_name, config} map, got "
                        + item);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) item;
            model.add(Layers.fromEntry(entry));
        }
        return named(model, c);
    }
}

package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        for (Layer layer : layers) {
            y = layer.call(y);
        }
        return y;
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
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", Layers.className(layer));
            entry.put("config", layer.getConfig());
            list.add(entry);
        }
        c.put("layers", list);
        return c;
    }

    @SuppressWarnings("unchecked")
    static Sequential fromConfig(Map<String, Object> c) {
        Sequential model = new Sequential();
        for (Map<String, Object> entry : (List<Map<String, Object>>) c.get("layers")) {
            model.add(Layers.fromConfig((String) entry.get("class_name"), (Map<String, Object>) entry.get("config")));
        }
        return named(model, c);
    }
}

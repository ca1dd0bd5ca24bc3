package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Applies one layer to every time step of {@code (batch, time, …)} with shared weights, as Keras's
 * {@code TimeDistributed}: {@code y[:, t] = layer(x[:, t])}. Done as one call on the
 * {@code (batch·time, …)} reshaped input, so it costs one batched pass.
 */
public final class TimeDistributed extends Layer implements MaskConsumer {
    private final Layer layer;

    /** Wraps {@code layer}, which sees one time step {@code (batch, …)} at a time. */
    public TimeDistributed(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("TimeDistributed: layer must not be null");
        }
        this.layer = track(layer);
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        requireTime(inputShape);
        layer.build(Arrays.copyOfRange(inputShape, 1, inputShape.length));
    }

    @Override
    protected Tensor forward(Tensor x) {
        int batch = x.size(0);
        int time = x.size(1);
        int[] shape = x.shape();
        int[] merged = new int[shape.length - 1];
        merged[0] = batch * time;
        System.arraycopy(shape, 2, merged, 1, shape.length - 2);
        Tensor y = layer.call(x.reshape(merged));
        int[] out = new int[y.rank() + 1];
        out[0] = batch;
        out[1] = time;
        System.arraycopy(y.shape(), 1, out, 2, y.rank() - 1);
        return y.reshape(out);
    }

    @Override
    public Tensor call(Tensor x, Tensor mask) {
        return call(x);
    }

    @Override
    public boolean keepsTimeAxis() {
        return true;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        requireTime(inputShape);
        int[] inner = layer.outputShape(Arrays.copyOfRange(inputShape, 1, inputShape.length));
        int[] out = new int[inner.length + 1];
        out[0] = inputShape[0];
        System.arraycopy(inner, 0, out, 1, inner.length);
        return out;
    }

    private void requireTime(int[] inputShape) {
        if (inputShape.length < 2) {
            throw new IllegalArgumentException(describe() + " expects inputs (batch, time, …) with at least one axis "
                    + "after time, got a sample shape " + Shape.format(inputShape) + " (batch axis left out)");
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("layer", Layers.entry(layer));
        return c;
    }

    /** Rebuilds a wrapped layer from {@code c.layer = {class_name, config}}. */
    static Layer unnested(Map<String, Object> c) {
        Map<String, Object> entry = Config.map(c, "layer");
        if (entry == null) {
            throw new IllegalArgumentException("missing key 'layer' (the wrapped layer as {class_name, config})");
        }
        return Layers.fromEntry(entry);
    }

    static TimeDistributed fromConfig(Map<String, Object> c) {
        return named(new TimeDistributed(unnested(c)), c);
    }
}

package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running measure of model quality, as Keras's {@code keras.metrics.Metric}: {@link #update} adds
 * a batch, {@link #result} reports over everything added since the last {@link #reset}.
 *
 * <pre>{@code
 * Metric accuracy = Metrics.accuracy();
 * for (Batch b : batches) accuracy.update(model.predict(b.x()), b.y());
 * System.out.println(accuracy.name() + " = " + accuracy.result());
 * accuracy.reset();
 * }</pre>
 *
 * <p>Implementations read values with {@link Tensor#toArray()}: updating builds no autograd graph.
 * They are not thread-safe.
 */
public interface Metric {
    /**
     * Adds one batch.
     *
     * @throws IllegalArgumentException naming the metric and both shapes when they do not fit
     */
    void update(Tensor predictions, Tensor targets);

    /** The value over every batch since the last {@link #reset} (0 before any update). */
    double result();

    /** Forgets everything added. */
    void reset();

    /** The Keras name, e.g. {@code "accuracy"}; the key in training logs. */
    String name();

    /**
     * What rebuilds this metric: {@code "class_name"} (Keras's, e.g. {@code "BinaryAccuracy"}),
     * {@code "name"} and the arguments ({@code "threshold"}, {@code "k"}, …). A fresh map on each
     * call; {@link Metrics#fromConfig} turns it back into an equal metric. The default gives the
     * class's simple name and {@link #name()}, which {@code Metrics.fromConfig} does not know: a
     * custom metric is saved with a model but must be passed to {@code compile} again.
     */
    default Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("class_name", getClass().getSimpleName());
        config.put("name", name());
        return config;
    }
}

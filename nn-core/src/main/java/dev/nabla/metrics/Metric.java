package dev.nabla.metrics;

import dev.nabla.tensor.Tensor;

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
}

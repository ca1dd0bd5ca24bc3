/**
 * Stateful metrics with Keras semantics: {@link dev.nabla.metrics.Metrics} makes them; each
 * {@link dev.nabla.metrics.Metric} accumulates over the batches of an epoch with
 * {@code update}, reports with {@code result} and starts over with {@code reset}.
 * {@link dev.nabla.metrics.ConfusionMatrix} counts (true class, predicted class) pairs.
 *
 * <p>Metrics read tensor values with {@code toArray()} and never build an autograd graph. Class
 * scores lie along the last axis (Keras channels-last); one output column means a binary problem.
 */
package dev.nabla.metrics;

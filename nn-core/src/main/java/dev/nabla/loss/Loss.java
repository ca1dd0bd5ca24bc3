package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * A training objective: turns a batch of predictions and targets into one number to minimise.
 *
 * <p>The result is a scalar (shape {@code []}) built from {@link dev.nabla.ops.Ops}, so
 * {@code loss.compute(predictions, targets).backward()} fills {@code dL/dpredictions}. Reduction
 * follows Keras's default {@code "sum_over_batch_size"}:
 * <pre>
 *     L = (1/B) · Σ_b w_b · l_b
 * </pre>
 * where {@code l_b} is the loss of sample {@code b}, {@code B} the batch size and {@code w_b} the
 * sample weight (1 when none is given). Note that, as in Keras, the sum is divided by the batch size,
 * not by {@code Σ w_b}.
 *
 * <p>Make losses with {@link Losses}; extend {@link PerSampleLoss} to write a new one.
 */
public interface Loss {
    /**
     * The mean loss over the batch.
     *
     * @param predictions model outputs, shape {@code (batch, …)}
     * @param targets     what the outputs should have been (shape depends on the loss)
     * @return a scalar, differentiable with respect to {@code predictions}
     * @throws IllegalArgumentException naming the loss and both shapes when they do not fit
     */
    Tensor compute(Tensor predictions, Tensor targets);

    /**
     * The loss with one weight per sample: {@code Σ_b w_b·l_b / batch}.
     *
     * @param sampleWeights shape {@code (batch)} (or {@code (batch, 1)}); {@code null} means all 1
     */
    Tensor compute(Tensor predictions, Tensor targets, Tensor sampleWeights);

    /** The Keras name, e.g. {@code "categorical_crossentropy"}; used as the key in training logs. */
    String name();

    /**
     * The constructor arguments with Keras keys ({@code "from_logits"}, {@code "label_smoothing"},
     * …), plus {@code "class_name"}, {@code "name"} and {@code "reduction"}. A fresh map on each
     * call; {@link Losses#fromConfig} turns it back into an equal loss.
     */
    Map<String, Object> getConfig();
}

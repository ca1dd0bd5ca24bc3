package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.nn.Model;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Computes the gradients of one training batch in place of {@code fit}'s default, which is the backward
 * pass of the batch-mean loss. Set with {@link Fit#batchGradients}. {@code fit} still does everything
 * else: it draws the batches, applies {@link Fit#augmentation}, then calls {@link #compute}, checks the
 * returned loss, takes one step of the model's compiled optimizer on {@code model.trainableWeights()},
 * updates the metrics from the returned predictions, and runs validation, callbacks and history.
 *
 * <p>Use it for training rules that change how a batch's gradient is formed, e.g. per-example clipping
 * plus noise (differentially private SGD).
 */
public interface BatchGradients {
    /**
     * Called once at the start of each {@code fit} call, before the first epoch, with the number of
     * training examples and the fit's settings. The default does nothing.
     */
    default void begin(Model model, int trainSize, Fit fit) {
    }

    /**
     * Sets the gradient ({@code grad()}) of every tensor in {@code model.trainableWeights()} for one batch;
     * {@code fit} then takes one optimizer step and clears the gradients. {@code batch} is null for an empty
     * batch (a {@link BatchSampler} may draw one); the model is in training mode.
     *
     * @return the batch's mean loss, the number of examples it averages over (0 for an empty batch; the
     *         epoch's loss is the example-weighted mean), and the detached predictions for the metrics, or
     *         null to leave the metrics out for this batch
     */
    Result compute(Model model, Batch batch);

    /**
     * Entries added to an epoch's logs after its last batch, before validation (so callbacks and the
     * {@link History} see them), e.g. the privacy spent so far. The default adds nothing.
     */
    default Map<String, Double> epochLogs(Model model, int epoch) {
        return Map.of();
    }

    /**
     * What {@link #compute} reports of one batch.
     *
     * @param loss        the batch's mean loss (ignored when {@code examples} is 0)
     * @param examples    the number of examples in the batch
     * @param predictions the model's detached outputs on the batch, or null
     */
    record Result(double loss, int examples, Tensor predictions) {
    }
}

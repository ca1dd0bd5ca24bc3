package dev.nabla.loss;

import dev.nabla.ops.Check;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loss defined sample by sample and averaged over the batch (Keras's
 * {@code "sum_over_batch_size"} reduction):
 * <pre>
 *     L = (1/B) · Σ_b w_b · l_b
 * </pre>
 * A subclass writes only {@link #computePerSample} — the vector {@code l} of shape {@code (batch)},
 * built from {@link dev.nabla.ops.Ops} — and gets the reduction, sample weights, argument checks
 * and the config for free:
 * <pre>{@code
 * final class LogCosh extends PerSampleLoss {
 *     LogCosh() { super("LogCosh", "log_cosh"); }
 *     protected Tensor computePerSample(Tensor p, Tensor t) {
 *         Tensor e = p.sub(t);                                     // (batch, features)
 *         return e.add(Ops.softplus(e.mul(-2f))).sub((float) Math.log(2)).mean(1);   // log cosh e
 *     }
 * }
 * }</pre>
 */
public abstract class PerSampleLoss implements Loss {
    /** Keras's name for "mean over the batch", recorded in every config. */
    public static final String REDUCTION = "sum_over_batch_size";

    private final String className;
    private final String name;

    /**
     * @param className the Keras class name, e.g. {@code "CategoricalCrossentropy"} (config key
     *                  {@code "class_name"})
     * @param name      the Keras loss name, e.g. {@code "categorical_crossentropy"}
     */
    protected PerSampleLoss(String className, String name) {
        this.className = className;
        this.name = name;
    }

    /**
     * The loss of each sample, shape {@code (batch)}, for subclasses. Called after the common
     * checks: both tensors are non-null and predictions have rank ≥ 1 and a non-empty batch.
     */
    protected abstract Tensor computePerSample(Tensor predictions, Tensor targets);

    /** Adds the constructor arguments (Keras keys) to the config; the default adds nothing. */
    protected void addConfig(Map<String, Object> config) {
    }

    /**
     * The unreduced loss, one value per sample (Keras's {@code reduction=None}): shape
     * {@code (batch)}, differentiable with respect to {@code predictions}.
     */
    public final Tensor perSample(Tensor predictions, Tensor targets) {
        if (predictions == null) {
            throw new IllegalArgumentException(name + ": predictions must not be null");
        }
        if (targets == null) {
            throw new IllegalArgumentException(name + ": targets must not be null");
        }
        if (predictions.rank() < 1) {
            throw new IllegalArgumentException(name + ": predictions need a batch axis, shape (batch, …); got "
                + Shape.format(predictions.shape()));
        }
        if (predictions.size(0) <= 0) {
            throw new IllegalArgumentException(name + ": the batch is empty (predictions of shape "
                + Shape.format(predictions.shape()) + ")");
        }
        Tensor losses = computePerSample(predictions, targets);
        if (losses.rank() != 1 || losses.size(0) != predictions.size(0)) {
            throw new IllegalStateException(name + ": computePerSample returned shape " + Shape.format(losses.shape())
                    + ", expected (batch) = [" + predictions.size(0) + "]");
        }
        return losses;
    }

    @Override
    public final Tensor compute(Tensor predictions, Tensor targets) {
        return compute(predictions, targets, null);
    }

    @Override
    public final Tensor compute(Tensor predictions, Tensor targets, Tensor sampleWeights) {
        Tensor losses = perSample(predictions, targets);
        int batch = predictions.size(0);
        if (sampleWeights == null) {
            return losses.sum().div(batch);
        }
        Tensor weights = LossShapes.sampleWeights(name, sampleWeights, predictions);
        return losses.mul(weights).sum().div(batch);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("class_name", className);
        config.put("name", name);
        config.put("reduction", REDUCTION);
        addConfig(config);
        return config;
    }

    /** {@code categorical_crossentropy{from_logits=false, label_smoothing=0.0, axis=-1}}. */
    @Override
    public String toString() {
        Map<String, Object> config = getConfig();
        config.remove("class_name");
        config.remove("name");
        config.remove("reduction");
        return name + config;
    }
}

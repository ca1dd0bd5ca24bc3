package dev.nabla.metrics;

import dev.nabla.ops.Check;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fraction of examples whose true class is among the {@code k} highest scores, as Keras's
 * {@code TopKCategoricalAccuracy} (one-hot targets) and {@code SparseTopKCategoricalAccuracy}
 * (class-index targets), chosen from the targets' shape. Ties count in the example's favour, as
 * TensorFlow's {@code in_top_k}: the true class {@code y} is a hit when fewer than {@code k} classes
 * score strictly higher than {@code y}.
 */
final class TopKAccuracy implements Metric {
    private final int k;
    private long hits;
    private long total;

    TopKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top_k_categorical_accuracy: k must be ≥ 1, got " + k);
        }
        this.k = k;
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        ClassLabels.requireTensors(name(), predictions, targets);
        if (!(!ClassLabels.isBinary(predictions.shape()))) {
            throw new IllegalArgumentException(name() + ": needs one score per class, "
                + "shape (batch, classes); got predictions of shape " + Shape.format(predictions.shape()));
        }
        int classes = predictions.size(-1);
        int[] truth = ClassLabels.trueClasses(name(), predictions, targets);
        float[] scores = predictions.toArray();
        for (int row = 0; row < truth.length; row++) {
            float trueScore = scores[row * classes + truth[row]];
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                if (scores[row * classes + c] > trueScore) {
                    higher++;
                }
            }
            if (higher < k) {
                hits++;
            }
        }
        total += truth.length;
    }

    @Override
    public double result() {
        return total == 0 ? 0 : (double) hits / total;
    }

    @Override
    public void reset() {
        hits = 0;
        total = 0;
    }

    /** Keras's name, {@code "top_k_categorical_accuracy"} (the same for every k). */
    @Override
    public String name() {
        return "top_k_categorical_accuracy";
    }

    /** {@code TopKCategoricalAccuracy} with {@code k}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("class_name", "TopKCategoricalAccuracy");
        config.put("name", name());
        config.put("k", k);
        return config;
    }

    @Override
    public String toString() {
        return "top_" + k + "_accuracy=" + result();
    }
}

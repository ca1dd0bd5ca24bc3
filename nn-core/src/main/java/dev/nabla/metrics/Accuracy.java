package dev.nabla.metrics;

import dev.nabla.ops.Check;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fraction of examples whose predicted class is the true class, as Keras's {@code "accuracy"}:
 * {@code correct / total} over every batch since the last reset.
 *
 * <p>The form follows the shapes (see {@link ClassLabels}): one output column is binary
 * ({@code p > 0.5}), same-shape targets are one-hot (argmax against argmax), smaller targets are
 * class indices. {@link Metrics#binaryAccuracy(float)} instead compares every element with a
 * threshold, whatever the shape (e.g. segmentation masks).
 */
final class Accuracy implements Metric {
    private final String name;
    private final boolean elementwiseBinary;
    private final float threshold;
    private long correct;
    private long total;

    /** The shape-inferred form, named {@code "accuracy"}. */
    Accuracy() {
        this("accuracy", false, 0.5f);
    }

    private Accuracy(String name, boolean elementwiseBinary, float threshold) {
        this.name = name;
        this.elementwiseBinary = elementwiseBinary;
        this.threshold = threshold;
    }

    /** Keras's {@code BinaryAccuracy}: {@code (p > threshold) == (t ≥ 0.5)} for every element. */
    static Accuracy binary(float threshold) {
        Check.argument(!Float.isNaN(threshold), "binary_accuracy: threshold must be a number, got NaN");
        return new Accuracy("binary_accuracy", true, threshold);
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        if (elementwiseBinary) {
            ClassLabels.requireTensors(name, predictions, targets);
            float[] t = ClassLabels.targetsOfSameShape(name, predictions, targets);
            float[] p = predictions.toArray();
            for (int i = 0; i < p.length; i++) {
                if ((p[i] > threshold) == (t[i] >= 0.5f)) {
                    correct++;
                }
            }
            total += p.length;
            return;
        }
        ClassLabels.Pairs pairs = ClassLabels.of(name, predictions, targets, threshold);
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.trueClasses()[i] == pairs.predictedClasses()[i]) {
                correct++;
            }
        }
        total += pairs.size();
    }

    @Override
    public double result() {
        return total == 0 ? 0 : (double) correct / total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code Accuracy}, or {@code BinaryAccuracy} with its {@code threshold}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("class_name", elementwiseBinary ? "BinaryAccuracy" : "Accuracy");
        config.put("name", name);
        if (elementwiseBinary) {
            config.put("threshold", threshold);
        }
        return config;
    }

    @Override
    public String toString() {
        return name + "=" + result();
    }
}

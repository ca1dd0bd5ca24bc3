package dev.nabla.spark;

import dev.nabla.nn.Model;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** Driver-side checks that a model and a training set fit together, before any Spark job runs. */
final class ModelChecks {
    private ModelChecks() {
    }

    /**
     * Builds an unbuilt model for the data's sample shape; rejects a built model whose input shape
     * differs from the data's.
     */
    static void requireFits(Model model, TrainingSet data, String who) {
        int[] sample = data.sampleShape();
        if (!model.isBuilt()) {
            model.build(sample);
        }
        if (!Arrays.equals(model.inputShape(), sample)) {
            throw new IllegalArgumentException(who + ": model '" + model.name() + "' takes inputs of shape "
                    + Shape.format(model.inputShape()) + " but the training data holds examples of shape "
                    + Shape.format(sample) + (Shape.numel(sample) == Shape.numel(model.inputShape())
                    ? " (same size: give the RowFormat the sample shape " + Shape.format(model.inputShape()) + ")" : ""));
        }
        // A dry run of the loss on one zero example, so targets the loss cannot use fail here, not in every task.
        int[] target = data.targetShape();
        int[] batchOfOne = new int[target.length + 1];
        batchOfOne[0] = 1;
        System.arraycopy(target, 0, batchOfOne, 1, target.length);
        int[] input = new int[sample.length + 1];
        input[0] = 1;
        System.arraycopy(sample, 0, input, 1, sample.length);
        try {
            model.loss().compute(model.predict(Tensor.zeros(input)), Tensor.zeros(batchOfOne));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who + ": the loss " + model.loss().name() + " cannot compare model '"
                    + model.name() + "' outputs of shape " + Shape.format(model.outputShape(sample))
                    + " with the training data's targets of shape " + Shape.format(target) + ": " + e.getMessage(), e);
        }
    }
}

package dev.nabla.spark;

import dev.nabla.nn.Model;
import dev.nabla.tensor.Shape;

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
    }
}

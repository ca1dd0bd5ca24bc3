package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Mean squared error, as Keras's {@code MeanSquaredError}: {@code l = mean_i (p_i − t_i)²} over
 * every non-batch axis. Targets have the predictions' shape.
 */
final class MeanSquaredError extends PerSampleLoss {
    MeanSquaredError() {
        super("MeanSquaredError", "mean_squared_error");
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        Tensor error = predictions.sub(LossShapes.targetsLike(name(), predictions, targets));
        return LossShapes.meanPerSample(error.square());
    }
}

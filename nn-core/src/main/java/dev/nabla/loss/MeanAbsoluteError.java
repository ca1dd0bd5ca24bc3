package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Mean absolute error, as Keras's {@code MeanAbsoluteError}: {@code l = mean_i |p_i − t_i|} over
 * every non-batch axis. Targets have the predictions' shape. (The gradient at {@code p = t} is 0.)
 */
final class MeanAbsoluteError extends PerSampleLoss {
    MeanAbsoluteError() {
        super("MeanAbsoluteError", "mean_absolute_error");
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        Tensor error = predictions.sub(LossShapes.targetsLike(name(), predictions, targets));
        return LossShapes.meanPerSample(error.abs());
    }
}

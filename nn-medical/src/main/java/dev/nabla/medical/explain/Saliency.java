package dev.nabla.medical.explain;

import dev.nabla.nn.Model;
import dev.nabla.tensor.Tensor;

/**
 * Gradient saliency (Simonyan, Vedaldi &amp; Zisserman 2014): how strongly each input value moves the
 * explained score {@code S_c} (output column {@code c}, a probability or a logit):
 * <pre>
 *     M(x) = | ∂S_c / ∂x |
 * </pre>
 * computed with one backward pass in inference mode (dropout off, batch-norm statistics frozen). For a
 * multi-channel image take the maximum over channels for a map. The model's weight gradients are
 * cleared afterwards, so an explanation never leaks into the next training step.
 */
public final class Saliency {
    private Saliency() {
    }

    /** {@code |∂S_c/∂x|}, of the input's shape; for a batch, each sample's own gradient (scores are summed). */
    public static Tensor gradient(Model model, Tensor input, int classIndex) {
        return signedGradient(model, input, classIndex).abs();
    }

    /** {@code ∂S_c/∂x} with its sign (positive: raising this input raises the score). */
    public static Tensor signedGradient(Model model, Tensor input, int classIndex) {
        Tensor x = input.contiguous().copyData().requiresGrad(true);
        boolean was = model.isTraining();
        model.setTraining(false);
        try {
            Tensor score = Scores.column(model.call(x), classIndex, "saliency");
            score.backward();
            Tensor g = x.grad();
            if (g == null) {
                throw new IllegalStateException("saliency: the score does not depend on the input");
            }
            return g.detach();
        } finally {
            model.setTraining(was);
            for (Tensor w : model.trainableWeights()) {
                w.zeroGrad();
            }
        }
    }
}

package dev.nabla.medical.explain;

import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

import java.util.List;

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

    /**
     * {@code ∂z_c/∂x} where {@code z_c = h·W[:, c] + b_c} is the pre-activation (the logit) of unit {@code c}
     * of the model's last layer, which must be a {@link Dense}. A sigmoid or softmax output saturates
     * (a probability of 1.0000 has a float gradient of 0); the logit does not.
     *
     * @throws IllegalArgumentException when the last layer is not a Dense layer
     */
    public static Tensor logitGradient(Sequential model, Tensor input, int unit) {
        List<Layer> layers = model.layers();
        Layer last = layers.get(layers.size() - 1);
        if (!(last instanceof Dense)) {
            throw new IllegalArgumentException("saliency: the last layer of '" + model.name() + "' is "
                    + last.getClass().getSimpleName() + "; logitGradient needs a Dense layer");
        }
        Dense dense = (Dense) last;
        if (unit < 0 || unit >= dense.units()) {
            throw new IllegalArgumentException("saliency: unit " + unit + " outside 0.." + (dense.units() - 1));
        }
        Tensor x = input.contiguous().copyData().requiresGrad(true);
        boolean was = model.isTraining();
        model.setTraining(false);
        try {
            Tensor h = x;
            for (int i = 0; i < layers.size() - 1; i++) {
                h = layers.get(i).call(h);
            }
            List<Tensor> w = dense.trainableWeights(); // kernel (in, units), then bias (units) when used
            Tensor z = h.matmul(w.get(0).slice(1, unit, unit + 1));
            if (w.size() > 1) {
                z = z.add(w.get(1).slice(0, unit, unit + 1));
            }
            z.sum().backward();
            return x.grad().detach();
        } finally {
            model.setTraining(was);
            for (Tensor t : model.trainableWeights()) {
                t.zeroGrad();
            }
        }
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

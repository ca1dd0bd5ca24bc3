package dev.nabla.medical.explain;

import dev.nabla.nn.Layer;
import dev.nabla.nn.Model;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Grad-CAM (Selvaraju et al. 2017): the class activation map of a convolution layer. With
 * {@code A^k} the layer's output channel {@code k} (size {@code u×v}) and {@code S_c} the explained
 * score,
 * <pre>
 *     α_k   = (1 / (u·v)) Σ_ij ∂S_c / ∂A^k_ij          (the channel's importance)
 *     L_c   = ReLU( Σ_k α_k A^k )                       (u×v; upsample to the input for an overlay)
 * </pre>
 * The layer is found by name anywhere in the model (a {@code Sequential} or a composite model's
 * sublayers); its output is kept with {@link Layer#observeOutput} and {@link Tensor#retainGrad()}
 * during one forward/backward pass in inference mode.
 */
public final class GradCam {
    private GradCam() {
    }

    /**
     * The map of sample 0 of {@code input} (shape (1, C, H, W)) for output column {@code classIndex}, as
     * {@code [u][v]}, at the layer's resolution.
     *
     * @throws IllegalArgumentException when no layer has that name, or its output is not (batch, K, u, v)
     */
    public static float[][] map(Model model, String layerName, Tensor input, int classIndex) {
        Layer layer = find(model, layerName);
        if (layer == null) {
            throw new IllegalArgumentException("Grad-CAM: no layer named '" + layerName + "' in model '" + model.name()
                    + "'; layers: " + names(model));
        }
        Tensor[] kept = new Tensor[1];
        layer.observeOutput(y -> {
            y.retainGrad();
            kept[0] = y;
        });
        boolean was = model.isTraining();
        model.setTraining(false);
        try {
            Tensor score = Scores.column(model.call(input), classIndex, "Grad-CAM");
            Tensor a = kept[0];
            if (a == null || a.rank() != 4) {
                throw new IllegalArgumentException("Grad-CAM: layer '" + layerName + "' must output (batch, channels, "
                        + "height, width), got " + (a == null ? "nothing" : java.util.Arrays.toString(a.shape())));
            }
            score.backward();
            Tensor g = a.grad();
            int k = a.size(1);
            int u = a.size(2);
            int v = a.size(3);
            float[][] cam = new float[u][v];
            if (g == null) {
                return cam; // the score does not depend on this layer: no evidence
            }
            for (int c = 0; c < k; c++) {
                double alpha = 0;
                for (int i = 0; i < u; i++) {
                    for (int j = 0; j < v; j++) {
                        alpha += g.get(0, c, i, j);
                    }
                }
                alpha /= (double) u * v;
                for (int i = 0; i < u; i++) {
                    for (int j = 0; j < v; j++) {
                        cam[i][j] += (float) (alpha * a.get(0, c, i, j));
                    }
                }
            }
            for (float[] row : cam) {
                for (int j = 0; j < v; j++) {
                    row[j] = Math.max(0, row[j]);
                }
            }
            return cam;
        } finally {
            layer.observeOutput(null);
            model.setTraining(was);
            for (Tensor w : model.trainableWeights()) {
                w.zeroGrad();
            }
        }
    }

    /** The last layer whose output is 4-D in a Sequential-like stack, by the Keras convention a good default. */
    public static String lastConvolution(Model model) {
        String last = null;
        for (Layer l : flatten(model)) {
            if (l instanceof dev.nabla.nn.Conv2D) {
                last = l.name();
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("Grad-CAM: model '" + model.name() + "' has no Conv2D layer");
        }
        return last;
    }

    static Layer find(Layer root, String name) {
        for (Layer l : flatten(root)) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    private static List<Layer> flatten(Layer root) {
        List<Layer> out = new ArrayList<>();
        for (Layer child : root.children()) {
            out.add(child);
            out.addAll(flatten(child));
        }
        return out;
    }

    private static List<String> names(Layer root) {
        List<String> n = new ArrayList<>();
        for (Layer l : flatten(root)) {
            n.add(l.name());
        }
        return n;
    }
}

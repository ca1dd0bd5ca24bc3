package dev.nabla.medical.privacy;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Dataset;
import dev.nabla.nn.Layer;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

/**
 * Classification accuracy of a model on a data set, in inference mode, batch by batch: the class is the
 * arg-max of the output for several outputs, {@code output ≥ 0.5} for one; targets are one-hot rows, or
 * class indices / 0-1 values.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /** The share of examples whose predicted class equals the target class. */
    public static double of(Layer model, Dataset data) {
        return correct(model, data) / (double) data.size();
    }

    /** The predicted class of every example. */
    public static int[] predictions(Layer model, Tensor x) {
        boolean was = model.isTraining();
        model.setTraining(false);
        int n = x.size(0);
        int[] out = new int[n];
        try (Grad.Scope off = Grad.off()) {
            for (int from = 0; from < n; from += 256) {
                int to = Math.min(n, from + 256);
                Tensor p = model.call(x.slice(0, from, to)).contiguous();
                float[] v = p.toArray();
                int k = p.numel() / (to - from);
                for (int i = 0; i < to - from; i++) {
                    out[from + i] = k == 1 ? (v[i] >= 0.5f ? 1 : 0) : argmax(v, i * k, k);
                }
            }
        } finally {
            model.setTraining(was);
        }
        return out;
    }

    /** The target class of every example. */
    public static int[] labels(Tensor y) {
        int n = y.size(0);
        float[] v = y.contiguous().toArray();
        int k = y.numel() / n;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = k == 1 ? Math.round(v[i]) : argmax(v, i * k, k);
        }
        return out;
    }

    static int correct(Layer model, Dataset data) {
        int[] p = predictions(model, data.x());
        int[] t = labels(data.y());
        int c = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == t[i]) {
                c++;
            }
        }
        return c;
    }

    private static int argmax(float[] v, int from, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Rows {@code idx} of {@code t} along the first axis. */
    static Tensor rows(Tensor t, int[] idx) {
        return Ops.indexSelect(t, 0, idx).detach();
    }
}

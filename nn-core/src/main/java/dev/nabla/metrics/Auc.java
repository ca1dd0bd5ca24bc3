package dev.nabla.metrics;

import dev.nabla.ops.Check;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact area under the ROC curve of a binary problem, as scikit-learn's
 * {@code roc_auc_score}. Every (score, label) pair since the last reset is kept; {@link #result}
 * sorts the scores and walks every distinct threshold from high to low, adding the trapezoid
 * between consecutive ROC points {@code (FPR, TPR)}:
 * <pre>
 *     AUC = Σ_thresholds (FP_new − FP_old)·(TP_new + TP_old) / 2  /  (P·N)
 * </pre>
 * Examples with equal scores enter together, so a tie between a positive and a negative counts ½
 * (the Mann–Whitney statistic). Scores may be probabilities or logits (AUC depends only on their
 * order); a target is positive when {@code t ≥ 0.5}. Predictions and targets are flattened, so
 * {@code (batch)}, {@code (batch, 1)} and multi-label {@code (batch, L)} all work (the last as
 * Keras's {@code AUC(multi_label=False)}). The result is 0 while the targets hold only one class
 * (the AUC is undefined; Keras also reports 0).
 */
final class Auc implements Metric {
    private float[] scores = new float[256];
    private boolean[] positive = new boolean[256];
    private int size;

    @Override
    public void update(Tensor predictions, Tensor targets) {
        ClassLabels.requireTensors(name(), predictions, targets);
        float[] t = ClassLabels.targetsOfSameShape(name(), predictions, targets);
        float[] p = predictions.toArray();
        for (int i = 0; i < p.length; i++) {
            if (Float.isNaN(p[i])) {
                throw new IllegalArgumentException(name() + ": prediction " + i + " of the batch is NaN");
            }
        }
        if (size + p.length > scores.length) {
            int capacity = Math.max(size + p.length, 2 * scores.length);
            scores = Arrays.copyOf(scores, capacity);
            positive = Arrays.copyOf(positive, capacity);
        }
        for (int i = 0; i < p.length; i++) {
            scores[size] = p[i];
            positive[size] = t[i] >= 0.5f;
            size++;
        }
    }

    @Override
    public double result() {
        int positives = 0;
        for (int i = 0; i < size; i++) {
            if (positive[i]) {
                positives++;
            }
        }
        int negatives = size - positives;
        if (positives == 0 || negatives == 0) {
            return 0;
        }
        float[] pos = new float[positives];
        float[] neg = new float[negatives];
        for (int i = 0, a = 0, b = 0; i < size; i++) {
            if (positive[i]) {
                pos[a++] = scores[i];
            } else {
                neg[b++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        // Walk the thresholds from the highest score down; i and j point at the next unused score.
        int i = positives - 1;
        int j = negatives - 1;
        long tp = 0;
        long fp = 0;
        double area = 0;
        while (i >= 0 || j >= 0) {
            float threshold = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
            long newTp = tp;
            long newFp = fp;
            while (i >= 0 && pos[i] == threshold) {
                newTp++;
                i--;
            }
            while (j >= 0 && neg[j] == threshold) {
                newFp++;
                j--;
            }
            area += (newFp - fp) * (double) (newTp + tp) / 2;
            tp = newTp;
            fp = newFp;
        }
        return area / ((double) positives * negatives);
    }

    @Override
    public void reset() {
        size = 0;
    }

    @Override
    public String name() {
        return "auc";
    }

    /** {@code AUC}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("class_name", "AUC");
        config.put("name", name());
        return config;
    }

    @Override
    public String toString() {
        return "auc=" + result();
    }
}

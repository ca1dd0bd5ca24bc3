package dev.nabla.medical.imaging;

import dev.nabla.loss.Loss;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi-class soft Dice loss (Milletari et al., V-Net, 2016; per-class averaging as in Sudre et al., 2017,
 * without their class weights): for predictions {@code p} {@code (N, C, H, W)} (softmax probabilities) and
 * one-hot targets {@code t} of the same shape, per class {@code c} over the whole batch
 * <pre>
 *     D_c = (2·Σ_{n,h,w} p·t + s) / (Σ p + Σ t + s),        loss = 1 − (1/C) Σ_c D_c
 * </pre>
 * with smoothing {@code s > 0}. Unlike nn-core's {@code Losses.softDice} (one Dice over all channels of each
 * sample, dominated by the largest class), every class counts equally, so small structures are not drowned by
 * the background. {@code includeBackground = false} averages over classes 1..C−1 only.
 */
public final class MultiClassDice implements Loss {
    private final float smooth;
    private final boolean includeBackground;

    public MultiClassDice(float smooth, boolean includeBackground) {
        if (!(smooth > 0)) {
            throw new IllegalArgumentException("MultiClassDice: smooth must be positive, got " + smooth);
        }
        this.smooth = smooth;
        this.includeBackground = includeBackground;
    }

    @Override
    public Tensor compute(Tensor predictions, Tensor targets) {
        int[] p = predictions.shape();
        if (p.length != 4 || !Arrays.equals(p, targets.shape())) {
            throw new IllegalArgumentException("multi_class_dice: predictions and one-hot targets must both be (N, C, H, W); got "
                    + Arrays.toString(p) + " and " + Arrays.toString(targets.shape()));
        }
        Tensor overlap = predictions.mul(targets).sum(0, 2, 3);           // (C)
        Tensor total = predictions.sum(0, 2, 3).add(targets.sum(0, 2, 3)); // (C)
        Tensor dice = overlap.mul(2f).add(smooth).div(total.add(smooth));
        if (!includeBackground) {
            int c = p[1];
            float[] mask = new float[c];
            Arrays.fill(mask, 1f);
            mask[0] = 0f;
            return dice.mul(Tensor.wrap(mask, c)).sum().div((float) (c - 1)).rsub(1f);
        }
        return dice.mean().rsub(1f);
    }

    @Override
    public Tensor compute(Tensor predictions, Tensor targets, Tensor sampleWeights) {
        if (sampleWeights != null) {
            throw new IllegalArgumentException("multi_class_dice: sample weights are not supported (Dice is a batch-level ratio)");
        }
        return compute(predictions, targets);
    }

    @Override
    public String name() {
        return "multi_class_dice";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", "MultiClassDice");
        m.put("name", name());
        m.put("smooth", smooth);
        m.put("include_background", includeBackground);
        return m;
    }
}

package dev.nabla.loss;

import dev.nabla.ops.Check;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * The soft Dice loss for segmentation (Milletari et al., 2016, with additive smoothing). For each
 * sample, over all its non-batch axes (every channel and pixel), with predicted probabilities
 * {@code p}, target mask {@code t} and smoothing {@code s > 0}:
 * <pre>
 *     l = 1 − (2·Σ p·t + s) / (Σ p + Σ t + s)
 * </pre>
 * {@code s} keeps an empty mask predicted empty at loss 0 instead of 0/0. Independent of the
 * layout (NCHW or NHWC).
 */
final class SoftDice extends PerSampleLoss {
    private final float smooth;

    SoftDice(float smooth) {
        super("SoftDice", "soft_dice");
        if (!(smooth > 0 && Float.isFinite(smooth))) {
            throw new IllegalArgumentException("soft_dice: smooth must be a positive number (it keeps empty masks from dividing 0 by 0), got " + smooth);
        }
        this.smooth = smooth;
    }

    @Override
    protected Tensor computePerSample(Tensor predictions, Tensor targets) {
        Tensor t = LossShapes.targetsLike(name(), predictions, targets);
        Tensor overlap = LossShapes.sumPerSample(predictions.mul(t));
        Tensor total = LossShapes.sumPerSample(predictions).add(LossShapes.sumPerSample(t));
        Tensor dice = overlap.mul(2f).add(smooth).div(total.add(smooth));
        return dice.rsub(1f);
    }

    @Override
    protected void addConfig(Map<String, Object> config) {
        config.put("smooth", smooth);
    }
}

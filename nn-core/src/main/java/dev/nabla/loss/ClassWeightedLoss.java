package dev.nabla.loss;

import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Weights each sample by the weight of its true class, as Keras's {@code fit(class_weight=…)}:
 * {@code w_b = classWeights[y_b] · sampleWeight_b}, then {@code L = Σ_b w_b·l_b / B} with the
 * wrapped loss's {@code l_b}. The true class {@code y_b} comes from the targets:
 * <ul>
 *   <li>one-hot {@code (batch, C)} with {@code C > 1}: the index of the largest entry;</li>
 *   <li>class indices or binary labels {@code (batch)} / {@code (batch, 1)}: the value rounded
 *       half to even (so binary labels 0/1 pick {@code classWeights[0]} / {@code [1]}).</li>
 * </ul>
 */
final class ClassWeightedLoss implements Loss {
    private final Loss loss;
    private final float[] classWeights;

    ClassWeightedLoss(Loss loss, float[] classWeights) {
        Check.argument(loss != null, "withClassWeights: the loss must not be null");
        Check.argument(classWeights != null && classWeights.length > 0,
                "withClassWeights: give at least one class weight");
        for (int c = 0; c < classWeights.length; c++) {
            float w = classWeights[c];
            if (!(w >= 0 && Float.isFinite(w))) {
                throw new IllegalArgumentException("withClassWeights(" + loss.name() + "): class weight "
                    + c + " must be a finite number ≥ 0, got " + w);
            }
        }
        this.loss = loss;
        this.classWeights = classWeights.clone();
    }

    @Override
    public Tensor compute(Tensor predictions, Tensor targets) {
        return compute(predictions, targets, null);
    }

    @Override
    public Tensor compute(Tensor predictions, Tensor targets, Tensor sampleWeights) {
        if (!(predictions != null && predictions.rank() >= 1)) {
            throw new IllegalArgumentException(name()
                + ": predictions need a batch axis, shape (batch, …); got " + (predictions == null ? "null"
                : Shape.format(predictions.shape())));
        }
        Tensor byClass = weightsOfTrueClasses(predictions, targets);
        if (sampleWeights == null) {
            return loss.compute(predictions, targets, byClass);
        }
        return loss.compute(predictions, targets, byClass.mul(LossShapes.sampleWeights(name(), sampleWeights, predictions)));
    }

    /** {@code classWeights[y_b]} for every sample, shape {@code (batch)}. */
    private Tensor weightsOfTrueClasses(Tensor predictions, Tensor targets) {
        if (targets == null) {
            throw new IllegalArgumentException(name() + ": targets must not be null");
        }
        int[] shape = targets.shape();
        if (!(shape.length >= 1 && shape[0] == predictions.size(0))) {
            throw new IllegalArgumentException(name() + ": predictions of shape "
                + Shape.format(predictions.shape()) + " and targets of shape " + Shape.format(shape)
                + " do not fit; they need the same batch size");
        }
        boolean indices = shape.length == 1 || (shape.length == 2 && shape[1] == 1);
        boolean oneHot = shape.length == 2 && shape[1] > 1;
        if (!(indices || oneHot)) {
            throw new IllegalArgumentException(name() + " with class weights: targets of shape " + Shape.format(shape)
                + " do not name one class per sample; expected class indices (batch) or (batch, 1), or one-hot (batch, classes)");
        }
        int batch = shape[0];
        float[] t = indices ? targets.toArray() : Ops.argmax(targets, 1, false).toArray();
        float[] weights = new float[batch];
        for (int b = 0; b < batch; b++) {
            int y = (int) Math.rint(t[b]);
            if (!(y >= 0 && y < classWeights.length)) {
                throw new IllegalArgumentException(name() + " with class weights: sample " + b
                    + " has class " + y + ", but weights were given for classes 0.." + (classWeights.length - 1));
            }
            weights[b] = classWeights[y];
        }
        return Tensor.wrap(weights, batch);
    }

    @Override
    public String name() {
        return loss.name();
    }

    /** The wrapped loss's config plus {@code "class_weights"}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = loss.getConfig();
        List<Float> weights = new ArrayList<>();
        for (float w : classWeights) {
            weights.add(w);
        }
        config.put("class_weights", weights);
        return config;
    }

    @Override
    public String toString() {
        return loss + " weighted by class " + getConfig().get("class_weights");
    }
}

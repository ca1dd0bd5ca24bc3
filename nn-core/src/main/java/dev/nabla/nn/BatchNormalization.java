package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.ops.Check;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Batch normalization (Ioffe &amp; Szegedy, 2015) with Keras semantics, over the channel axis
 * ({@code axis = 1}: channels of NCHW images, or features of {@code (batch, features)}):
 * <pre>
 *   training:  μ, σ² = mean and (biased) variance over every axis but {@code axis}
 *              y = γ · (x − μ) / √(σ² + ε) + β
 *              moving_mean     ← momentum · moving_mean     + (1 − momentum) · μ
 *              moving_variance ← momentum · moving_variance + (1 − momentum) · σ²
 *   inference: y = γ · (x − moving_mean) / √(moving_variance + ε) + β
 * </pre>
 * Defaults as Keras: {@code momentum = 0.99}, {@code ε = 1e-3}.
 */
public final class BatchNormalization extends Layer {
    private final int axis;
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private Tensor gamma;
    private Tensor beta;
    private Tensor movingMean;
    private Tensor movingVariance;
    private int[] reduceAxes;
    private int[] broadcastShape;

    /**
     * Normalizes axis 1: the channels of NCHW images, the features of {@code (batch, features)} (Keras
     * uses −1, its channels-last axis).
     */
    public BatchNormalization() {
        this(1);
    }

    /** Normalizes each entry of axis {@code axis} (counted with the batch axis as 0). */
    public BatchNormalization(int axis) {
        if (axis == 0) {
            throw new IllegalArgumentException("BatchNormalization: axis 0 is the batch axis; pick a feature axis");
        }
        this.axis = axis;
    }

    /** Weight of the old moving statistics in each update (Keras: 0.99). */
    public BatchNormalization momentum(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], got " + value);
        }
        momentum = value;
        return this;
    }

    /** The small constant (&gt; 0) added to the variance before the square root (Keras: 1e-3). */
    public BatchNormalization epsilon(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon must be > 0, got " + value);
        }
        epsilon = value;
        return this;
    }

    @Override
    public BatchNormalization name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public BatchNormalization seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        int rank = inputShape.length + 1;
        int a = Shape.axis("BatchNormalization", axis, rank);
        if (a == 0) {
            throw new IllegalArgumentException("axis " + axis + " is the batch axis");
        }
        int c = inputShape[a - 1];
        broadcastShape = new int[rank];
        java.util.Arrays.fill(broadcastShape, 1);
        broadcastShape[a] = c;
        int[] shape = {c};   // stored as (C), as Keras and PyTorch do
        gamma = addWeight("gamma", shape, Initializers.ones(), c, c, true);
        beta = addWeight("beta", shape, Initializers.zeros(), c, c, true);
        movingMean = addWeight("moving_mean", shape, Initializers.zeros(), c, c, false);
        movingVariance = addWeight("moving_variance", shape, Initializers.ones(), c, c, false);
        reduceAxes = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != a) {
                reduceAxes[k++] = i;
            }
        }
    }

    @Override
    protected Tensor forward(Tensor x) {
        int a = Shape.axis("BatchNormalization", axis, broadcastShape.length);
        if (!(x.rank() == broadcastShape.length && x.size(a) == broadcastShape[a])) {
            throw new IllegalArgumentException("BatchNormalization: expected inputs of rank " + broadcastShape.length + " with " + broadcastShape[a]
                + " entries along axis " + a + ", got shape " + Shape.format(x.shape()));
        }
        Tensor g = gamma.reshape(broadcastShape);
        Tensor b = beta.reshape(broadcastShape);
        if (!isTraining()) {
            Tensor scale = movingVariance.reshape(broadcastShape).add((float) epsilon).sqrt();
            return x.sub(movingMean.reshape(broadcastShape)).div(scale).mul(g).add(b);
        }
        Tensor mean = Ops.mean(x, reduceAxes, true);
        Tensor centred = x.sub(mean);
        Tensor variance = Ops.mean(centred.mul(centred), reduceAxes, true);
        updateMoving(movingMean, mean);
        updateMoving(movingVariance, variance);
        return centred.div(variance.add((float) epsilon).sqrt()).mul(g).add(b);
    }

    private void updateMoving(Tensor moving, Tensor batch) {
        try (Grad.Scope off = Grad.off()) {
            float[] m = moving.storage();
            float[] b = batch.toArray();
            for (int i = 0; i < b.length; i++) {
                m[moving.offset() + i] = (float) (momentum * m[moving.offset() + i] + (1 - momentum) * b[i]);
            }
        }
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shape.axis("BatchNormalization", axis, inputShape.length + 1);
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        return c;
    }

    static BatchNormalization fromConfig(Map<String, Object> c) {
        BatchNormalization b = new BatchNormalization(Config.integer(c, "axis", 1))
                .momentum(Config.number(c, "momentum", 0.99))
                .epsilon(Config.number(c, "epsilon", 1e-3));
        return named(b, c);
    }
}

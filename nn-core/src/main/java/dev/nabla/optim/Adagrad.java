package dev.nabla.optim;

import dev.nabla.ops.Check;

import java.util.Map;
import java.util.Set;

/**
 * Adagrad (Duchi, Hazan &amp; Singer 2011), with Keras's semantics: each weight's step shrinks with
 * the sum of its past squared gradients. With learning rate {@code α}:
 *
 * <pre>
 *   a ← a + g²                   (slot "accumulator", starts at initial_accumulator_value)
 *   θ ← θ − α·g / √(a + ε)
 * </pre>
 *
 * <p>Defaults are Keras's: {@code α = 1e-3}, initial accumulator 0.1, {@code ε = 1e-7}.
 * (PyTorch starts the accumulator at 0 and adds {@code ε} to {@code √a}.)
 */
public final class Adagrad extends Optimizer {
    private static final String NAME = "Adagrad";
    private static final Set<String> SLOTS = Set.of("accumulator");

    private double initialAccumulator = 0.1;
    private double epsilon = 1e-7;

    /** Adagrad with Keras's default learning rate 1e-3. */
    public Adagrad() {
        this(1e-3);
    }

    /** Adagrad with a constant learning rate. */
    public Adagrad(double learningRate) {
        super(NAME, learningRate);
    }

    /** Adagrad whose learning rate follows a schedule. */
    public Adagrad(LearningRateSchedule learningRate) {
        super(NAME, learningRate);
    }

    /**
     * Starting value {@code ≥ 0} of every accumulator (default 0.1). Takes effect for
     * parameters this optimizer has not updated yet.
     */
    public Adagrad initialAccumulatorValue(double value) {
        this.initialAccumulator = Check.nonNegative(NAME, "initial_accumulator_value", value);
        return this;
    }

    /** {@code ε > 0} added under the square root (default 1e-7). */
    public Adagrad epsilon(double epsilon) {
        this.epsilon = Check.positive(NAME, "epsilon", epsilon);
        return this;
    }

    @Override
    public Adagrad clipNorm(double maxNorm) {
        super.clipNorm(maxNorm);
        return this;
    }

    @Override
    public Adagrad clipValue(double maxValue) {
        super.clipValue(maxValue);
        return this;
    }

    @Override
    void update(float[] w, int wo, float[] g, int go, int n, Slots state, double lr) {
        float rate = (float) lr;
        float eps = (float) epsilon;
        float[] a = state.get("accumulator", n, (float) initialAccumulator);
        for (int i = 0; i < n; i++) {
            float gi = g[go + i];
            float ai = a[i] + gi * gi;
            a[i] = ai;
            w[wo + i] -= rate * gi / (float) Math.sqrt(ai + eps);
        }
    }

    @Override
    public Set<String> slotNames() {
        return SLOTS;
    }

    @Override
    public Set<String> slotNamesInUse() {
        return SLOTS;
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("initial_accumulator_value", initialAccumulator);
        config.put("epsilon", epsilon);
    }
}

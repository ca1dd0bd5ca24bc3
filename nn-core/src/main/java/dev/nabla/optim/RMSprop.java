package dev.nabla.optim;

import dev.nabla.ops.Check;

import java.util.Map;
import java.util.Set;

/**
 * RMSprop (Hinton, Neural Networks for Machine Learning, lecture 6e), with Keras's semantics:
 * {@code ε} inside the square root, optional plain momentum with the learning rate inside the
 * buffer, optional centering (Graves 2013). With learning rate {@code α}, discount {@code ρ},
 * momentum {@code μ}:
 *
 * <pre>
 *   v  ← ρ·v + (1 − ρ)·g²                (slot "velocity", starts at 0)
 *   centered:  ḡ ← ρ·ḡ + (1 − ρ)·g        (slot "average_gradient")
 *              d = v − ḡ² + ε
 *   otherwise: d = v + ε
 *   Δ  = α·g / √d
 *   μ &gt; 0:  b ← μ·b + Δ;  θ ← θ − b     (slot "momentum")
 *   μ = 0:  θ ← θ − Δ
 * </pre>
 *
 * <p>Defaults are Keras's: {@code α = 1e-3, ρ = 0.9, μ = 0, ε = 1e-7}, not centered. (PyTorch's
 * RMSprop adds {@code ε} to {@code √d} instead and keeps {@code α} out of the momentum buffer.)
 */
public final class RMSprop extends Optimizer {
    private static final String NAME = "RMSprop";
    private static final Set<String> SLOTS = Set.of("velocity", "average_gradient", "momentum");

    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;

    /** RMSprop with Keras's default learning rate 1e-3. */
    public RMSprop() {
        this(1e-3);
    }

    /** RMSprop with a constant learning rate. */
    public RMSprop(double learningRate) {
        super(NAME, learningRate);
    }

    /** RMSprop whose learning rate follows a schedule. */
    public RMSprop(LearningRateSchedule learningRate) {
        super(NAME, learningRate);
    }

    /** Discount {@code ρ ∈ [0, 1)} of the squared-gradient average (default 0.9). */
    public RMSprop rho(double rho) {
        this.rho = Check.unitOpen(NAME, "rho", rho);
        return this;
    }

    /** Momentum {@code μ ∈ [0, 1)}; 0 (the default) turns it off. */
    public RMSprop momentum(double momentum) {
        this.momentum = Check.unitOpen(NAME, "momentum", momentum);
        return this;
    }

    /** {@code ε > 0} added under the square root (default 1e-7). */
    public RMSprop epsilon(double epsilon) {
        this.epsilon = Check.positive(NAME, "epsilon", epsilon);
        return this;
    }

    /** Centered RMSprop: divide by an estimate of the gradient's variance instead of its second moment. */
    public RMSprop centered(boolean centered) {
        this.centered = centered;
        return this;
    }

    @Override
    public RMSprop clipNorm(double maxNorm) {
        super.clipNorm(maxNorm);
        return this;
    }

    @Override
    public RMSprop clipValue(double maxValue) {
        super.clipValue(maxValue);
        return this;
    }

    @Override
    void update(float[] w, int wo, float[] g, int go, int n, Slots state, double lr) {
        float rate = (float) lr;
        float r = (float) rho;
        float c = (float) (1 - rho);
        float eps = (float) epsilon;
        float mu = (float) momentum;
        float[] v = state.get("velocity", n);
        float[] avg = centered ? state.get("average_gradient", n) : null;
        float[] b = momentum > 0 ? state.get("momentum", n) : null;
        for (int i = 0; i < n; i++) {
            float gi = g[go + i];
            float vi = r * v[i] + c * gi * gi;
            v[i] = vi;
            float d;
            if (avg != null) {
                float ai = r * avg[i] + c * gi;
                avg[i] = ai;
                d = vi - ai * ai + eps;
            } else {
                d = vi + eps;
            }
            float delta = rate * gi / (float) Math.sqrt(d);
            if (b != null) {
                float bi = mu * b[i] + delta;
                b[i] = bi;
                w[wo + i] -= bi;
            } else {
                w[wo + i] -= delta;
            }
        }
    }

    @Override
    public Set<String> slotNames() {
        return SLOTS;
    }

    @Override
    public Set<String> slotNamesInUse() {
        Set<String> used = new java.util.LinkedHashSet<>();
        used.add("velocity");
        if (centered) {
            used.add("average_gradient");
        }
        if (momentum > 0) {
            used.add("momentum");
        }
        return java.util.Collections.unmodifiableSet(used);
    }

    @Override
    void addConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("centered", centered);
    }
}

package dev.nabla.backend;

/**
 * One element-wise optimizer update, as handed to {@link Backend#optimizerUpdate}: the rule and its
 * scalars for this step, already reduced to {@code float}s (learning rate, bias corrections).
 * {@link #applyOnHost} is the reference arithmetic — the CPU's, and what a device kernel must
 * reproduce. With weights {@code w}, (clipped) gradient {@code g} and state arrays ("slots"):
 *
 * <pre>
 * SGD  (slots: b = "momentum", only when μ &gt; 0):
 *   g ← g + λ·w;   μ = 0:  w ← w − lr·g
 *                  μ &gt; 0:  b ← μ·b + g;  w ← w − lr·(nesterov ? g + μ·b : b)
 * Adam (slots: m = "momentum", v = "velocity", v_max = "velocity_hat" only with AMSGrad):
 *   w ← w·shrink;  g ← g + λ·w
 *   m ← β₁·m + (1−β₁)·g;  v ← β₂·v + (1−β₂)·g²;  amsgrad: v ← v_max ← max(v_max, v)
 *   w ← w − stepSize·m / (√v · invSqrtBc2 + ε)
 * </pre>
 *
 * where Adam's {@code stepSize = lr / (1 − β₁ᵗ)}, {@code invSqrtBc2 = 1/√(1 − β₂ᵗ)}, and AdamW's
 * decoupled decay is {@code shrink = 1 − lr·λ} with {@code λ = 0} in the gradient. Use the
 * factories {@link #sgd} and {@link #adam}.
 *
 * @param kind      SGD or Adam
 * @param lr        SGD's learning rate (unused by Adam)
 * @param momentum  SGD's μ (0: plain SGD, no slot)
 * @param nesterov  SGD's Nesterov form
 * @param l2        λ added to the gradient as λ·w (PyTorch's weight_decay)
 * @param stepSize  Adam's lr / (1 − β₁ᵗ)
 * @param invSqrtBc2 Adam's 1/√(1 − β₂ᵗ)
 * @param beta1     Adam's β₁
 * @param beta2     Adam's β₂
 * @param oneMinusBeta1 Adam's 1 − β₁ (rounded from double, as the CPU always did)
 * @param oneMinusBeta2 Adam's 1 − β₂
 * @param epsilon   Adam's ε
 * @param shrink    AdamW's 1 − lr·λ (1 for Adam)
 * @param amsgrad   Adam's AMSGrad variant (a third slot)
 */
public record OptimizerUpdate(Kind kind, float lr, float momentum, boolean nesterov, float l2, float stepSize,
                              float invSqrtBc2, float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2,
                              float epsilon, float shrink, boolean amsgrad) {

    /** The update rules a backend may run on its device. */
    public enum Kind {
        /** SGD with optional (Nesterov) momentum and L2 decay; slots: {@code momentum} when μ &gt; 0. */
        SGD,
        /** Adam/AdamW with optional AMSGrad; slots: {@code momentum}, {@code velocity}[, {@code velocity_hat}]. */
        ADAM
    }

    /** An SGD step. */
    public static OptimizerUpdate sgd(float lr, float momentum, boolean nesterov, float l2) {
        return new OptimizerUpdate(Kind.SGD, lr, momentum, nesterov, l2, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, false);
    }

    /** An Adam (or, with {@code shrink ≠ 1} and {@code l2 = 0}, AdamW) step. */
    public static OptimizerUpdate adam(float stepSize, float invSqrtBc2, float beta1, float beta2, float oneMinusBeta1,
                                       float oneMinusBeta2, float epsilon, float l2, float shrink, boolean amsgrad) {
        return new OptimizerUpdate(Kind.ADAM, 0f, 0f, false, l2, stepSize, invSqrtBc2, beta1, beta2, oneMinusBeta1,
                oneMinusBeta2, epsilon, shrink, amsgrad);
    }

    /** How many state arrays this update reads and writes, in the order {@link Backend#optimizerUpdate} takes them. */
    public int slotCount() {
        return switch (kind) {
            case SGD -> momentum == 0f ? 0 : 1;
            case ADAM -> amsgrad ? 3 : 2;
        };
    }

    /**
     * The update on host arrays: {@code n} weights at {@code w[wo…]}, gradients at {@code g[go…]},
     * and {@link #slotCount()} state arrays of {@code n} elements each (from index 0).
     */
    public void applyOnHost(float[] w, int wo, float[] g, int go, int n, float[][] slots) {
        if (kind == Kind.SGD) {
            sgdOnHost(w, wo, g, go, n, slots);
        } else {
            adamOnHost(w, wo, g, go, n, slots);
        }
    }

    private void sgdOnHost(float[] w, int wo, float[] g, int go, int n, float[][] slots) {
        float rate = lr;
        float wd = l2;
        if (momentum == 0f) {
            for (int i = 0; i < n; i++) {
                float gi = g[go + i] + wd * w[wo + i];
                w[wo + i] -= rate * gi;
            }
            return;
        }
        float mu = momentum;
        float[] b = slots[0];
        for (int i = 0; i < n; i++) {
            float gi = g[go + i] + wd * w[wo + i];
            float bi = mu * b[i] + gi;
            b[i] = bi;
            w[wo + i] -= rate * (nesterov ? gi + mu * bi : bi);
        }
    }

    private void adamOnHost(float[] w, int wo, float[] g, int go, int n, float[][] slots) {
        float b1 = beta1;
        float b2 = beta2;
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        float eps = epsilon;
        float[] m = slots[0];
        float[] v = slots[1];
        float[] vMax = amsgrad ? slots[2] : null;
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i] * shrink;
            float gi = g[go + i] + l2 * wi;
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            w[wo + i] = wi - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + eps);
        }
    }
}

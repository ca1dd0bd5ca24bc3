package dev.nabla.medical.privacy;

import dev.nabla.loss.Loss;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DP-SGD (Abadi et al. 2016, Algorithm 1) around any nn-core {@link Optimizer}: per step the privatised
 * gradient of {@link DpGradient},
 * <pre>
 *     g̃ = ( Σ_b ∇l_b · min(1, C / ‖∇l_b‖₂)  +  N(0, σ²C²·I) ) / B_expected
 * </pre>
 * where the per-example gradients {@code ∇l_b} come from {@link PerExampleGradients} (one forward and one
 * backward pass), {@code C} is the clipping norm, {@code σ} the noise multiplier and {@code B_expected} the
 * expected batch size ({@code q·N} under Poisson sampling, as Opacus and TF Privacy divide by the expected,
 * not the realised, size). {@code g̃} is stored as each weight's gradient and the wrapped optimizer takes
 * its usual step (SGD, momentum, Adam, … — post-processing keeps the guarantee).
 *
 * <p>With {@code σ = 0} and {@code C = ∞} a step equals a plain step on the batch-mean loss. The noise comes
 * from a {@code SplittableRandom} seeded at construction; an empty (Poisson) batch still gets its noise.
 */
public final class DpSgd {
    private final Optimizer optimizer;
    private final DpGradient gradient;

    /**
     * @param optimizer       the optimizer that applies the privatised gradient
     * @param clipNorm        C &gt; 0, the per-example L2 bound ({@link Double#POSITIVE_INFINITY}: no clipping,
     *                        allowed only with σ = 0)
     * @param noiseMultiplier σ ≥ 0, noise standard deviation in units of C
     * @param seed            seed of the noise
     */
    public DpSgd(Optimizer optimizer, double clipNorm, double noiseMultiplier, long seed) {
        if (optimizer == null) {
            throw new IllegalArgumentException("DpSgd: optimizer must not be null");
        }
        this.gradient = new DpGradient(clipNorm, noiseMultiplier, seed);
        this.optimizer = optimizer;
    }

    /** The clipping norm C. */
    public double clipNorm() {
        return gradient.clipNorm();
    }

    /** The noise multiplier σ. */
    public double noiseMultiplier() {
        return gradient.noiseMultiplier();
    }

    /** The wrapped optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * One private step on the batch {@code (x, y)} (which may be empty: {@code x == null}).
     *
     * @return {@code loss} (batch-mean loss, NaN for an empty batch), {@code clipped_fraction} (share of examples
     *         whose gradient norm exceeded C) and {@code batch_size}
     */
    public Map<String, Double> step(Sequential model, Loss loss, Tensor x, Tensor y, double expectedBatchSize) {
        DpGradient.Result r = gradient.apply(model, loss, x, y, expectedBatchSize);
        List<Tensor> params = model.trainableWeights();
        optimizer.step(params);
        optimizer.zeroGrad(params);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", r.loss());
        out.put("clipped_fraction", r.clippedFraction());
        out.put("batch_size", (double) r.batchSize());
        return out;
    }

    @Override
    public String toString() {
        return "DpSgd(C = " + clipNorm() + ", σ = " + noiseMultiplier() + ", " + optimizer + ")";
    }
}

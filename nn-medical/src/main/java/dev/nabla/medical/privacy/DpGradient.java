package dev.nabla.medical.privacy;

import dev.nabla.loss.Loss;
import dev.nabla.loss.PerSampleLoss;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The privatised gradient of DP-SGD (Abadi et al. 2016, Algorithm 1) for one batch, without the optimizer
 * step:
 * <pre>
 *     g̃ = ( Σ_b ∇l_b · min(1, C / ‖∇l_b‖₂)  +  N(0, σ²C²·I) ) / B_expected
 * </pre>
 * stored as each trainable weight's gradient. The per-example gradients {@code ∇l_b} come from
 * {@link PerExampleGradients} (one forward and one backward pass); {@code C} is the clipping norm, {@code σ}
 * the noise multiplier, {@code B_expected} the expected batch size ({@code q·N}; Opacus and TF Privacy divide
 * by the expected, not the realised, size). The noise comes from a {@link SplittableRandom} seeded at
 * construction, drawn weight by weight, element by element; an empty batch still gets its noise.
 * {@link DpSgd} adds an optimizer step; {@link DpFit} plugs it into {@code Model.fit}.
 */
public final class DpGradient {
    private final double clipNorm;
    private final double noiseMultiplier;
    private final SplittableRandom noise;

    /**
     * @param clipNorm        C &gt; 0, the per-example L2 bound ({@link Double#POSITIVE_INFINITY}: no clipping,
     *                        allowed only with σ = 0)
     * @param noiseMultiplier σ ≥ 0, noise standard deviation in units of C
     * @param seed            seed of the noise
     */
    public DpGradient(double clipNorm, double noiseMultiplier, long seed) {
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("DP-SGD: clip norm C must be > 0, got " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("DP-SGD: noise multiplier σ must be finite and ≥ 0, got " + noiseMultiplier);
        }
        if (Double.isInfinite(clipNorm) && noiseMultiplier > 0) {
            throw new IllegalArgumentException("DP-SGD: noise σ·C is infinite without clipping; give a finite clip norm");
        }
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.noise = new SplittableRandom(seed);
    }

    /** The clipping norm C. */
    public double clipNorm() {
        return clipNorm;
    }

    /** The noise multiplier σ. */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /**
     * What one batch gave.
     *
     * @param loss            mean per-example loss (NaN for an empty batch)
     * @param clippedFraction share of examples whose gradient norm exceeded C (0 for an empty batch)
     * @param batchSize       the realised batch size
     * @param outputs         the model's detached outputs on the batch, or null for an empty batch
     */
    public record Result(double loss, double clippedFraction, int batchSize, Tensor outputs) {
    }

    /**
     * Sets {@code g̃} as the gradient of every trainable weight of {@code model} for the batch {@code (x, y)}
     * ({@code x == null}: an empty batch, noise only).
     */
    public Result apply(Sequential model, Loss loss, Tensor x, Tensor y, double expectedBatchSize) {
        if (!(loss instanceof PerSampleLoss)) {
            throw new IllegalArgumentException("DP-SGD: the loss must be defined per example (a PerSampleLoss), got "
                    + loss);
        }
        if (!(expectedBatchSize > 0)) {
            throw new IllegalArgumentException("DP-SGD: expected batch size must be > 0, got " + expectedBatchSize);
        }
        if (!model.isBuilt() && x != null) {
            model.build(java.util.Arrays.copyOfRange(x.shape(), 1, x.rank()));
        }
        List<Tensor> params = model.trainableWeights();
        float[][] sum;
        double meanLoss = Double.NaN;
        int clipped = 0;
        int n = x == null ? 0 : x.size(0);
        Tensor outputs = null;
        if (n == 0) {
            sum = new float[params.size()][];
            for (int p = 0; p < params.size(); p++) {
                sum[p] = new float[params.get(p).numel()];
            }
        } else {
            PerExampleGradients pe = PerExampleGradients.compute(model, (PerSampleLoss) loss, x, y);
            if (!pe.parameters().equals(params)) {
                throw new IllegalStateException("DP-SGD: per-example gradients cover " + pe.parameters().size()
                        + " weights but the model trains " + params.size());
            }
            sum = pe.clippedSum(clipNorm);
            double s = 0;
            for (float l : pe.losses()) {
                s += l;
            }
            meanLoss = s / n;
            for (int b = 0; b < n; b++) {
                if (pe.norm(b) > clipNorm) {
                    clipped++;
                }
            }
            outputs = pe.outputs();
        }
        double std = noiseMultiplier * (Double.isInfinite(clipNorm) ? 0 : clipNorm);
        for (int p = 0; p < params.size(); p++) {
            float[] g = sum[p];
            for (int i = 0; i < g.length; i++) {
                double v = g[i];
                if (std > 0) {
                    v += std * noise.nextGaussian();
                }
                g[i] = (float) (v / expectedBatchSize);
            }
            Tensor w = params.get(p);
            w.zeroGrad();
            w.accumulateGrad(Tensor.of(g, w.shape()));
        }
        return new Result(meanLoss, n == 0 ? 0.0 : (double) clipped / n, n, outputs);
    }

    @Override
    public String toString() {
        return "DpGradient(C = " + clipNorm + ", σ = " + noiseMultiplier + ")";
    }
}

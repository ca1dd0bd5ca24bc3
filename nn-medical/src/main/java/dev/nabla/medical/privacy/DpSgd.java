package dev.nabla.medical.privacy;

import dev.nabla.loss.Loss;
import dev.nabla.loss.PerSampleLoss;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DP-SGD (Abadi et al. 2016, Algorithm 1) around any nn-core {@link Optimizer}: per step,
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
 * from a {@link SplittableRandom} seeded at construction; an empty (Poisson) batch still gets its noise.
 */
public final class DpSgd {
    private final Optimizer optimizer;
    private final double clipNorm;
    private final double noiseMultiplier;
    private final SplittableRandom noise;

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
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("DpSgd: clip norm C must be > 0, got " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("DpSgd: noise multiplier σ must be finite and ≥ 0, got " + noiseMultiplier);
        }
        if (Double.isInfinite(clipNorm) && noiseMultiplier > 0) {
            throw new IllegalArgumentException("DpSgd: noise σ·C is infinite without clipping; give a finite clip norm");
        }
        this.optimizer = optimizer;
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
        if (!(loss instanceof PerSampleLoss)) {
            throw new IllegalArgumentException("DpSgd: the loss must be defined per example (a PerSampleLoss), got "
                    + loss);
        }
        if (!(expectedBatchSize > 0)) {
            throw new IllegalArgumentException("DpSgd: expected batch size must be > 0, got " + expectedBatchSize);
        }
        if (!model.isBuilt() && x != null) {
            model.build(java.util.Arrays.copyOfRange(x.shape(), 1, x.rank()));
        }
        List<Tensor> params = model.trainableWeights();
        float[][] sum;
        double meanLoss = Double.NaN;
        int clipped = 0;
        int n = x == null ? 0 : x.size(0);
        if (n == 0) {
            sum = new float[params.size()][];
            for (int p = 0; p < params.size(); p++) {
                sum[p] = new float[params.get(p).numel()];
            }
        } else {
            PerExampleGradients pe = PerExampleGradients.compute(model, (PerSampleLoss) loss, x, y);
            if (!pe.parameters().equals(params)) {
                throw new IllegalStateException("DpSgd: per-example gradients cover " + pe.parameters().size()
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
        optimizer.step(params);
        optimizer.zeroGrad(params);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", meanLoss);
        out.put("clipped_fraction", n == 0 ? 0.0 : (double) clipped / n);
        out.put("batch_size", (double) n);
        return out;
    }

    @Override
    public String toString() {
        return "DpSgd(C = " + clipNorm + ", σ = " + noiseMultiplier + ", " + optimizer + ")";
    }
}

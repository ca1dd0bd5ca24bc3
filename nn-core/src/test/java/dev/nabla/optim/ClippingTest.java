package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nabla.optim.Support.assertFails;
import static dev.nabla.optim.Support.param;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gradient clipping before the update, measured through SGD with lr = 1 (so Δθ = −clipped g).
 * Global norm as torch.nn.utils.clip_grad_norm_ / Keras global_clipnorm
 * (tf.clip_by_global_norm: g ← g·c / max(‖g‖, c)); value clipping as Keras clipvalue.
 */
class ClippingTest {
    /** The step SGD(lr=1) took: start − after. */
    private static float[] moved(float[] start, Tensor after) {
        float[] out = new float[start.length];
        for (int i = 0; i < start.length; i++) {
            out[i] = start[i] - after.get(i);
        }
        return out;
    }

    @Test
    void globalNormOfTenIsScaledToOneAcrossParameters() {
        // ‖(6, 0) , (8)‖ = √(36 + 64) = 10 → scaled by 1/10 to (0.6, 0), (0.8): norm 1
        Tensor a = param(0f, 0f);
        Tensor b = param(0f);
        setGrad(a, 6, 0);
        setGrad(b, 8);
        new SGD(1).clipNorm(1).step(List.of(a, b));
        float[] da = moved(new float[] {0, 0}, a);
        float[] db = moved(new float[] {0}, b);
        assertArrayEquals(new float[] {0.6f, 0f}, da, 1e-7f);
        assertArrayEquals(new float[] {0.8f}, db, 1e-7f);
        assertEquals(1.0, Math.sqrt(da[0] * da[0] + db[0] * db[0]), 1e-6);
        // the gradients themselves are left as backward() made them
        assertArrayEquals(new float[] {6f, 0f}, a.grad().toArray());
    }

    @Test
    void smallGradientIsLeftAlone() {
        // ‖(0.3, 0.4)‖ = 0.5 ≤ 1: unchanged
        Tensor p = param(0f, 0f);
        setGrad(p, 0.3, 0.4);
        new SGD(1).clipNorm(1).step(List.of(p));
        assertArrayEquals(new float[] {-0.3f, -0.4f}, p.toArray());
    }

    @Test
    void clipValueClampsEachElement() {
        Tensor p = param(0f, 0f, 0f, 0f);
        setGrad(p, 5, -5, 0.2, -0.3);
        new SGD(1).clipValue(0.5).step(List.of(p));
        assertArrayEquals(new float[] {-0.5f, 0.5f, -0.2f, 0.3f}, p.toArray());
    }

    @Test
    void normClippingComesBeforeValueClipping() {
        // (6, 8) has norm 10 → (0.6, 0.8) by clipNorm(1), then clipValue(0.7) → (0.6, 0.7)
        Tensor p = param(0f, 0f);
        setGrad(p, 6, 8);
        new SGD(1).clipNorm(1).clipValue(0.7).step(List.of(p));
        assertArrayEquals(new float[] {-0.6f, -0.7f}, p.toArray(), 1e-7f);
    }

    @Test
    void clippingFeedsTheAdaptiveOptimizersToo() {
        // Adam's state sees the clipped gradient: m = (1 − β₁)·g_clipped
        Tensor p = param(0f, 0f);
        setGrad(p, 30, 40);
        Adam adam = new Adam(1e-3).clipNorm(5);
        adam.step(List.of(p));
        float[] m = adam.state(List.of(p)).slots(0).get("momentum");
        assertArrayEquals(new float[] {0.1f * 3f, 0.1f * 4f}, m, 1e-6f);
    }

    @Test
    void nonFiniteGlobalNormIsAnErrorNotASilentNaN() {
        Tensor p = param(1f, 2f);
        setGrad(p, Double.NaN, 1);
        assertFails(IllegalStateException.class, () -> new SGD(0.1).clipNorm(1).step(List.of(p)), "SGD", "NaN");
        assertArrayEquals(new float[] {1f, 2f}, p.toArray());
    }
}

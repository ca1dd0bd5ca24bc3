package dev.nabla.medical.explain;

import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.GlobalAveragePooling2D;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainTest {
    static void set(Tensor weight, float... values) {
        assertEquals(weight.numel(), values.length);
        System.arraycopy(values, 0, weight.storage(), weight.offset(), values.length);
    }

    @Test
    void saliencyEqualsCentralFiniteDifferences() {
        Sequential model = new Sequential(new Dense(5).activation(Activation.TANH), new Dense(2).activation(Activation.SOFTMAX));
        model.seed(3).build(4);
        Random rng = new Random(1);
        float[] x = new float[4];
        for (int i = 0; i < 4; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        float[] g = Saliency.signedGradient(model, Tensor.of(x.clone(), 1, 4), 1).toArray();
        float eps = 1e-2f;
        for (int i = 0; i < 4; i++) {
            float[] up = x.clone();
            float[] down = x.clone();
            up[i] += eps;
            down[i] -= eps;
            double fd = (model.predict(Tensor.of(up, 1, 4)).get(0, 1) - model.predict(Tensor.of(down, 1, 4)).get(0, 1))
                    / (2.0 * eps);
            assertEquals(fd, g[i], 2e-3, "input " + i);
        }
        float[] abs = Saliency.gradient(model, Tensor.of(x.clone(), 1, 4), 1).toArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(Math.abs(g[i]), abs[i], 0);
        }
        for (Tensor w : model.trainableWeights()) {
            assertEquals(null, w.grad(), "weight gradients are cleared after an explanation");
        }
    }

    @Test
    void logitSaliencyByHand() {
        // Dense(2, relu) with identity kernel, then Dense(1, sigmoid) with kernel (3, −2), bias 0.5:
        // logit = 3·relu(x0) − 2·relu(x1) + 0.5 → ∂/∂x = (3, −2) where x > 0, even when the sigmoid saturates
        Sequential model = new Sequential(new Dense(2).activation(Activation.RELU).useBias(false),
                new Dense(1).activation(Activation.SIGMOID));
        model.build(2);
        set(model.layers().get(0).trainableWeights().get(0), 1, 0, 0, 1);
        set(model.layers().get(1).trainableWeights().get(0), 3, -2);
        set(model.layers().get(1).trainableWeights().get(1), 0.5f);
        Tensor x = Tensor.of(new float[] {40, 1}, 1, 2); // sigmoid(118.5) = 1.0f: its gradient is 0 in float
        assertArrayEquals(new float[] {3, -2}, Saliency.logitGradient(model, x, 0).toArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 0}, Saliency.signedGradient(model, x, 0).toArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Saliency.logitGradient(model, x, 1));
    }

    /** conv (1×1, filters +1 and −1, no bias) → global average pool → dense (no bias). */
    static Sequential handBuilt(float d0, float d1) {
        Sequential model = new Sequential(new Conv2D(2, 1).useBias(false).name("conv"), new GlobalAveragePooling2D(),
                new Dense(1).useBias(false));
        model.build(1, 2, 2);
        set(model.layers().get(0).trainableWeights().get(0), 1, -1);
        set(model.layers().get(2).trainableWeights().get(0), d0, d1);
        return model;
    }

    @Test
    void gradCamOfAHandBuiltModel() {
        // A⁰ = x, A¹ = −x; S = d₀·mean(A⁰) + d₁·mean(A¹), so ∂S/∂A^k_ij = d_k/4 and α_k = d_k/4.
        // d = (2, 1): L = ReLU(0.5·x − 0.25·x) = 0.25·x
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        float[][] cam = GradCam.map(handBuilt(2, 1), "conv", x, 0);
        assertArrayEquals(new float[] {0.25f, 0.5f}, cam[0], 1e-6f);
        assertArrayEquals(new float[] {0.75f, 1.0f}, cam[1], 1e-6f);
        // d = (1, 2): 0.25·x − 0.5·x < 0 everywhere → ReLU gives 0
        float[][] none = GradCam.map(handBuilt(1, 2), "conv", x, 0);
        assertArrayEquals(new float[] {0, 0}, none[0], 0);
        assertEquals("conv", GradCam.lastConvolution(handBuilt(1, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCam.map(handBuilt(1, 1), "conv9", x, 0));
        assertTrue(e.getMessage().startsWith("Grad-CAM: no layer named 'conv9'"), e.getMessage());
    }

    /** A composite model (not Sequential): the conv layer is reached through the observer hook. */
    static final class Composite extends Model {
        final Conv2D conv = track(new Conv2D(2, 1).useBias(false).name("features"));
        final Dense head = track(new Dense(1).useBias(false));
        final GlobalAveragePooling2D pool = track(new GlobalAveragePooling2D());

        @Override
        protected Tensor forward(Tensor x) {
            return head.call(pool.call(conv.call(x)));
        }

        @Override
        public int[] outputShape(int[] in) {
            return new int[] {1};
        }
    }

    @Test
    void gradCamOfACompositeModel() {
        Composite m = new Composite();
        m.build(1, 2, 2);
        set(m.conv.trainableWeights().get(0), 1, -1);
        set(m.head.trainableWeights().get(0), 2, 1);
        float[][] cam = GradCam.map(m, "features", Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2), 0);
        assertArrayEquals(new float[] {0.75f, 1.0f}, cam[1], 1e-6f);
    }

    @Test
    void occlusionHighlightsTheOnlyRegionTheModelReads() {
        // score = mean of the top-left 4×4 block of an 8×8 image of ones; a 2×2 zero patch inside it drops the
        // score by 4/16 = 0.25, anywhere else by 0
        java.util.function.Function<Tensor, Tensor> topLeft = batch -> {
            int n = batch.size(0);
            float[] s = new float[n];
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        s[b] += batch.get(b, 0, i, j) / 16f;
                    }
                }
            }
            return Tensor.of(s, n, 1);
        };
        float[] ones = new float[64];
        java.util.Arrays.fill(ones, 1);
        float[][] m = new Occlusion(2, 2, 0f).map(topLeft, Tensor.of(ones, 1, 1, 8, 8), 0);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(i < 4 && j < 4 ? 0.25f : 0f, m[i][j], 1e-6f, "(" + i + "," + j + ")");
            }
        }
        // the same with a real model: a Conv2D + Flatten + Dense whose dense weights are zero outside the region
        Sequential model = new Sequential(new Conv2D(1, 1).useBias(false), new Flatten(), new Dense(1).useBias(false));
        model.build(1, 8, 8);
        set(model.layers().get(0).trainableWeights().get(0), 1);
        float[] dense = new float[64];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                dense[i * 8 + j] = 1 / 16f;
            }
        }
        set(model.layers().get(2).trainableWeights().get(0), dense);
        float[][] m2 = new Occlusion(2, 2, 0f).map(model, Tensor.of(ones, 1, 1, 8, 8), 0);
        assertEquals(0.25f, m2[1][1], 1e-6f);
        assertEquals(0f, m2[6][6], 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Occlusion(0, 1, 0));
    }

    @Test
    void heatMapResizeAndOverlayByHand() {
        float[][] r = HeatMap.resize(new float[][] {{0, 1}, {2, 3}}, 4, 4);
        assertEquals(0f, r[0][0], 1e-6f);      // clamped to the corner
        assertEquals(0.75f, r[1][1], 1e-6f);   // y = x = 0.25: 0.75·0.25 + 0.25·(0.75·2 + 0.25·3)
        assertEquals(3f, r[3][3], 1e-6f);
        float[][] img = {{0, 1}, {0.5f, 1}};
        float[][] heat = {{0, 0}, {0, 1}};
        java.awt.image.BufferedImage none = HeatMap.overlay(img, heat, HeatMap.Colormap.JET, 0);
        assertEquals(new java.awt.Color(128, 128, 128).getRGB(), none.getRGB(0, 1)); // grey 0.5 unchanged
        java.awt.image.BufferedImage full = HeatMap.overlay(img, heat, HeatMap.Colormap.JET, 1);
        // t = 1, α = 1: jet(1) = (0.5, 0, 0) → (128, 0, 0); t = 0 pixels keep their grey
        assertEquals(new java.awt.Color(128, 0, 0).getRGB(), full.getRGB(1, 1));
        assertEquals(new java.awt.Color(255, 255, 255).getRGB(), full.getRGB(1, 0));
        assertThrows(IllegalArgumentException.class, () -> HeatMap.overlay(img, heat, HeatMap.Colormap.JET, 2));
    }
}

package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainable {@link LogisticDiscriminator} against the double-precision formula. */
class LogisticDiscriminatorLayerTest {
    private static final float[] XS = {-3f, 0.5f, 1f, 2f, 2.5f, 3f, 7f};

    @Test
    void outputEqualsTheFormula() {
        for (double[] p : new double[][] {{2, 0.5}, {0, 1}, {-1.5, 3}, {4, 0.05}}) {
            LogisticDiscriminator layer = new LogisticDiscriminator(p[0], p[1]);
            dev.nabla.formula.LogisticDiscriminator formula = new dev.nabla.formula.LogisticDiscriminator(p[0], p[1]);
            float[] y = layer.call(Tensor.of(XS, XS.length, 1)).toArray();
            for (int i = 0; i < XS.length; i++) {
                assertEquals(formula.apply(XS[i]), y[i], 2e-6, "D(" + XS[i] + ") at μ = " + p[0] + ", σ = " + p[1]);
            }
            assertEquals(p[0], layer.mu(), 1e-6);
            assertEquals(p[1], layer.sigma(), 1e-5 * p[1]);
        }
    }

    @Test
    void workedExampleOfTheSeed() {
        // μ = 2, σ = 0.5: D(1) = 1/(1+e²), D(2) = 1/2, D(2.5) = 1/(1+e⁻¹), D(3) = 1/(1+e⁻²)
        LogisticDiscriminator layer = new LogisticDiscriminator(2, 0.5);
        float[] y = layer.call(Tensor.of(new float[] {1, 2, 2.5f, 3}, 4, 1)).toArray();
        assertArrayEquals(new float[] {0.11920292f, 0.5f, 0.7310586f, 0.8807971f}, y, 1e-6f);
    }

    @Test
    void logitOutputIsTheScore() {
        LogisticDiscriminator layer = new LogisticDiscriminator(2, 0.5).outputLogits(true);
        float[] y = layer.call(Tensor.of(new float[] {1, 2, 3.5f}, 3, 1)).toArray();
        assertArrayEquals(new float[] {-2f, 0f, 3f}, y, 1e-5f);   // (x − 2)/0.5
    }

    @Test
    void gradientsAgreeWithFiniteDifferences() {
        for (boolean logits : new boolean[] {false, true}) {
            LogisticDiscriminator layer = new LogisticDiscriminator(0.3, 0.8).outputLogits(logits);
            layer.build(1);
            Tensor x = Tensor.of(new float[] {-1f, 0.2f, 0.9f, 1.7f}, 4, 1).requiresGrad(true);
            Tensor mu = layer.namedWeights().get("mu");
            Tensor rho = layer.namedWeights().get("rho");
            new GradCheck().assertGradients(in -> layer.call(in[0]), x, mu, rho);
        }
    }

    @Test
    void sigmaStaysPositiveWhatever() {
        LogisticDiscriminator layer = new LogisticDiscriminator(0, 1);
        layer.build(1);
        Tensor rho = layer.namedWeights().get("rho");
        rho.storage()[rho.offset()] = -30f;    // a huge gradient step downwards
        assertTrue(layer.sigma() > 0, "σ = softplus(ρ) > 0, got " + layer.sigma());
        assertEquals(Math.exp(-30), layer.sigma(), 1e-15);
        assertEquals(50.0, Math.log1p(Math.exp(LogisticDiscriminator.inverseSoftplus(50))), 1e-9);
    }

    @Test
    void configRoundTripsThroughTheRegistry() {
        LogisticDiscriminator layer = new LogisticDiscriminator(1.5, 0.25).outputLogits(true).name("d");
        Map<String, Object> config = layer.getConfig();
        Layer copy = Layers.fromConfig("LogisticDiscriminator", config);
        assertEquals(LogisticDiscriminator.class, copy.getClass());
        assertEquals(config, copy.getConfig());
        float[] a = layer.call(Tensor.of(XS, XS.length, 1)).toArray();
        float[] b = copy.call(Tensor.of(XS, XS.length, 1)).toArray();
        assertArrayEquals(a, b);
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        IllegalArgumentException sigma = assertThrows(IllegalArgumentException.class,
                () -> new LogisticDiscriminator(0, 0));
        assertTrue(sigma.getMessage().contains("σ must be a finite number > 0, got 0.0"), sigma.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogisticDiscriminator(Double.NaN, 1));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new LogisticDiscriminator().call(Tensor.zeros(4, 2)));
        assertTrue(shape.getMessage().contains("expects inputs (batch, 1)") && shape.getMessage().contains("[2]"),
                shape.getMessage());
    }
}

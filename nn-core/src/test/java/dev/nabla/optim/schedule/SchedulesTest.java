package dev.nabla.optim.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedule values at chosen steps, computed by hand from each class's formula. */
class SchedulesTest {
    private static void assertFails(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should contain \"" + part + "\"");
        }
    }

    @Test
    void stepDecayMultipliesByGammaEveryStepSizeSteps() {
        // PyTorch StepLR: initial · γ^⌊step/stepSize⌋
        StepDecay s = new StepDecay(0.1, 30, 0.1);
        assertEquals(0.1, s.rate(0), 1e-15);
        assertEquals(0.1, s.rate(29), 1e-15);
        assertEquals(0.01, s.rate(30), 1e-15);
        assertEquals(0.01, s.rate(59), 1e-15);
        assertEquals(0.001, s.rate(60), 1e-15);
        assertEquals(1e-4, s.rate(95), 1e-15);
        assertEquals(Map.of("initial_learning_rate", 0.1, "step_size", 30L, "gamma", 0.1), s.getConfig());
    }

    @Test
    void exponentialDecayAsKeras() {
        // Keras: initial · rate^(step/decay_steps); 0.96^0.5 = 0.9797959, 0.96^2.5 = 0.9216·0.9797959 = 0.9029799
        ExponentialDecay smooth = new ExponentialDecay(0.1, 100, 0.96, false);
        assertEquals(0.1, smooth.rate(0), 1e-15);
        assertEquals(0.09797959, smooth.rate(50), 1e-8);
        assertEquals(0.096, smooth.rate(100), 1e-15);
        assertEquals(0.09029799, smooth.rate(250), 1e-8);
        // staircase: the exponent is ⌊step/decay_steps⌋
        ExponentialDecay stairs = new ExponentialDecay(0.1, 100, 0.96, true);
        assertEquals(0.1, stairs.rate(99), 1e-15);
        assertEquals(0.096, stairs.rate(100), 1e-15);
        assertEquals(0.09216, stairs.rate(250), 1e-15);
        assertEquals(true, stairs.getConfig().get("staircase"));
        assertEquals(100L, stairs.getConfig().get("decay_steps"));
    }

    @Test
    void cosineDecayAsKeras() {
        // initial · ((1−α)·½(1 + cos(π·min(step, D)/D)) + α), initial 1, D = 100, α = 0.1
        CosineDecay c = new CosineDecay(1.0, 100, 0.1);
        assertEquals(1.0, c.rate(0), 1e-15);
        assertEquals(0.9 * 0.5 * (1 + Math.sqrt(0.5)) + 0.1, c.rate(25), 1e-12);   // 0.86819805
        assertEquals(0.86819805, c.rate(25), 1e-8);
        assertEquals(0.55, c.rate(50), 1e-12);
        assertEquals(0.1, c.rate(100), 1e-12);
        assertEquals(0.1, c.rate(1000), 1e-12);
        assertEquals(0.0, new CosineDecay(2.0, 10).rate(10), 1e-15);
        assertEquals(Map.of("initial_learning_rate", 1.0, "decay_steps", 100L, "alpha", 0.1), c.getConfig());
    }

    @Test
    void warmUpRisesLinearlyFromZeroThenHandsOver() {
        // step < W: S(0)·step/W; then S(step − W)
        WarmUp w = new WarmUp(10, new CosineDecay(1.0, 100));
        assertEquals(0.0, w.rate(0));
        assertEquals(0.5, w.rate(5), 1e-15);
        assertEquals(0.9, w.rate(9), 1e-15);
        assertEquals(1.0, w.rate(10), 1e-15);
        assertEquals(0.5, w.rate(60), 1e-12);
        assertEquals(0.0, w.rate(110), 1e-12);

        WarmUp toConstant = new WarmUp(4, 0.2);
        double[] expected = {0, 0.05, 0.1, 0.15, 0.2, 0.2};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], toConstant.rate(k), 1e-15, "step " + k);
        }
        assertEquals(0.3, new WarmUp(0, 0.3).rate(0));

        Map<String, Object> config = w.getConfig();
        assertEquals(10L, config.get("warmup_steps"));
        assertEquals(Map.of("class_name", "CosineDecay",
                "config", Map.of("initial_learning_rate", 1.0, "decay_steps", 100L, "alpha", 0.0)), config.get("schedule"));
    }

    @Test
    void badArgumentsNameTheScheduleAndTheValue() {
        assertFails(() -> new StepDecay(0.1, 0, 0.5), "StepDecay", "step_size", "0");
        assertFails(() -> new StepDecay(-0.1, 10, 0.5), "StepDecay", "initial_learning_rate", "-0.1");
        assertFails(() -> new ExponentialDecay(0.1, 10, 0, false), "ExponentialDecay", "decay_rate", "0.0");
        assertFails(() -> new ExponentialDecay(0.1, -5, 0.9, false), "ExponentialDecay", "decay_steps", "-5");
        assertFails(() -> new CosineDecay(0.1, 10, 1.5), "CosineDecay", "alpha", "1.5");
        assertFails(() -> new CosineDecay(Double.NaN, 10), "CosineDecay", "NaN");
        assertFails(() -> new WarmUp(-1, 0.1), "WarmUp", "warmup_steps", "-1");
        assertFails(() -> new WarmUp(5, null), "WarmUp", "null");
        assertFails(() -> new Constant(-1), "Constant", "-1.0");
        assertFails(() -> new CosineDecay(0.1, 10).rate(-3), "CosineDecay", "step", "-3");
    }
}

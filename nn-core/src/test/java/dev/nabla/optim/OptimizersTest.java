package dev.nabla.optim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.optim.schedule.Constant;
import dev.nabla.optim.schedule.CosineDecay;
import dev.nabla.optim.schedule.ExponentialDecay;
import dev.nabla.optim.schedule.StepDecay;
import dev.nabla.optim.schedule.WarmUp;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.nabla.optim.Support.assertFails;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link Optimizers#fromConfig} and {@link Optimizers#scheduleFromConfig}: every optimizer and
 * schedule survives a trip through JSON (same config, same updates bit for bit), and bad configs
 * are rejected naming the optimizer or schedule, the argument and the value.
 */
class OptimizersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Through JSON text and back, as a saved model does: numbers come back as Integer/Double. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> viaJson(Map<String, Object> config) {
        try {
            return JSON.readValue(JSON.writeValueAsString(config), LinkedHashMap.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<LearningRateSchedule> schedules() {
        return List.of(
                new Constant(0.03),
                new StepDecay(0.1, 3, 0.5),
                new ExponentialDecay(0.1, 4, 0.9, false),
                new ExponentialDecay(0.2, 2, 0.5, true),
                new CosineDecay(0.05, 7),
                new CosineDecay(0.05, 7, 0.2),
                new WarmUp(3, 0.01),
                new WarmUp(2, new WarmUp(1, new CosineDecay(0.02, 5, 0.1))),
                new WarmUp(0, new StepDecay(0.1, 2, 0.1)));
    }

    private static List<Optimizer> optimizers() {
        return List.of(
                new SGD(),
                new SGD(0.05).momentum(0.9).nesterov(true).weightDecay(1e-3).clipNorm(2),
                new SGD(new StepDecay(0.1, 2, 0.5)).momentum(0.5).clipValue(0.25),
                new Adam(),
                new Adam(0.002).beta1(0.8).beta2(0.99).epsilon(1e-6).amsgrad(true).weightDecay(1e-4).clipNorm(1),
                new Adam(new WarmUp(2, new CosineDecay(0.01, 6))),
                new AdamW(),
                new AdamW(0.003, 0.05).beta2(0.95).amsgrad(true).clipValue(1),
                new AdamW(new ExponentialDecay(0.01, 2, 0.9, true), 0.02),
                new RMSprop(),
                new RMSprop(0.01).rho(0.8).momentum(0.5).epsilon(1e-5).centered(true).clipNorm(3),
                new RMSprop(new CosineDecay(0.01, 5, 0.5)),
                new Adagrad(),
                new Adagrad(0.1).initialAccumulatorValue(0.0).epsilon(1e-5).clipValue(2),
                new Adagrad(new Constant(0.2)));
    }

    @Test
    void everyScheduleRoundTripsThroughJson() {
        for (LearningRateSchedule s : schedules()) {
            Map<String, Object> serialized = new LinkedHashMap<>();
            serialized.put("class_name", s.getClass().getSimpleName());
            serialized.put("config", s.getConfig());
            LearningRateSchedule back = Optimizers.scheduleFromConfig(viaJson(serialized));
            assertSame(s.getClass(), back.getClass(), s.toString());
            assertEquals(s.getConfig(), back.getConfig(), s.toString());
            for (long step = 0; step < 12; step++) {
                assertEquals(s.rate(step), back.rate(step), s + " at step " + step);
            }
        }
    }

    @Test
    void eachScheduleHasItsOwnFromConfigWithKerasDefaults() {
        assertEquals(new CosineDecay(0.1, 10).getConfig(),
                CosineDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_steps", 10)).getConfig());
        assertEquals(new ExponentialDecay(0.1, 10, 0.5, false).getConfig(),
                ExponentialDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_steps", 10.0, "decay_rate", 0.5))
                        .getConfig());
        assertEquals(0.1, StepDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "step_size", 3, "gamma", 0.1))
                .rate(2));
        assertEquals(0.25, Constant.fromConfig(Map.of("learning_rate", 0.25)).rate(100));
        assertEquals(0.005, WarmUp.fromConfig(Map.of("warmup_steps", 2, "schedule", Map.of("class_name", "Constant",
                "config", Map.of("learning_rate", 0.01)))).rate(1));
    }

    @Test
    void everyOptimizerRoundTripsThroughJsonAndStepsIdentically() {
        for (Optimizer original : optimizers()) {
            Optimizer back = Optimizers.fromConfig(viaJson(original.getConfig()));
            assertSame(original.getClass(), back.getClass(), original.toString());
            assertEquals(original.getConfig(), back.getConfig(), original.toString());
            assertEquals(original.toString(), back.toString());
            // Same hyper-parameters in effect: a few steps give the same bits.
            Tensor a = Support.param(0.5f, -1f, 2f);
            Tensor b = Support.param(0.5f, -1f, 2f);
            SplittableRandom rng = new SplittableRandom(5);
            for (int t = 0; t < 6; t++) {
                double[] g = {rng.nextDouble(-3, 3), rng.nextDouble(-3, 3), rng.nextDouble(-3, 3)};
                setGrad(a, g);
                setGrad(b, g);
                original.step(List.of(a));
                back.step(List.of(b));
            }
            float[] x = a.toArray();
            float[] y = b.toArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), original + "[" + i + "]");
            }
        }
    }

    @Test
    void missingArgumentsTakeTheDefaults() {
        assertEquals(new SGD().getConfig(), Optimizers.fromConfig(Map.of("name", "SGD")).getConfig());
        assertEquals(new Adam(0.1).getConfig(), Optimizers.fromConfig(Map.of("name", "Adam", "learning_rate", 0.1))
                .getConfig());
        assertEquals(new AdamW().getConfig(), Optimizers.fromConfig(Map.of("name", "AdamW")).getConfig());
        assertEquals(new RMSprop().getConfig(), Optimizers.fromConfig(Map.of("name", "RMSprop")).getConfig());
        assertEquals(new Adagrad().getConfig(), Optimizers.fromConfig(Map.of("name", "Adagrad")).getConfig());
        assertEquals(new SGD(1).getConfig(), Optimizers.fromConfig(Map.of("name", "SGD", "learning_rate", 1))
                .getConfig());
    }

    @Test
    void badOptimizerConfigsNameTheProblem() {
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("name", "Adamax")),
                "unknown optimizer 'Adamax'", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad");
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("learning_rate", 0.1)),
                "no optimizer \"name\"");
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(null), "null");
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("name", "Adam", "beta1", 0.9)),
                "Adam", "unknown argument 'beta1'", "beta_1");
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("name", "SGD", "beta_1", 0.9)),
                "SGD", "'beta_1'");
        assertFails(IllegalArgumentException.class,
                () -> Optimizers.fromConfig(Map.of("name", "Adam", "learning_rate", "fast")),
                "Adam", "learning_rate", "\"fast\"");
        assertFails(IllegalArgumentException.class,
                () -> Optimizers.fromConfig(Map.of("name", "RMSprop", "centered", "yes")), "RMSprop", "centered", "yes");
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("name", "Adam", "beta_1", 1.5)),
                "Optimizers.fromConfig", "Adam", "beta_1", "1.5");
        assertFails(IllegalArgumentException.class,
                () -> Optimizers.fromConfig(Map.of("name", "SGD", "global_clipnorm", -1)), "SGD", "global_clipnorm", "-1");
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(Map.of("name", "Adam",
                "learning_rate", Map.of("class_name", "Polynomial", "config", Map.of()))),
                "unknown learning-rate schedule 'Polynomial'", "CosineDecay", "registerSchedule");
    }

    @Test
    void badScheduleConfigsNameTheProblem() {
        assertFails(IllegalArgumentException.class, () -> Optimizers.scheduleFromConfig(Map.of("class_name",
                "CosineDecay", "config", Map.of("initial_learning_rate", 0.1))), "CosineDecay", "decay_steps");
        assertFails(IllegalArgumentException.class, () -> Optimizers.scheduleFromConfig(Map.of("class_name",
                "StepDecay", "config", Map.of("initial_learning_rate", 0.1, "step_size", 2.5, "gamma", 0.1))),
                "StepDecay", "step_size", "whole number", "2.5");
        assertFails(IllegalArgumentException.class, () -> Optimizers.scheduleFromConfig(Map.of("class_name",
                "StepDecay", "config", Map.of("initial_learning_rate", 0.1, "step_size", 0, "gamma", 0.1))),
                "StepDecay", "step_size", "> 0");
        assertFails(IllegalArgumentException.class, () -> Optimizers.scheduleFromConfig(Map.of("class_name",
                "ExponentialDecay", "config", Map.of("initial_learning_rate", 0.1, "decay_steps", 2, "decay_rate", 0.5,
                        "stair", true))), "ExponentialDecay", "unknown argument 'stair'");
        assertFails(IllegalArgumentException.class, () -> Optimizers.scheduleFromConfig(Map.of("class_name",
                "WarmUp", "config", Map.of("warmup_steps", 2, "schedule", 0.1))), "WarmUp", "schedule");
        assertFails(IllegalArgumentException.class, () -> Optimizers.scheduleFromConfig(Map.of("class_name",
                "WarmUp", "config", Map.of("warmup_steps", 2, "schedule", Map.of("class_name", "Nope")))), "Nope");
        assertFails(IllegalArgumentException.class, () -> Optimizers.scheduleFromConfig(Map.of("class_name",
                "Constant", "config", List.of())), "Constant", "config");
    }

    @Test
    void registeredSchedulesAreRebuilt() {
        final class Halving implements LearningRateSchedule {
            private final double base;

            Halving(double base) {
                this.base = base;
            }

            @Override
            public double rate(long step) {
                return base / (1L << Math.min(step, 30));
            }

            @Override
            public Map<String, Object> getConfig() {
                return Map.of("base", base);
            }
        }
        Optimizer adam = new Adam(new Halving(0.4));
        assertFails(IllegalArgumentException.class, () -> Optimizers.fromConfig(viaJson(adam.getConfig())), "Halving");
        Optimizers.registerSchedule("Halving", c -> new Halving(((Number) c.get("base")).doubleValue()));
        Optimizer back = Optimizers.fromConfig(viaJson(adam.getConfig()));
        assertEquals(0.1, back.learningRateSchedule().rate(2));
        assertFails(IllegalArgumentException.class, () -> Optimizers.registerSchedule("X", null), "factory");
    }

    @Test
    void slotsInUseFollowTheHyperParameters() {
        assertEquals(Set.of("momentum", "velocity"), new Adam().slotNamesInUse());
        assertEquals(Set.of("momentum", "velocity", "velocity_hat"), new AdamW().amsgrad(true).slotNamesInUse());
        assertEquals(Set.of(), new SGD().slotNamesInUse());
        assertEquals(Set.of("momentum"), new SGD().momentum(0.9).slotNamesInUse());
        assertEquals(Set.of("velocity"), new RMSprop().slotNamesInUse());
        assertEquals(Set.of("velocity", "average_gradient", "momentum"),
                new RMSprop().centered(true).momentum(0.1).slotNamesInUse());
        assertEquals(Set.of("accumulator"), new Adagrad().slotNamesInUse());
        for (Optimizer o : optimizers()) {
            assertEquals(true, o.slotNames().containsAll(o.slotNamesInUse()), o.toString());
        }
    }

    @Test
    void loadStateRejectsAnUpdatedParameterWithoutItsSlots() {
        Tensor p = Support.param(1f, 2f);
        OptimizerState noVelocity = new OptimizerState("Adam", 3, 0.1, List.of(new OptimizerState.Parameter(3,
                Map.of("momentum", new float[2]))));
        Adam adam = new Adam(0.1);
        assertFails(IllegalArgumentException.class, () -> adam.loadState(noVelocity, List.of(p)), "Adam",
                "parameter 0", "'velocity'");
        assertEquals(0, adam.iterations());
        OptimizerState slotsWithoutSteps = new OptimizerState("Adam", 3, 0.1, List.of(new OptimizerState.Parameter(0,
                Map.of("momentum", new float[2], "velocity", new float[2]))));
        assertFails(IllegalArgumentException.class, () -> adam.loadState(slotsWithoutSteps, List.of(p)), "Adam",
                "parameter 0", "steps = 0");
    }
}

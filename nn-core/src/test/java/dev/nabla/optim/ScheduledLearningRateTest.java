package dev.nabla.optim;

import dev.nabla.optim.schedule.ExponentialDecay;
import dev.nabla.optim.schedule.StepDecay;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.nabla.optim.Support.assertFails;
import static dev.nabla.optim.Support.param;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The learning rate of step k is schedule(k), counted from 0 as Keras's optimizer.iterations. */
class ScheduledLearningRateTest {
    @Test
    void eachStepUsesTheRateOfItsIteration() {
        // StepDecay(0.1, 2, 0.5): rates 0.1, 0.1, 0.05, 0.05 → θ = 0 − Σ rate·1 = −0.3
        SGD sgd = new SGD(new StepDecay(0.1, 2, 0.5));
        Tensor p = param(0f);
        double[] seen = new double[4];
        for (int k = 0; k < 4; k++) {
            seen[k] = sgd.currentLearningRate();
            setGrad(p, 1);
            sgd.step(List.of(p));
        }
        assertEquals(0.1, seen[0]);
        assertEquals(0.1, seen[1]);
        assertEquals(0.05, seen[2]);
        assertEquals(0.05, seen[3]);
        assertEquals(-0.3, p.get(0), 1e-6);
        assertEquals(4, sgd.iterations());
        assertEquals(0.025, sgd.currentLearningRate(), 1e-15);
    }

    @Test
    void constantRateCanBeSetButAScheduledOneCannot() {
        Adam constant = new Adam(0.01);
        constant.setLearningRate(0.001);
        assertEquals(0.001, constant.currentLearningRate());
        assertEquals(0.001, constant.getConfig().get("learning_rate"));
        assertFails(IllegalArgumentException.class, () -> constant.setLearningRate(-1), "Adam", "learning_rate", "-1.0");

        Adam scheduled = new Adam(new ExponentialDecay(0.01, 10, 0.5, false));
        assertFails(IllegalStateException.class, () -> scheduled.setLearningRate(0.001), "Adam", "ExponentialDecay");
    }

    @Test
    void scheduleAppearsInTheConfigInKerasSerializedForm() {
        Map<String, Object> config = new SGD(new ExponentialDecay(0.1, 1000, 0.96, true)).getConfig();
        @SuppressWarnings("unchecked")
        Map<String, Object> lr = (Map<String, Object>) config.get("learning_rate");
        assertEquals("ExponentialDecay", lr.get("class_name"));
        assertEquals(Map.of("initial_learning_rate", 0.1, "decay_steps", 1000L, "decay_rate", 0.96, "staircase", true),
                lr.get("config"));
    }

    @Test
    void aScheduleThatReturnsABadRateIsReportedWithItsStep() {
        SGD sgd = new SGD(step -> step < 1 ? 0.1 : -0.1);
        Tensor p = param(0f);
        setGrad(p, 1);
        sgd.step(List.of(p));
        assertFails(IllegalStateException.class, () -> sgd.step(List.of(p)), "SGD", "-0.1", "step 1");
        assertEquals(-0.1f, p.get(0), 1e-7f);
    }
}

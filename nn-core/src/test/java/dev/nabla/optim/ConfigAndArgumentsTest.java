package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.nabla.optim.Support.assertFails;
import static dev.nabla.optim.Support.param;
import static dev.nabla.optim.Support.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Keras-named configs, and clear errors for bad hyper-parameters and bad parameters. */
class ConfigAndArgumentsTest {
    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void configsUseKerasNames() {
        assertEquals(config("name", "Adam", "learning_rate", 0.002, "beta_1", 0.8, "beta_2", 0.99, "epsilon", 1e-8,
                        "amsgrad", true, "weight_decay", 0.0, "global_clipnorm", 1.0, "clipvalue", null),
                new Adam(0.002).beta1(0.8).beta2(0.99).epsilon(1e-8).amsgrad(true).clipNorm(1).getConfig());
        assertEquals(config("name", "SGD", "learning_rate", 0.01, "momentum", 0.9, "nesterov", true, "weight_decay", 1e-4,
                        "global_clipnorm", null, "clipvalue", 0.5),
                new SGD().momentum(0.9).nesterov(true).weightDecay(1e-4).clipValue(0.5).getConfig());
        assertEquals(config("name", "RMSprop", "learning_rate", 0.001, "rho", 0.9, "momentum", 0.0, "epsilon", 1e-7,
                        "centered", false, "global_clipnorm", null, "clipvalue", null),
                new RMSprop().getConfig());
        assertEquals(config("name", "Adagrad", "learning_rate", 0.001, "initial_accumulator_value", 0.1, "epsilon", 1e-7,
                        "global_clipnorm", null, "clipvalue", null),
                new Adagrad().getConfig());
        assertEquals(0.05, new AdamW(1e-3, 0.05).getConfig().get("weight_decay"));
        assertThrows(UnsupportedOperationException.class, () -> new Adam().getConfig().put("beta_1", 0.5));
        assertEquals("SGD{learning_rate=0.1, momentum=0.0, nesterov=false, weight_decay=0.0, global_clipnorm=null, "
                + "clipvalue=null}", new SGD(0.1).toString());
    }

    @Test
    void fluentSettersKeepTheSubclassType() {
        AdamW w = new AdamW(1e-3).clipNorm(1).beta1(0.8).clipValue(2).amsgrad(true).weightDecay(0.1);
        SGD s = new SGD(0.1).clipNorm(1).momentum(0.9);
        RMSprop r = new RMSprop().clipValue(1).centered(true);
        Adagrad a = new Adagrad().clipNorm(5).epsilon(1e-6);
        assertEquals(0.8, w.getConfig().get("beta_1"));
        assertEquals(0.9, s.getConfig().get("momentum"));
        assertEquals(true, r.getConfig().get("centered"));
        assertEquals(5.0, a.getConfig().get("global_clipnorm"));
    }

    @Test
    void badHyperParametersNameTheOptimizerAndTheValue() {
        assertFails(IllegalArgumentException.class, () -> new Adam(-0.001), "Adam", "learning_rate", "-0.001");
        assertFails(IllegalArgumentException.class, () -> new SGD(Double.NaN), "SGD", "learning_rate", "NaN");
        assertFails(IllegalArgumentException.class, () -> new RMSprop(Double.POSITIVE_INFINITY), "RMSprop", "Infinity");
        assertFails(IllegalArgumentException.class, () -> new Adam().beta1(1.0), "Adam", "beta_1", "[0, 1)", "1.0");
        assertFails(IllegalArgumentException.class, () -> new AdamW().beta2(-0.1), "AdamW", "beta_2", "-0.1");
        assertFails(IllegalArgumentException.class, () -> new Adam().epsilon(0), "Adam", "epsilon", "0.0");
        assertFails(IllegalArgumentException.class, () -> new AdamW(1e-3, -0.01), "AdamW", "weight_decay", "-0.01");
        assertFails(IllegalArgumentException.class, () -> new SGD(0.1).momentum(1.5), "SGD", "momentum", "1.5");
        assertFails(IllegalArgumentException.class, () -> new SGD(0.1).weightDecay(-1), "SGD", "weight_decay", "-1.0");
        assertFails(IllegalArgumentException.class, () -> new RMSprop().rho(1), "RMSprop", "rho", "1.0");
        assertFails(IllegalArgumentException.class, () -> new Adagrad().initialAccumulatorValue(-0.1),
                "Adagrad", "initial_accumulator_value", "-0.1");
        assertFails(IllegalArgumentException.class, () -> new SGD(0.1).clipNorm(0), "SGD", "global_clipnorm", "0.0");
        assertFails(IllegalArgumentException.class, () -> new Adam().clipValue(-2), "Adam", "clipvalue", "-2.0");
        assertFails(IllegalArgumentException.class, () -> new Adam((LearningRateSchedule) null), "Adam", "null");
    }

    @Test
    void badParametersAreRejectedBeforeAnyUpdate() {
        Tensor ok = param(1f, 2f);
        setGrad(ok, 1, 1);

        float[] storage = {1, 2, 3, 4, 5, 6};
        Tensor strided = Tensor.view(storage, new int[] {3, 2}, new int[] {1, 3}, 0).requiresGrad(true);
        setGrad(strided, 1, 1, 1, 1, 1, 1);
        assertFails(IllegalArgumentException.class, () -> new SGD(0.1).step(List.of(ok, strided)),
                "SGD", "parameter 1", "[3, 2]", "contiguous");

        Tensor computed = param(1f, 2f).mul(2f);
        assertFails(IllegalArgumentException.class, () -> new Adam().step(List.of(ok, computed)),
                "Adam", "parameter 1", "leaf");

        Tensor wrongGrad = param(1f, 2f, 3f);
        wrongGrad.accumulateGrad(Tensor.zeros(2));
        assertFails(IllegalArgumentException.class, () -> new RMSprop().step(List.of(ok, wrongGrad)),
                "RMSprop", "parameter 1", "[3]", "[2]");

        assertEquals(1f, ok.get(0));
        assertFails(IllegalArgumentException.class, () -> new Adagrad().step(null), "Adagrad");
    }
}

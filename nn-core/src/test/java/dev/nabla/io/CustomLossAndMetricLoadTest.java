package dev.nabla.io;

import dev.nabla.loss.Losses;
import dev.nabla.loss.PerSampleLoss;
import dev.nabla.metrics.Metric;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A compiled model with a user's own loss and metric loads once they are registered, and says how otherwise. */
class CustomLossAndMetricLoadTest {
    /** {@code scale · mean((p − t)²)} per sample. */
    static final class ScaledSquaredError extends PerSampleLoss {
        final float scale;

        ScaledSquaredError(float scale) {
            super("ScaledSquaredError", "scaled_squared_error");
            this.scale = scale;
        }

        @Override
        protected Tensor computePerSample(Tensor p, Tensor t) {
            return p.sub(t).square().mean(1).mul(scale);
        }

        @Override
        protected void addConfig(Map<String, Object> config) {
            config.put("scale", (double) scale);
        }
    }

    /** The largest absolute error seen. */
    static final class MaxError implements Metric {
        float max;

        @Override
        public void update(Tensor predictions, Tensor targets) {
            for (float v : predictions.sub(targets).abs().toArray()) {
                max = Math.max(max, v);
            }
        }

        @Override
        public double result() {
            return max;
        }

        @Override
        public void reset() {
            max = 0;
        }

        @Override
        public String name() {
            return "max_error";
        }

        @Override
        public Map<String, Object> getConfig() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class_name", "MaxError");
            return c;
        }
    }

    @TempDir
    Path dir;

    @Test
    void customLossesAndMetricsLoadOnceRegistered() throws IOException {
        Sequential model = new Sequential(new Dense(2));
        model.seed(1).build(3);
        model.compile(new SGD(0.1), new ScaledSquaredError(3f), new MaxError());
        Path file = dir.resolve("custom.nabla");
        model.save(file);

        var missing = assertThrows(IllegalArgumentException.class, () -> Model.load(file));
        assertTrue(missing.getMessage().contains("ScaledSquaredError") && missing.getMessage().contains("Losses.register"),
                missing.getMessage());

        Losses.register("ScaledSquaredError", c -> new ScaledSquaredError(((Number) c.get("scale")).floatValue()));
        Metrics.register("MaxError", c -> new MaxError());
        Model loaded = Model.load(file);
        assertEquals(3.0, ((Number) loaded.loss().getConfig().get("scale")).doubleValue());
        assertEquals("max_error", loaded.metrics().get(0).name());
    }
}

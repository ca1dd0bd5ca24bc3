package dev.nabla.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Metric#getConfig()} and {@link Metrics#fromConfig}: every metric survives a trip through JSON. */
class MetricConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> viaJson(Map<String, Object> config) throws IOException {
        return JSON.readValue(JSON.writeValueAsString(config), LinkedHashMap.class);
    }

    @Test
    void everyMetricRoundTripsThroughJsonAndMeasuresTheSame() throws IOException {
        List<Metric> metrics = List.of(Metrics.accuracy(), Metrics.binaryAccuracy(0.3f), Metrics.topKAccuracy(2),
                Metrics.precision(), Metrics.recall(0.7f), Metrics.f1(0.4f), Metrics.auc());
        Tensor p = Tensor.of(new float[] {0.2f, 0.9f, 0.35f, 0.6f, 0.5f, 0.1f}, 6, 1);
        Tensor t = Tensor.of(new float[] {0, 1, 1, 0, 1, 0}, 6, 1);
        Tensor scores = Tensor.of(new float[] {0.1f, 0.5f, 0.4f, 0.7f, 0.2f, 0.1f, 0.3f, 0.3f, 0.4f}, 3, 3);
        Tensor labels = Tensor.of(new float[] {2, 0, 1}, 3);
        for (Metric m : metrics) {
            Metric back = Metrics.fromConfig(viaJson(m.getConfig()));
            assertEquals(m.getConfig(), back.getConfig(), m.name());
            assertEquals(m.name(), back.name());
            boolean classes = m.name().startsWith("top_k");
            m.update(classes ? scores : p, classes ? labels : t);
            back.update(classes ? scores : p, classes ? labels : t);
            assertEquals(m.result(), back.result(), m.name());
        }
        assertEquals(Map.of("class_name", "BinaryAccuracy", "name", "binary_accuracy", "threshold", 0.3f),
                Metrics.binaryAccuracy(0.3f).getConfig());
        assertEquals(Map.of("class_name", "TopKCategoricalAccuracy", "name", "top_k_categorical_accuracy", "k", 2),
                Metrics.topKAccuracy(2).getConfig());
    }

    @Test
    void customMetricsGetADefaultConfigThatFromConfigRejects() {
        Metric custom = new Metric() {
            @Override
            public void update(Tensor predictions, Tensor targets) {
            }

            @Override
            public double result() {
                return 0;
            }

            @Override
            public void reset() {
            }

            @Override
            public String name() {
                return "mine";
            }
        };
        assertEquals("mine", custom.getConfig().get("name"));
        assertMessage(() -> Metrics.fromConfig(custom.getConfig()), "unknown metric");
    }

    @Test
    void badConfigsNameTheProblem() {
        assertMessage(() -> Metrics.fromConfig(Map.of("class_name", "MeanIoU")), "MeanIoU", "AUC");
        assertMessage(() -> Metrics.fromConfig(Map.of("class_name", "Precision", "treshold", 0.5)), "Precision",
                "treshold");
        assertMessage(() -> Metrics.fromConfig(Map.of("class_name", "Recall", "threshold", "high")), "Recall",
                "threshold", "high");
        assertMessage(() -> Metrics.fromConfig(Map.of("class_name", "TopKCategoricalAccuracy", "k", 2.5)), "k", "2.5");
        assertMessage(() -> Metrics.fromConfig(Map.of("class_name", "AUC", "name", "roc")), "auc", "roc");
        assertMessage(() -> Metrics.fromConfig(null), "null");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "should mention '" + part + "': " + e.getMessage());
        }
    }
}

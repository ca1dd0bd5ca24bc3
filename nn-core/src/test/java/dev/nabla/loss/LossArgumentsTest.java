package dev.nabla.loss;

import dev.nabla.tensor.Tensor;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad shapes and arguments fail with a message that names the loss and what was wrong; configs round-trip. */
class LossArgumentsTest {
    private static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should contain \"" + part + "\"");
        }
    }

    private static final Tensor P23 = Tensor.full(0.5f, 2, 3);

    @Test
    void mismatchedShapesNameTheLossAndBothShapes() {
        assertMessage(() -> Losses.categoricalCrossentropy().compute(P23, Tensor.zeros(2, 4)),
                "categorical_crossentropy", "[2, 3]", "[2, 4]");
        assertMessage(() -> Losses.categoricalCrossentropy().compute(P23, Tensor.zeros(2)),
                "categorical_crossentropy", "[2, 3]", "[2]", "sparse_categorical_crossentropy");
        assertMessage(() -> Losses.sparseCategoricalCrossentropy(false).compute(P23, Tensor.zeros(3)),
                "sparse_categorical_crossentropy", "[2, 3]", "[3]");
        assertMessage(() -> Losses.binaryCrossentropy(false).compute(P23, Tensor.zeros(3, 2)),
                "binary_crossentropy", "[2, 3]", "[3, 2]");
        assertMessage(() -> Losses.meanSquaredError().compute(P23, Tensor.zeros(2, 3, 2)),
                "mean_squared_error", "[2, 3]", "[2, 3, 2]");
        assertMessage(() -> Losses.meanAbsoluteError().compute(P23, Tensor.zeros(6)), "mean_absolute_error");
        assertMessage(() -> Losses.huber(1f).compute(P23, Tensor.zeros(1, 3)), "huber_loss", "[1, 3]");
        assertMessage(() -> Losses.softDice(1f).compute(P23, Tensor.zeros(2, 2)), "soft_dice", "[2, 2]");
        assertMessage(() -> Losses.focal(2f, 0.25f).compute(P23, Tensor.zeros(2, 1)), "binary_focal_crossentropy");
    }

    @Test
    void badSparseTargetsAreNamed() {
        assertMessage(() -> Losses.sparseCategoricalCrossentropy(true).compute(P23, Tensor.vector(0, 3)),
                "sparse_categorical_crossentropy", "3.0", "[0, 3)");
        assertMessage(() -> Losses.sparseCategoricalCrossentropy(true).compute(P23, Tensor.vector(0, 1.5f)),
                "sparse_categorical_crossentropy", "1.5");
        assertMessage(() -> Losses.sparseCategoricalCrossentropy(true).compute(P23, Tensor.vector(-1, 0)), "-1.0");
    }

    @Test
    void badPredictionsAreNamed() {
        assertMessage(() -> Losses.meanSquaredError().compute(Tensor.scalar(1), Tensor.scalar(1)),
                "mean_squared_error", "batch");
        assertMessage(() -> Losses.meanSquaredError().compute(Tensor.zeros(0, 3), Tensor.zeros(0, 3)),
                "mean_squared_error", "empty");
        assertMessage(() -> Losses.categoricalCrossentropy().compute(Tensor.zeros(3), Tensor.zeros(3)),
                "categorical_crossentropy", "(batch, classes");
        assertMessage(() -> Losses.categoricalCrossentropy(false, 0f, 0).compute(P23, P23), "axis 0");
        assertMessage(() -> Losses.binaryCrossentropy(true).compute(null, P23), "binary_crossentropy", "null");
        assertMessage(() -> Losses.binaryCrossentropy(true).compute(P23, null), "binary_crossentropy", "null");
    }

    @Test
    void badSampleWeightsAreNamed() {
        assertMessage(() -> Losses.meanSquaredError().compute(P23, P23, Tensor.ones(3)),
                "mean_squared_error", "sample weights", "[3]", "[2, 3]");
        assertMessage(() -> Losses.meanSquaredError().compute(P23, P23, Tensor.ones(2, 3)), "[2, 3]");
        // (batch, 1) is accepted, null means none
        assertEquals(0f, Losses.meanSquaredError().compute(P23, P23, Tensor.ones(2, 1)).item());
        assertEquals(0f, Losses.meanSquaredError().compute(P23, P23, null).item());
    }

    @Test
    void badArgumentsAreRejected() {
        assertMessage(() -> Losses.huber(-1f), "huber_loss", "delta", "-1.0");
        assertMessage(() -> Losses.huber(0f), "delta");
        assertMessage(() -> Losses.huber(Float.NaN), "delta");
        assertMessage(() -> Losses.focal(-0.5f, 0.25f), "binary_focal_crossentropy", "gamma", "-0.5");
        assertMessage(() -> Losses.focal(2f, 1.5f), "alpha", "1.5");
        assertMessage(() -> Losses.categoricalCrossentropy(false, 1.5f), "categorical_crossentropy", "label smoothing", "1.5");
        assertMessage(() -> Losses.categoricalCrossentropy(false, -0.1f), "label smoothing");
        assertMessage(() -> Losses.softDice(0f), "soft_dice", "smooth");
        assertMessage(() -> Losses.softDice(-1f), "smooth");
        assertMessage(() -> Losses.withClassWeights(null, new float[] {1}), "loss");
        assertMessage(() -> Losses.withClassWeights(Losses.meanSquaredError(), new float[0]), "class weight");
        assertMessage(() -> Losses.withClassWeights(Losses.meanSquaredError(), new float[] {1, -2}), "class weight 1", "-2.0");
    }

    @Test
    void classWeightsNeedOneClassPerSample() {
        Loss loss = Losses.withClassWeights(Losses.sparseCategoricalCrossentropy(false), new float[] {1, 2});
        assertMessage(() -> loss.compute(P23, Tensor.vector(0, 2)), "class 2", "0..1");
        assertMessage(() -> loss.compute(P23, Tensor.vector(0, 1, 1)), "sparse_categorical_crossentropy", "[2, 3]", "[3]",
                "batch size");
        assertMessage(() -> loss.compute(P23, Tensor.vector(0, 1), Tensor.ones(3)), "sample weights", "[3]");
        Loss dice = Losses.withClassWeights(Losses.softDice(1f), new float[] {1, 2});
        assertMessage(() -> dice.compute(Tensor.zeros(2, 1, 2, 2), Tensor.zeros(2, 1, 2, 2)), "soft_dice", "[2, 1, 2, 2]");
    }

    @Test
    void namesAndConfigsFollowKeras() {
        assertEquals("categorical_crossentropy", Losses.categoricalCrossentropy().name());
        assertEquals("sparse_categorical_crossentropy", Losses.sparseCategoricalCrossentropy(true).name());
        assertEquals("binary_crossentropy", Losses.binaryCrossentropy(true).name());
        assertEquals("mean_squared_error", Losses.meanSquaredError().name());
        assertEquals("mean_absolute_error", Losses.meanAbsoluteError().name());
        assertEquals("huber_loss", Losses.huber(1f).name());
        assertEquals("soft_dice", Losses.softDice(1f).name());
        assertEquals("binary_focal_crossentropy", Losses.focal(2f, 0.25f).name());

        Map<String, Object> config = Losses.categoricalCrossentropy(true, 0.1f).getConfig();
        assertEquals("CategoricalCrossentropy", config.get("class_name"));
        assertEquals("categorical_crossentropy", config.get("name"));
        assertEquals("sum_over_batch_size", config.get("reduction"));
        assertEquals(true, config.get("from_logits"));
        assertEquals(0.1f, config.get("label_smoothing"));
        assertEquals(-1, config.get("axis"));
        assertEquals("categorical_crossentropy{from_logits=true, label_smoothing=0.1, axis=-1}",
                Losses.categoricalCrossentropy(true, 0.1f).toString());
    }

    @Test
    void configsRoundTrip() {
        List<Loss> losses = List.of(
                Losses.categoricalCrossentropy(), Losses.categoricalCrossentropy(true, 0.2f, 1),
                Losses.sparseCategoricalCrossentropy(true), Losses.sparseCategoricalCrossentropy(false, 1),
                Losses.binaryCrossentropy(false), Losses.binaryCrossentropy(true),
                Losses.meanSquaredError(), Losses.meanAbsoluteError(), Losses.huber(0.5f), Losses.softDice(2f),
                Losses.focal(2f, 0.25f), Losses.focal(1.5f, 0.6f, true),
                Losses.withClassWeights(Losses.binaryCrossentropy(true), new float[] {1f, 4.5f}));
        for (Loss loss : losses) {
            Map<String, Object> config = loss.getConfig();
            Loss copy = Losses.fromConfig(config);
            assertEquals(config, copy.getConfig(), loss.name());
            assertEquals(loss.getClass(), copy.getClass());
        }
        assertMessage(() -> Losses.fromConfig(Map.of("class_name", "Poisson")), "Poisson");
    }

    @Test
    void configsSurviveJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Loss loss : List.of(Losses.categoricalCrossentropy(true, 0.1f), Losses.focal(2f, 0.25f, true),
                Losses.withClassWeights(Losses.sparseCategoricalCrossentropy(false), new float[] {0.5f, 2f, 1f}))) {
            String text = json.writeValueAsString(loss.getConfig());
            @SuppressWarnings("unchecked")
            Map<String, Object> read = json.readValue(text, Map.class);
            assertEquals(text, json.writeValueAsString(Losses.fromConfig(read).getConfig()));
        }
    }
}

package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad configs and inputs of the wrong rank fail with messages that name the key, the layer and the shape. */
class LayerErrorsTest {

    private static String message(Executable bad) {
        return assertThrows(IllegalArgumentException.class, bad).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    // ------------------------------------------------------------------ configs

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "Dense, units",
        "Conv2D, kernel_size",
        "Conv2DTranspose, filters",
        "MaxPool2D, pool_size",
        "AvgPool2D, pool_size",
        "Dropout, rate",
        "Embedding, input_dim",
        "Reshape, target_shape",
        "Activation, activation",
        "Sequential, layers",
    })
    void aMissingRequiredKeyIsNamed(String className, String key) {
        assertMentions(message(() -> Layers.fromConfig(className, Map.of())), className, "missing required key '" + key + "'");
    }

    @Test
    void theDenseExampleSaysUnitsIsMissing() {
        String m = message(() -> Layers.fromConfig("Dense", Map.of()));
        assertEquals("cannot rebuild layer 'Dense' from config {}: missing required key 'units' (the config has [])", m);
    }

    @Test
    void aSecondMissingKeyIsNamedOnceTheFirstIsThere() {
        assertMentions(message(() -> Layers.fromConfig("Conv2D", Map.of("kernel_size", 3))), "'filters'");
        assertMentions(message(() -> Layers.fromConfig("Embedding", Map.of("input_dim", 4))), "'output_dim'");
    }

    @Test
    void valuesOfTheWrongTypeAreNamed() {
        assertMentions(message(() -> Layers.fromConfig("Dense", Map.of("units", "ten"))), "'units' must be a whole number",
                "\"ten\"");
        assertMentions(message(() -> Layers.fromConfig("Dense", Map.of("units", 2.5))), "'units' must be a whole number");
        assertMentions(message(() -> Layers.fromConfig("Dense", Map.of("units", 2, "use_bias", "no"))), "'use_bias'");
        assertMentions(message(() -> Layers.fromConfig("Conv2D", Map.of("filters", 2, "kernel_size", List.of(1, 2, 3)))),
                "'kernel_size' must be one number or a list of two");
        assertMentions(message(() -> Layers.fromConfig("Dense", Map.of("units", 2, "kernel_initializer", Map.of()))),
                "missing required key 'class_name'");
        assertMentions(message(() -> Initializers.fromConfig(Map.of("class_name", "Constant"))), "'value'");
        assertMentions(message(() -> Layers.fromConfig("Dense", null)), "Dense", "null");
    }

    @Test
    void windowSizesMayBeOneNumberAsInKeras() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("filters", 2);
        config.put("kernel_size", 3);
        config.put("strides", 2);
        Conv2D conv = (Conv2D) Layers.fromConfig("Conv2D", config);
        assertEquals(List.of(3, 3), conv.getConfig().get("kernel_size"));
        assertEquals(List.of(2, 2), conv.getConfig().get("strides"));
        MaxPool2D pool = (MaxPool2D) Layers.fromConfig("MaxPool2D", Map.of("pool_size", 3));
        assertEquals(List.of(3, 3), pool.getConfig().get("strides"));
    }

    // ------------------------------------------------------------------ inputs of the wrong rank

    @Test
    void imageLayersNameThemselvesAndTheSampleShape() {
        for (Layer layer : List.of(new Conv2D(2, 3).name("c"), new Conv2DTranspose(2, 2).name("t"),
                new MaxPool2D(2).name("m"), new AvgPool2D(2).name("a"), new UpSampling2D(2).name("u"),
                new GlobalAveragePooling2D().name("g"))) {
            String m = message(() -> layer.call(Tensor.zeros(2, 5)));
            assertMentions(m, "layer '" + layer.name() + "'", "[5]", "(batch, channels, height, width)");
        }
    }

    @Test
    void aModelNamesTheInnerLayerWhoseShapeIsWrong() {
        Sequential model = new Sequential(new Flatten(), new Conv2D(2, 3).name("late_conv"));
        assertMentions(message(() -> model.outputShape(new int[] {3, 4})), "layer 'late_conv' (Conv2D)", "[12]");
        assertMentions(message(() -> model.build(3, 4)), "layer 'late_conv' (Conv2D)", "[12]");
    }

    @Test
    void globalPoolingRejectsABatchOfAnotherRankOnceBuilt() {
        GlobalAveragePooling2D gap = new GlobalAveragePooling2D().name("gap");
        gap.call(Tensor.zeros(2, 3, 4, 5));
        assertMentions(message(() -> gap.call(Tensor.zeros(2, 2, 3, 4, 5))), "layer 'gap'", "[2, 2, 3, 4, 5]", "rank 4");
    }

    @Test
    void batchNormalizationRejectsOtherRanksAndChannelCounts() {
        BatchNormalization bn = new BatchNormalization().name("bn");
        bn.call(Tensor.zeros(2, 3, 6, 6));
        assertMentions(message(() -> bn.call(Tensor.zeros(4, 5))), "layer 'bn'", "[4, 5]", "rank 4", "3 entries along axis 1");
        bn.setTraining(true);
        assertMentions(message(() -> bn.call(Tensor.zeros(2, 1, 6, 6))), "layer 'bn'", "[2, 1, 6, 6]");
    }

    @Test
    void layerNormalizationRejectsAnotherFeatureCount() {
        LayerNormalization ln = new LayerNormalization().name("ln");
        ln.call(Tensor.zeros(2, 6));
        assertMentions(message(() -> ln.call(Tensor.zeros(2, 1))), "layer 'ln'", "[2, 1]", "6 features");
    }

    @Test
    void mergeLayersCheckTheirInputShapes() {
        Concatenate concat = new Concatenate(2).name("cat");
        assertMentions(message(() -> concat.outputShape(List.of(new int[] {3, 4}, new int[] {3}))), "layer 'cat'",
                "[3]", "[3, 4]");
        assertMentions(message(() -> concat.outputShape(List.of(new int[] {3, 4}, new int[] {5, 4}))), "[5, 4]");
        assertArrayEquals(new int[] {3, 9}, concat.outputShape(List.of(new int[] {3, 4}, new int[] {3, 5})));
        Add add = new Add().name("sum");
        assertMentions(message(() -> add.outputShape(List.of(new int[] {3}, new int[] {4}))), "layer 'sum'", "[4]");
        assertArrayEquals(new int[] {2, 3}, add.outputShape(List.of(new int[] {2, 3}, new int[] {2, 1})));
    }

    @Test
    void softmaxChecksItsAxisWhenBuilt() {
        Softmax softmax = new Softmax(3).name("probs");
        assertMentions(message(() -> softmax.build(5)), "layer 'probs'", "[5]", "axis 3");
    }

    @Test
    void aWindowThatDoesNotFitNamesTheLayer() {
        assertMentions(message(() -> new MaxPool2D(4).name("big").outputShape(new int[] {1, 3, 3})), "layer 'big'",
                "[1, 3, 3]");
        assertMentions(message(() -> new Conv2D(1, 5).name("wide").outputShape(new int[] {1, 3, 3})), "layer 'wide'",
                "[1, 3, 3]");
    }
}

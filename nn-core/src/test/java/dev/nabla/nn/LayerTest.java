package dev.nabla.nn;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shape inference, config round trip and gradients of every layer. */
class LayerTest {

    /** A layer factory and a sample input shape (no batch axis). */
    record Case(String label, Supplier<Layer> make, int[] sampleShape) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> layers() {
        return Stream.of(
                new Case("Dense", () -> new Dense(3).activation(Activation.TANH), new int[] {4}),
                new Case("Dense rank 3", () -> new Dense(2), new int[] {3, 4}),
                new Case("Conv2D valid", () -> new Conv2D(2, 3).activation(Activation.SIGMOID), new int[] {2, 6, 5}),
                new Case("Conv2D same stride 2", () -> new Conv2D(3, 3).strides(2).padding("same"), new int[] {1, 7, 6}),
                new Case("Conv2D dilated", () -> new Conv2D(2, 2, 3).dilation(2), new int[] {2, 7, 8}),
                new Case("Conv2D true convolution", () -> new Conv2D(2, 3).trueConvolution(true), new int[] {1, 5, 5}),
                new Case("Conv2DTranspose", () -> new Conv2DTranspose(2, 3).strides(2), new int[] {2, 3, 4}),
                new Case("Conv2DTranspose same", () -> new Conv2DTranspose(2, 2).strides(2).padding("same"), new int[] {1, 3, 3}),
                new Case("MaxPool2D", () -> new MaxPool2D(2), new int[] {2, 5, 4}),
                new Case("MaxPool2D same", () -> new MaxPool2D(3).strides(2, 2).padding("same"), new int[] {1, 5, 5}),
                new Case("AvgPool2D", () -> new AvgPool2D(2), new int[] {2, 4, 6}),
                new Case("GlobalAveragePooling2D", GlobalAveragePooling2D::new, new int[] {3, 4, 5}),
                new Case("Flatten", Flatten::new, new int[] {2, 3, 2}),
                new Case("Reshape", () -> new Reshape(3, -1), new int[] {2, 3, 2}),
                new Case("BatchNormalization", BatchNormalization::new, new int[] {3, 2, 2}),
                new Case("BatchNormalization dense", BatchNormalization::new, new int[] {4}),
                new Case("LayerNormalization", LayerNormalization::new, new int[] {5}),
                new Case("Activation", () -> new ActivationLayer(Activation.ELU), new int[] {4}),
                new Case("ReLU", ReLU::new, new int[] {4}),
                new Case("LeakyReLU", () -> new LeakyReLU(0.1), new int[] {4}),
                new Case("Softmax", Softmax::new, new int[] {5}),
                new Case("UpSampling2D", () -> new UpSampling2D(2, 3), new int[] {2, 2, 3}),
                new Case("Dropout (inference)", () -> new Dropout(0.5), new int[] {6}),
                new Case("SimpleRNN", () -> new SimpleRNN(3), new int[] {4, 2}),
                new Case("LSTM sequences", () -> new LSTM(2).returnSequences(true), new int[] {3, 2}),
                new Case("GRU backwards", () -> new GRU(2).goBackwards(true), new int[] {3, 3}),
                new Case("GRU reset before", () -> new GRU(2).resetAfter(false).maskValue(0f), new int[] {3, 2}),
                new Case("Bidirectional", () -> new Bidirectional(new LSTM(2).returnSequences(true)), new int[] {3, 2}),
                new Case("Bidirectional ave", () -> new Bidirectional(new GRU(2), Bidirectional.MergeMode.AVE),
                        new int[] {3, 2}),
                new Case("TimeDistributed", () -> new TimeDistributed(new Dense(3)), new int[] {4, 2}),
                new Case("Masking", () -> new Masking(0.5f), new int[] {3, 2}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void outputShapeMatchesWhatCallReturns(Case c) {
        Layer layer = c.make().get();
        Tensor x = Tensor.randn(new Random(1), batchOf(2, c.sampleShape()));
        Tensor y = layer.call(x);
        int[] expected = batchOf(2, layer.outputShape(c.sampleShape()));
        assertArrayEquals(expected, y.shape(), c.label());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void configRoundTripsToAnEqualLayer(Case c) {
        Layer layer = c.make().get();
        Map<String, Object> config = layer.getConfig();
        Layer copy = Layers.fromConfig(Layers.className(layer), config);
        assertEquals(config, copy.getConfig());
        assertEquals(layer.getClass(), copy.getClass());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void gradientsThroughTheLayerAreCorrect(Case c) {
        Layer layer = c.make().get();
        if (layer instanceof BatchNormalization) {
            layer.setTraining(true);
        }
        Random rng = new Random(3);
        Tensor x = Tensor.randn(rng, batchOf(2, c.sampleShape())).requiresGrad(true);
        layer.build(c.sampleShape());
        List<Tensor> weights = layer.trainableWeights();
        Tensor[] inputs = new Tensor[weights.size() + 1];
        inputs[0] = x;
        for (int i = 0; i < weights.size(); i++) {
            inputs[i + 1] = weights.get(i);
        }
        // Batch normalization updates its moving statistics at each call; harmless for the gradient.
        new GradCheck().assertGradients(in -> layer.call(in[0]), inputs);
    }

    @Test
    void denseComputesXWPlusB() {
        Dense dense = new Dense(2).kernelInitializer(Initializers.ones()).biasInitializer(Initializers.constant(0.5f));
        Tensor y = dense.call(Tensor.of(new float[] {1, 2, 3}, 1, 3));
        // x·W + b = [1+2+3, 1+2+3] + 0.5
        assertArrayEquals(new float[] {6.5f, 6.5f}, y.toArray());
        assertEquals(3 * 2 + 2, dense.countParams());
    }

    @Test
    void conv2dParameterCountMatchesKeras() {
        // Keras: Conv2D(32, 3) on 1 channel has 3·3·1·32 + 32 = 320 parameters.
        Conv2D conv = new Conv2D(32, 3);
        conv.build(1, 28, 28);
        assertEquals(320, conv.countParams());
        assertArrayEquals(new int[] {32, 26, 26}, conv.outputShape(new int[] {1, 28, 28}));
    }

    @Test
    void trueConvolutionEqualsCrossCorrelationWithTheRotatedKernel() {
        Conv2D literal = new Conv2D(1, 3).trueConvolution(true).useBias(false);
        literal.seed(5);
        Conv2D plain = new Conv2D(1, 3).useBias(false);
        plain.seed(5);
        Tensor x = Tensor.randn(new Random(2), 1, 1, 5, 5);
        Tensor a = literal.call(x);
        plain.build(1, 5, 5);
        Tensor k = plain.namedWeights().get("kernel");
        float[] w = k.toArray();
        float[] rotated = new float[9];
        for (int i = 0; i < 9; i++) {
            rotated[i] = w[8 - i];
        }
        System.arraycopy(rotated, 0, k.storage(), k.offset(), 9);
        assertArrayEquals(a.toArray(), plain.call(x).toArray(), 1e-5f);
    }

    @Test
    void batchNormalizationUsesBatchStatisticsInTrainingAndMovingOnesAtInference() {
        BatchNormalization bn = new BatchNormalization().momentum(0.5);
        Tensor x = Tensor.of(new float[] {1, 3, 5, 7}, 4, 1);   // mean 4, biased variance 5
        bn.setTraining(true);
        Tensor y = bn.call(x);
        double s = Math.sqrt(5 + 1e-3);
        assertArrayEquals(new float[] {(float) (-3 / s), (float) (-1 / s), (float) (1 / s), (float) (3 / s)}, y.toArray(), 1e-5f);
        // moving = 0.5·initial + 0.5·batch: mean 0 → 2, variance 1 → 3
        assertArrayEquals(new float[] {2f}, bn.namedWeights().get("moving_mean").toArray(), 1e-6f);
        assertArrayEquals(new float[] {3f}, bn.namedWeights().get("moving_variance").toArray(), 1e-6f);
        bn.setTraining(false);
        Tensor z = bn.call(Tensor.of(new float[] {2}, 1, 1));
        assertEquals(0f, z.item(), 1e-6f);
        assertEquals(2, bn.trainableWeights().size());
        assertEquals(2, bn.nonTrainableWeights().size());
    }

    @Test
    void dropoutOnlyActsWhileTraining() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.ones(1, 1000);
        assertArrayEquals(x.toArray(), d.call(x).toArray());
        d.setTraining(true);
        float[] y = d.call(x).toArray();
        int zeros = 0;
        for (float v : y) {
            assertTrue(v == 0f || v == 2f);
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(zeros > 400 && zeros < 600, "zeros: " + zeros);
    }

    @Test
    void mergeLayersCombineSeveralInputs() {
        Tensor a = Tensor.ones(2, 3, 4, 4);
        Tensor b = Tensor.full(2f, 2, 5, 4, 4);
        assertArrayEquals(new int[] {2, 8, 4, 4}, new Concatenate().call(a, b).shape());
        Tensor sum = new Add().call(a, a, a);
        assertEquals(3f, sum.get(1, 2, 3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Add().call(a));
        assertTrue(e.getMessage().contains("at least two inputs"), e.getMessage());
    }

    @Test
    void wrongInputShapeNamesTheLayer() {
        Dense dense = new Dense(4);
        dense.name("classifier");
        dense.build(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dense.call(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("classifier") && e.getMessage().contains("[2, 5]"), e.getMessage());
        IllegalArgumentException conv = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(4, 3).call(Tensor.zeros(2, 5)));
        assertTrue(conv.getMessage().contains("Conv2D") && conv.getMessage().contains("[5]"), conv.getMessage());
    }

    @Test
    void initializersFollowKerasScales() {
        Random rng = new Random(0);
        float[] glorot = Initializers.glorotUniform().initialize(new int[] {100, 50}, 100, 50, rng).toArray();
        double limit = Math.sqrt(6.0 / 150);
        double sumSq = 0;
        for (float v : glorot) {
            assertTrue(Math.abs(v) <= limit);
            sumSq += v * v;
        }
        // Var of U(−l, l) = l²/3 = 2/(fanIn+fanOut)
        assertEquals(2.0 / 150, sumSq / glorot.length, 0.1 * 2.0 / 150);
        float[] he = Initializers.heNormal().initialize(new int[] {200, 100}, 200, 100, rng).toArray();
        double heVar = 0;
        for (float v : he) {
            heVar += v * v;
        }
        assertEquals(2.0 / 200, heVar / he.length, 0.1 * 2.0 / 200);
        Tensor q = Initializers.orthogonal(1.0).initialize(new int[] {6, 4}, 6, 4, rng);
        Tensor qtq = q.transpose(0, 1).matmul(q);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 1f : 0f, qtq.get(i, j), 1e-5f);
            }
        }
    }

    private static int[] batchOf(int batch, int[] sample) {
        int[] s = new int[sample.length + 1];
        s[0] = batch;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }
}

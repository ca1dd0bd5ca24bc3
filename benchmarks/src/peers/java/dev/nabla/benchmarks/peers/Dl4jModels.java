package dev.nabla.benchmarks.peers;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The peer-benchmark models as DL4J {@link MultiLayerNetwork}s (float32, Adam lr 1e-3, softmax + multi-class
 * cross-entropy), layer for layer the same as {@code NablaSideBenchmark.leNet5()} and {@code seedCnn()}.
 * Peer code: compiled only under {@code -Ppeers}.
 */
public final class Dl4jModels {
    private Dl4jModels() {
    }

    private static NeuralNetConfiguration.ListBuilder base() {
        return new NeuralNetConfiguration.Builder()
                .seed(1)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list();
    }

    private static ConvolutionLayer conv(int filters, int k, ConvolutionMode mode) {
        return new ConvolutionLayer.Builder(k, k).nOut(filters).stride(1, 1).convolutionMode(mode)
                .activation(Activation.RELU).build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .build();
    }

    /** LeNet-5: conv 6@5×5 same, pool, conv 16@5×5 valid, pool, dense 120, 84, softmax 10. */
    public static MultiLayerNetwork leNet5() {
        MultiLayerConfiguration conf = base()
                .layer(conv(6, 5, ConvolutionMode.Same))
                .layer(pool())
                .layer(conv(16, 5, ConvolutionMode.Truncate))
                .layer(pool())
                .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(84).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The seed CNN: conv 32/64/128 @3×3 valid relu, each followed by max-pool 2, dense 128, softmax 10. */
    public static MultiLayerNetwork seedCnn() {
        MultiLayerConfiguration conf = base()
                .layer(conv(32, 3, ConvolutionMode.Truncate))
                .layer(pool())
                .layer(conv(64, 3, ConvolutionMode.Truncate))
                .layer(pool())
                .layer(conv(128, 3, ConvolutionMode.Truncate))
                .layer(pool())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}

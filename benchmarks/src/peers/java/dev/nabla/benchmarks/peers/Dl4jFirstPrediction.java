package dev.nabla.benchmarks.peers;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Start-up to first prediction, DL4J's side: a whole process that builds the seed CNN as a
 * {@link MultiLayerNetwork}, predicts one fixed random 28×28 image and prints the class. Peer code.
 */
public final class Dl4jFirstPrediction {
    private Dl4jFirstPrediction() {
    }

    /** Builds, predicts, prints {@code prediction <class>}. */
    public static void main(String[] args) {
        MultiLayerNetwork net = Dl4jModels.seedCnn();
        Nd4j.getRandom().setSeed(42);
        INDArray image = Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28);
        INDArray p = net.output(image);
        System.out.println("prediction " + p.argMax(1).getInt(0));
    }
}

package dev.nabla.benchmarks.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

/**
 * Start-up to first prediction, DJL's side: a whole process that loads the PyTorch engine (offline, native
 * library from the Maven artifact), builds the seed CNN block, predicts one fixed random 28×28 image and prints
 * the class. Peer code.
 */
public final class DjlFirstPrediction {
    private DjlFirstPrediction() {
    }

    /** Builds, predicts, prints {@code prediction <class>}. */
    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock block = DjlModels.seedCnn();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            NDArray image = manager.randomUniform(0f, 1f, new Shape(1, 1, 28, 28));
            NDArray logits = block.forward(new ParameterStore(manager, false), new NDList(image), false).head();
            System.out.println("prediction " + logits.argMax(1).getLong(0));
        }
    }
}

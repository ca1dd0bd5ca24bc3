package dev.nabla.medical.drug;

import java.util.List;
import java.util.Map;

import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

/** A generator of molecular graphs: noise {@code z (b, noiseDim)} to {@link GraphLogits}. */
public interface GraphGenerator {
    /** Logits of the graph for each noise vector. */
    GraphLogits logits(Tensor z);

    /** Length of a noise vector. */
    int noiseDim();

    /** The layers that hold every weight of this generator. */
    Sequential model();

    /** The weights to optimise. */
    default List<Tensor> trainableWeights() {
        return model().trainableWeights();
    }

    /** Every weight by name (trainable and not), for saving. */
    default Map<String, Tensor> namedWeights() {
        return model().namedWeights();
    }

    /** Switches training-time behaviour (batch statistics) on or off. */
    default void setTraining(boolean training) {
        model().setTraining(training);
    }

    /** {@code molgan} or {@code baseline}. */
    String kind();
}

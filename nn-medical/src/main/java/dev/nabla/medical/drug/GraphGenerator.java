package dev.nabla.medical.drug;

import java.util.List;
import java.util.Map;

import dev.nabla.tensor.Tensor;

/** A generator of molecular graphs: noise {@code z (b, noiseDim)} to {@link GraphLogits}. */
public interface GraphGenerator {
    /** Logits of the graph for each noise vector. */
    GraphLogits logits(Tensor z);

    /** Length of a noise vector. */
    int noiseDim();

    /** The weights to optimise. */
    List<Tensor> trainableWeights();

    /** Every weight by name (trainable and not), for saving. */
    Map<String, Tensor> namedWeights();

    /** Switches training-time behaviour (batch statistics) on or off. */
    void setTraining(boolean training);

    /** {@code molgan} or {@code baseline}. */
    String kind();
}

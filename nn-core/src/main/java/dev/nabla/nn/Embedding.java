package dev.nabla.nn;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.Map;

/**
 * Maps integer ids (stored as floats) to learned vectors: {@code (batch, …) → (batch, …, dim)}.
 * The table {@code embeddings (inputDim, outputDim)} starts uniform in [−0.05, 0.05] (Keras).
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private Tensor table;

    /**
     * A table of {@code inputDim} ids (the vocabulary size, ids in [0, inputDim)) to vectors of {@code
     * outputDim} values.
     */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("Embedding: input and output dims must be ≥ 1, got " + inputDim
                    + " and " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    @Override
    public Embedding name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Embedding seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected void onBuild(int[] inputShape) {
        table = addWeight("embeddings", new int[] {inputDim, outputDim}, Initializers.uniform(0.05), inputDim,
                outputDim, true);
    }

    @Override
    protected Tensor forward(Tensor ids) {
        return Ops.embedding(ids, table);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int[] out = java.util.Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = outputDim;
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        return c;
    }

    static Embedding fromConfig(Map<String, Object> c) {
        return named(new Embedding(Config.integer(c, "input_dim"), Config.integer(c, "output_dim")), c);
    }
}

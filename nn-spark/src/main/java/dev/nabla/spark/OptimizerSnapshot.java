package dev.nabla.spark;

import dev.nabla.optim.OptimizerState;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link OptimizerState} as plain Java-serializable arrays, to ship to executors (parameter
 * averaging) and back. Parameters are the model's trainable weights, in order.
 */
public final class OptimizerSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String optimizer;
    private final long iterations;
    private final double learningRate;
    private final long[] steps;
    private final String[][] slotNames;
    private final float[][][] slots;

    private OptimizerSnapshot(String optimizer, long iterations, double learningRate, long[] steps,
                              String[][] slotNames, float[][][] slots) {
        this.optimizer = optimizer;
        this.iterations = iterations;
        this.learningRate = learningRate;
        this.steps = steps;
        this.slotNames = slotNames;
        this.slots = slots;
    }

    /** Copies a state into arrays. */
    public static OptimizerSnapshot of(OptimizerState state) {
        int n = state.parameters().size();
        long[] steps = new long[n];
        String[][] names = new String[n][];
        float[][][] slots = new float[n][][];
        for (int i = 0; i < n; i++) {
            OptimizerState.Parameter p = state.parameters().get(i);
            steps[i] = p.steps();
            Map<String, float[]> s = p.slots();
            names[i] = s.keySet().toArray(new String[0]);
            slots[i] = new float[names[i].length][];
            for (int j = 0; j < names[i].length; j++) {
                slots[i][j] = s.get(names[i][j]);
            }
        }
        return new OptimizerSnapshot(state.optimizer(), state.iterations(), state.learningRate(), steps, names, slots);
    }

    /** Back to an {@link OptimizerState} for {@code Optimizer.loadState}. */
    public OptimizerState toState() {
        List<OptimizerState.Parameter> parameters = new ArrayList<>(steps.length);
        for (int i = 0; i < steps.length; i++) {
            Map<String, float[]> s = new LinkedHashMap<>();
            for (int j = 0; j < slotNames[i].length; j++) {
                s.put(slotNames[i][j], slots[i][j]);
            }
            parameters.add(new OptimizerState.Parameter(steps[i], s));
        }
        return new OptimizerState(optimizer, iterations, learningRate, parameters);
    }

    /** The optimizer's class name. */
    public String optimizer() {
        return optimizer;
    }

    /** The number of steps the optimizer made. */
    public long iterations() {
        return iterations;
    }

    /** The constant learning rate in force (NaN with a schedule). */
    public double learningRate() {
        return learningRate;
    }

    /** Number of parameters. */
    public int parameterCount() {
        return steps.length;
    }

    /** Updates parameter {@code i} received. */
    public long steps(int i) {
        return steps[i];
    }

    /** Slot names of parameter {@code i}, in order. */
    public String[] slotNames(int i) {
        return slotNames[i].clone();
    }

    /** Slot {@code j} of parameter {@code i} (not a copy). */
    public float[] slot(int i, int j) {
        return slots[i][j];
    }
}

package dev.nabla.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an optimizer's mutable state, enough to resume training bit for bit: the global
 * iteration count, the learning rate in force (a constant one may have been changed by a
 * callback), and for each parameter, by its index in the parameter list, the number of updates it
 * received and its named slot arrays (Keras's names: {@code "momentum"}, {@code "velocity"}, …).
 *
 * <p>The snapshot owns copies of the arrays: later steps do not change it, and changing the
 * arrays returned by {@link Parameter#slots()} does not change it either. Save it alongside the
 * weights (the arrays as tensors, the counts as metadata) and give it back to
 * {@link Optimizer#loadState} with the same parameters in the same order; saving a compiled model
 * with {@link dev.nabla.io.ModelFile} does exactly that.
 *
 * @param optimizer    the optimizer's class name ({@code "Adam"}); loading into another kind fails
 * @param iterations   the number of {@link Optimizer#step} calls made
 * @param learningRate the learning rate for the next step ({@link Optimizer#currentLearningRate()})
 * @param parameters   per parameter index; a parameter that never had a gradient has
 *                     {@code steps == 0} and no slots
 */
public record OptimizerState(String optimizer, long iterations, double learningRate, List<Parameter> parameters) {

    /** Copies the list; each {@link Parameter} already owns copies of its arrays. */
    public OptimizerState {
        if (optimizer == null || parameters == null) {
            throw new IllegalArgumentException("OptimizerState: optimizer and parameters must not be null");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("OptimizerState: iterations must be >= 0, got " + iterations);
        }
        parameters = List.copyOf(parameters);
    }

    /**
     * The state of one parameter.
     *
     * @param steps the number of updates this parameter received (Adam's {@code t})
     * @param slots named arrays, each with the parameter's number of elements, in row-major order
     */
    public record Parameter(long steps, Map<String, float[]> slots) {

        /** Deep-copies {@code slots}. */
        public Parameter {
            if (steps < 0) {
                throw new IllegalArgumentException("OptimizerState.Parameter: steps must be >= 0, got " + steps);
            }
            slots = copy(slots == null ? Map.of() : slots);
        }

        /** A deep copy of the slot arrays (the record keeps its own). */
        @Override
        public Map<String, float[]> slots() {
            return copy(slots);
        }

        /** A copy of one slot array, or null when this parameter has no slot of that name. */
        public float[] slot(String name) {
            float[] s = slots.get(name);
            return s == null ? null : s.clone();
        }

        private static Map<String, float[]> copy(Map<String, float[]> slots) {
            Map<String, float[]> out = new LinkedHashMap<>();
            slots.forEach((name, values) -> {
                if (name == null || values == null) {
                    throw new IllegalArgumentException("OptimizerState.Parameter: slot names and arrays must not be null");
                }
                out.put(name, values.clone());
            });
            return Collections.unmodifiableMap(out);
        }
    }

    /** Slot arrays of parameter {@code index}, as a deep copy; convenient for tests and for saving. */
    public Map<String, float[]> slots(int index) {
        return parameters.get(index).slots();
    }
}

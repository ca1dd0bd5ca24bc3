package dev.nabla.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations} on the Vector API: {@code σ(x) = 1 / (1 + e^−x)} with the {@code EXP} lane operation and
 * {@code tanh} with the {@code TANH} one, a whole vector at a time (about 0.6 and 2 ns per element here, against
 * about 8 ns for the scalar double-precision {@code Math.exp} form); the elements after the last whole vector
 * go through {@link Activations#SCALAR}. Loaded only reflectively, when the module is present.
 */
final class VectorActivations implements Activations.Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Public no-argument constructor: {@link Activations} creates the instance reflectively. */
    public VectorActivations() {
    }

    @Override
    public void sigmoid(float[] x, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP);
            one.div(e.add(one)).intoArray(x, i);
        }
        Activations.SCALAR.sigmoid(x, i, to);
    }

    @Override
    public void tanh(float[] x, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(x, i);
        }
        Activations.SCALAR.tanh(x, i, to);
    }
}

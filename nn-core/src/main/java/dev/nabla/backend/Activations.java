package dev.nabla.backend;

/**
 * The logistic sigmoid and the hyperbolic tangent applied in place to a range of an array, for the gate
 * passes of the recurrent layers:
 * <pre>
 *   σ(x) = 1 / (1 + e^−x)        tanh(x) = (e^x − e^−x) / (e^x + e^−x)
 * </pre>
 * With the Vector API module present (and {@code -Dnabla.simd} not {@code off}, as for {@link Gemm}) a whole
 * vector of lanes is computed at once ({@code VectorActivations}: the {@code EXP} and {@code TANH} lane
 * operations, which HotSpot compiles to its vectorised math routines on x86); otherwise, element by element,
 * {@link UnaryOp#sigmoid} and {@link UnaryOp#tanh}. Both agree to a few units in the last place of a float
 * (tests compare them); {@link #implementation()} tells which one runs.
 */
public final class Activations {
    /** One implementation of the two in-place passes over {@code x[from..to)}. */
    interface Kernel {
        void sigmoid(float[] x, int from, int to);

        void tanh(float[] x, int from, int to);
    }

    /** The scalar implementation: {@link UnaryOp}'s double-precision formulas, one element at a time. */
    static final Kernel SCALAR = new Kernel() {
        @Override
        public void sigmoid(float[] x, int from, int to) {
            for (int i = from; i < to; i++) {
                x[i] = UnaryOp.sigmoid(x[i]);
            }
        }

        @Override
        public void tanh(float[] x, int from, int to) {
            for (int i = from; i < to; i++) {
                x[i] = UnaryOp.tanh(x[i]);
            }
        }
    };

    private static final Kernel VECTOR = loadVector();
    private static final Kernel ACTIVE = VECTOR != null ? VECTOR : SCALAR;

    private Activations() {
    }

    private static Kernel loadVector() {
        if (!Gemm.vectorModulePresent()) { // the same conditions as the GEMM: module present, -Dnabla.simd not off
            return null;
        }
        try {
            return (Kernel) Class.forName("dev.nabla.backend.VectorActivations").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** {@code x[i] = σ(x[i])} for {@code from ≤ i < to}. */
    public static void sigmoid(float[] x, int from, int to) {
        ACTIVE.sigmoid(x, from, to);
    }

    /** {@code x[i] = tanh(x[i])} for {@code from ≤ i < to}. */
    public static void tanh(float[] x, int from, int to) {
        ACTIVE.tanh(x, from, to);
    }

    /** {@code "vector"} or {@code "scalar"}. */
    public static String implementation() {
        return ACTIVE == VECTOR ? "vector" : "scalar";
    }

    /** The vector implementation, or {@code null} when unavailable (tests compare both). */
    static Kernel vector() {
        return VECTOR;
    }
}

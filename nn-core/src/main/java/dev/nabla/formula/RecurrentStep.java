package dev.nabla.formula;

/**
 * One step of the simple (Elman) recurrent network, in column-vector notation:
 *
 * <pre>
 *   h_t = tanh(W · x_t + R · h_{t−1} + b)
 * </pre>
 *
 * with input {@code x_t} (length {@code in}), previous state {@code h_{t−1}} and new state
 * {@code h_t} (length {@code units}), input weights {@code W} ({@code units × in}), recurrent weights
 * {@code R} ({@code units × units}) and bias {@code b} (length {@code units}). Component by component:
 * {@code h_t(u) = tanh(Σ_v W(u,v)·x_t(v) + Σ_q R(u,q)·h_{t−1}(q) + b(u))}.
 *
 * <p><b>Indices.</b> Vector and matrix entries are 1-based in the text and 0-based in code
 * ({@code W(u,v)} is {@code W[u−1][v−1]}). Time: the text runs {@code t = 1..T} from the initial
 * state {@code h_0}; in {@link #unroll}, {@code xs[t−1]} is {@code x_t} and the result's row
 * {@code t−1} is {@code h_t}.
 *
 * <p><b>Keras/Nabla layout.</b> {@code Ops.rnnStep} works on row vectors (a batch of them):
 * {@code h_t = tanh(x_t·W_ops + h_{t−1}·R_ops + b)} with {@code W_ops (in, units)} and
 * {@code R_ops (units, units)}. Transposing both sides of the column formula gives
 * {@code W_ops = Wᵀ} and {@code R_ops = Rᵀ} ({@link #transpose}).
 *
 * <p>Worked example ({@link #main}): {@code W = [[1,−1],[2,0]]}, {@code R = [[0.5,0],[0,0.5]]},
 * {@code b = [0,−1]}, {@code h_0 = [0,0]}, {@code x_1 = [1,1]}, {@code x_2 = [1,0]} gives
 * {@code h_1 = [tanh 0, tanh 1] = [0, 0.761594]} and {@code h_2 = [tanh 1, tanh 1.380797] = [0.761594, 0.881130]}.
 */
public final class RecurrentStep {
    private RecurrentStep() {
    }

    /**
     * {@code h_t = tanh(W·x_t + R·h_{t−1} + b)}.
     *
     * @param w     input weights, units × in
     * @param r     recurrent weights, units × units
     * @param b     bias, units
     * @param x     input x_t, in
     * @param hPrev previous state h_{t−1}, units
     * @return the new state h_t, units
     */
    public static double[] step(double[][] w, double[][] r, double[] b, double[] x, double[] hPrev) {
        String fn = "RecurrentStep.step";
        int[] ws = Arrays2D.requireMatrix(fn, "W (units × in)", w);
        int units = ws[0], in = ws[1];
        int[] rs = Arrays2D.requireMatrix(fn, "R (units × units)", r);
        if (rs[0] != units || rs[1] != units) {
            throw new IllegalArgumentException(fn + ": R must be units × units = " + units + "×" + units
                    + " (W has " + units + " rows), got " + rs[0] + "×" + rs[1]);
        }
        Arrays2D.requireLength(fn, "b (units)", b, units);
        Arrays2D.requireLength(fn, "x_t (in = columns of W)", x, in);
        Arrays2D.requireLength(fn, "h_{t−1} (units)", hPrev, units);

        double[] h = new double[units];
        for (int u = 0; u < units; u++) {
            double a = b[u];
            for (int v = 0; v < in; v++) {
                a += w[u][v] * x[v];          // (W·x_t)(u)
            }
            for (int q = 0; q < units; q++) {
                a += r[u][q] * hPrev[q];      // (R·h_{t−1})(u)
            }
            h[u] = Math.tanh(a);
        }
        return h;
    }

    /**
     * Runs {@link #step} over a sequence: {@code h_1, …, h_T} from {@code h_0}.
     *
     * @param xs the inputs, T × in ({@code xs[t−1] = x_t})
     * @param h0 the initial state, units
     * @return the states, T × units (row {@code t−1} is {@code h_t})
     */
    public static double[][] unroll(double[][] w, double[][] r, double[] b, double[][] xs, double[] h0) {
        Arrays2D.requireMatrix("RecurrentStep.unroll", "sequence xs (T × in)", xs);
        double[][] hs = new double[xs.length][];
        double[] h = h0;
        for (int t = 1; t <= xs.length; t++) {
            h = step(w, r, b, xs[t - 1], h);
            hs[t - 1] = h;
        }
        return hs;
    }

    /** {@code Mᵀ}: turns the column-notation {@code W} (units × in) into Keras's {@code W_ops} (in × units). */
    public static double[][] transpose(double[][] m) {
        return Arrays2D.transpose(m);
    }

    /** Prints the worked example: two units, two inputs, two time steps. */
    public static void main(String[] args) {
        double[][] w = {{1, -1}, {2, 0}};
        double[][] r = {{0.5, 0}, {0, 0.5}};
        double[] b = {0, -1};
        double[] h0 = {0, 0};
        double[][] xs = {{1, 1}, {1, 0}};
        System.out.println("Recurrent step  h_t = tanh(W·x_t + R·h_{t−1} + b)");
        Arrays2D.print("  W (units×in):", w);
        Arrays2D.print("  R (units×units):", r);
        System.out.println("  b = " + Arrays2D.format(b) + ", h_0 = " + Arrays2D.format(h0)
                + ", x_1 = " + Arrays2D.format(xs[0]) + ", x_2 = " + Arrays2D.format(xs[1]));
        double[][] hs = unroll(w, r, b, xs, h0);
        System.out.println("  t=1: W·x_1 = [0, 2], R·h_0 = [0, 0], + b → [0, 1]");
        System.out.println("       h_1 = [tanh 0, tanh 1] = " + Arrays2D.format(hs[0]));
        System.out.println("  t=2: W·x_2 = [1, 2], R·h_1 = [0, 0.380797], + b → [1, 1.380797]");
        System.out.println("       h_2 = " + Arrays2D.format(hs[1]));
        System.out.println("  In Keras/Ops.rnnStep layout (row vectors), W_ops = Wᵀ:");
        Arrays2D.print("  W_ops (in×units):", transpose(w));
    }
}

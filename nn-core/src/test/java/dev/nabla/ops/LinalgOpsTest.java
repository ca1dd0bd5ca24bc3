package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static dev.nabla.ops.Fixtures.assertGradients;
import static dev.nabla.ops.Fixtures.assertValues;
import static dev.nabla.ops.Fixtures.normal;
import static dev.nabla.ops.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** matmul, softmax, logSoftmax and the recurrent step: values against references, and gradients. */
class LinalgOpsTest {

    /** Plain triple loop over broadcast batch axes, in double. */
    static double[] naiveMatmul(Tensor a, Tensor b, int[] outShape) {
        int rank = outShape.length;
        int m = outShape[rank - 2];
        int n = outShape[rank - 1];
        int k = a.size(-1);
        int batches = 1;
        for (int i = 0; i < rank - 2; i++) {
            batches *= outShape[i];
        }
        double[] out = new double[batches * m * n];
        int[] batchShape = Arrays.copyOf(outShape, rank - 2);
        for (int p = 0; p < batches; p++) {
            int[] bi = unravel(p, batchShape);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        s += (double) a.get(index(a, bi, i, q)) * b.get(index(b, bi, q, j));
                    }
                    out[(p * m + i) * n + j] = s;
                }
            }
        }
        return out;
    }

    private static int[] unravel(int p, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = p % shape[i];
            p /= shape[i];
        }
        return idx;
    }

    /** The index into {@code t} of batch position {@code bi} (broadcast) and matrix entry (r, c). */
    private static int[] index(Tensor t, int[] bi, int r, int c) {
        int rank = t.rank();
        int[] idx = new int[rank];
        int lead = bi.length - (rank - 2);
        for (int i = 0; i < rank - 2; i++) {
            idx[i] = t.size(i) == 1 ? 0 : bi[i + lead];
        }
        idx[rank - 2] = r;
        idx[rank - 1] = c;
        return idx;
    }

    @Test
    void matmul2dKnownValues() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = t(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        Tensor y = Ops.matmul(a, b);
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {58, 64, 139, 154}, y.toArray());
    }

    @Test
    void matmul2dKnownGradients() {
        Tensor a = t(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor b = t(new float[] {5, 6, 7, 8}, 2, 2).requiresGrad(true);
        Tensor y = a.matmul(b);
        assertArrayEquals(new float[] {19, 22, 43, 50}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {11, 15, 11, 15}, a.grad().toArray());
        assertArrayEquals(new float[] {4, 4, 6, 6}, b.grad().toArray());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2d", "batched", "broadcast-left", "broadcast-right", "broadcast-both", "views", "large"})
    void matmulMatchesNaiveReference(String kind) {
        Random rng = new Random(kind.hashCode());
        Tensor a;
        Tensor b;
        int[] out;
        switch (kind) {
            case "2d": a = Tensor.randn(rng, 5, 7); b = Tensor.randn(rng, 7, 3); out = new int[] {5, 3}; break;
            case "batched": a = Tensor.randn(rng, 4, 2, 3); b = Tensor.randn(rng, 4, 3, 5); out = new int[] {4, 2, 5}; break;
            case "broadcast-left": a = Tensor.randn(rng, 2, 3); b = Tensor.randn(rng, 4, 3, 5); out = new int[] {4, 2, 5}; break;
            case "broadcast-right": a = Tensor.randn(rng, 2, 4, 2, 3); b = Tensor.randn(rng, 3, 5); out = new int[] {2, 4, 2, 5}; break;
            case "broadcast-both": a = Tensor.randn(rng, 2, 1, 2, 3); b = Tensor.randn(rng, 4, 3, 5); out = new int[] {2, 4, 2, 5}; break;
            case "views":
                a = Tensor.randn(rng, 3, 6).transpose(0, 1).slice(0, 1, 5);     // (4, 3), strided
                b = Tensor.randn(rng, 2, 5, 3).transpose(1, 2);                // (2, 3, 5), strided
                out = new int[] {2, 4, 5};
                break;
            case "large": a = Tensor.randn(rng, 70, 90); b = Tensor.randn(rng, 90, 80); out = new int[] {70, 80}; break;
            default: throw new AssertionError(kind);
        }
        Tensor y = Ops.matmul(a, b);
        assertArrayEquals(out, y.shape());
        assertValues(naiveMatmul(a, b, out), y, 1e-4);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2d", "matrix-vector", "batched", "broadcast-left", "broadcast-right", "broadcast-both"})
    void matmulGradients(String kind) {
        Tensor a;
        Tensor b;
        switch (kind) {
            case "2d": a = normal(1, 3, 4); b = normal(2, 4, 2); break;
            case "matrix-vector": a = normal(1, 3, 4); b = normal(2, 4, 1); break;
            case "batched": a = normal(1, 2, 3, 4); b = normal(2, 2, 4, 2); break;
            case "broadcast-left": a = normal(1, 3, 4); b = normal(2, 2, 4, 2); break;
            case "broadcast-right": a = normal(1, 2, 3, 4); b = normal(2, 4, 2); break;
            case "broadcast-both": a = normal(1, 2, 1, 2, 3); b = normal(2, 3, 3, 2); break;
            default: throw new AssertionError(kind);
        }
        assertGradients("matmul " + kind, in -> Ops.matmul(in[0], in[1]), a, b);
    }

    // ------------------------------------------------------------------ softmax

    @Test
    void softmaxKnownValues() {
        // numpy: np.exp([1,2,3]) / np.exp([1,2,3]).sum()
        assertValues(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, Ops.softmax(Tensor.vector(1, 2, 3), 0), 1e-6f);
        // scipy.special.log_softmax([1, 2, 3])
        assertValues(new float[] {-2.40760596f, -1.40760596f, -0.40760596f},
                Ops.logSoftmax(Tensor.vector(1, 2, 3), -1), 1e-6f);
    }

    @Test
    void softmaxIsStableForLargeInputs() {
        Tensor big = Tensor.vector(1000, 1001);
        // log_softmax([1000, 1001]) = [-1 - log(1 + e^-1), -log(1 + e^-1)] = [-1.31326169, -0.31326169]
        assertValues(new float[] {-1.31326169f, -0.31326169f}, Ops.logSoftmax(big, 0), 1e-6f);
        assertValues(new float[] {0.26894142f, 0.73105858f}, Ops.softmax(big, 0), 1e-6f);
        assertValues(new float[] {0.26894142f, 0.73105858f}, Ops.softmax(Tensor.vector(-1001, -1000), 0), 1e-6f);
    }

    @Test
    void softmaxAlongEachAxisSumsToOne() {
        Tensor x = Tensor.randn(new Random(5), 2, 3, 4).mul(3);
        for (int axis = 0; axis < 3; axis++) {
            Tensor y = Ops.softmax(x, axis);
            assertArrayEquals(x.shape(), y.shape());
            float[] sums = Ops.sum(y, new int[] {axis}, false).toArray();
            for (float s : sums) {
                assertEquals(1f, s, 1e-5f, "axis " + axis);
            }
            assertValues(Ops.log(y).toArray(), Ops.logSoftmax(x, axis), 1e-4f);
        }
    }

    @Test
    void softmaxAlongAxisZeroByHand() {
        Tensor x = t(new float[] {0, 1, 0, 3}, 2, 2);
        double e = Math.exp(1);
        double e3 = Math.exp(3);
        assertValues(new double[] {1 / (1 + 1.0), e / (e + e3), 1 / (1 + 1.0), e3 / (e + e3)}, Ops.softmax(x, 0), 1e-6);
    }

    @ParameterizedTest(name = "axis {0}")
    @ValueSource(ints = {0, 1, 2, -1})
    void softmaxGradients(int axis) {
        assertGradients("softmax", in -> Ops.softmax(in[0], axis), normal(51, 2, 3, 4));
        assertGradients("logSoftmax", in -> Ops.logSoftmax(in[0], axis), normal(52, 2, 3, 4));
    }

    @Test
    void softmaxOfAView() {
        Tensor x = Tensor.randn(new Random(3), 4, 3);
        Tensor viaView = Ops.softmax(x.transpose(0, 1), 1);
        Tensor viaCopy = Ops.softmax(x, 0).transpose(0, 1);
        assertArrayEquals(viaCopy.toArray(), viaView.toArray(), 1e-6f);
    }

    // ------------------------------------------------------------------ recurrent step

    @Test
    void rnnStepValues() {
        Tensor x = t(new float[] {1, 2}, 1, 2);
        Tensor h = t(new float[] {0.5f, -1}, 1, 2);
        Tensor w = t(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 2, 2);
        Tensor r = t(new float[] {1, 0, 0, -1}, 2, 2);
        Tensor b = Tensor.vector(0.05f, -0.05f);
        // x·W = [0.7, 1.0]; h·R = [0.5, 1]; + b → [1.25, 1.95]
        assertValues(new double[] {Math.tanh(1.25), Math.tanh(1.95)}, Ops.rnnStep(x, h, w, r, b), 1e-6);
    }

    @Test
    void rnnStepGradients() {
        assertGradients("rnnStep", in -> Ops.rnnStep(in[0], in[1], in[2], in[3], in[4]),
                normal(61, 2, 3), normal(62, 2, 4).mul(0.5f).detach().requiresGrad(true),
                normal(63, 3, 4).mul(0.5f).detach().requiresGrad(true),
                normal(64, 4, 4).mul(0.5f).detach().requiresGrad(true), normal(65, 4));
    }

    @Test
    void rnnStepUnrolledThroughTimeSharesWeights() {
        Tensor w = normal(71, 2, 3).mul(0.5f).detach().requiresGrad(true);
        Tensor r = normal(72, 3, 3).mul(0.5f).detach().requiresGrad(true);
        Tensor b = normal(73, 3);
        Tensor xs = Tensor.randn(new Random(74), 4, 1, 2);
        assertGradients("rnn unrolled 4 steps", in -> {
            Tensor h = Tensor.zeros(1, 3);
            for (int step = 0; step < 4; step++) {
                h = Ops.rnnStep(xs.slice(0, step, step + 1).reshape(1, 2), h, in[0], in[1], in[2]);
            }
            return h;
        }, w, r, b);
        assertTrue(w.isLeaf());
    }
}

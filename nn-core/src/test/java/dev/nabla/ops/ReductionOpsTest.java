package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.nabla.ops.Fixtures.assertGradients;
import static dev.nabla.ops.Fixtures.assertValues;
import static dev.nabla.ops.Fixtures.distinct;
import static dev.nabla.ops.Fixtures.normal;
import static dev.nabla.ops.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** sum, mean, var, max, min, argmax: values with known numbers and gradients over axes. */
class ReductionOpsTest {
    /** 0..23 as (2, 3, 4). */
    private static Tensor cube() {
        return Tensor.arange(24).reshape(2, 3, 4);
    }

    /**
     * Summing over every axis but one (a convolution's bias gradient: N, H, W) of 4-D tensors, each kept
     * axis in turn, also on a contiguous view with an offset, against a plain loop over the indices.
     */
    @Test
    void sumOverAllAxesButOneMatchesALoop() {
        java.util.Random rng = new java.util.Random(11);
        int[] shape = {3, 5, 4, 7};
        Tensor whole = Tensor.randn(rng, 4, 5, 4, 7);
        Tensor view = whole.slice(0, 1, 4); // images 1..3: contiguous, offset 140
        for (Tensor x : new Tensor[] {Tensor.randn(rng, shape), view}) {
            for (int keep = 0; keep < 4; keep++) {
                int[] axes = new int[3];
                for (int a = 0, k = 0; a < 4; a++) {
                    if (a != keep) {
                        axes[k++] = a;
                    }
                }
                double[] want = new double[shape[keep]];
                for (int i0 = 0; i0 < 3; i0++) {
                    for (int i1 = 0; i1 < 5; i1++) {
                        for (int i2 = 0; i2 < 4; i2++) {
                            for (int i3 = 0; i3 < 7; i3++) {
                                int[] idx = {i0, i1, i2, i3};
                                want[idx[keep]] += x.get(i0, i1, i2, i3);
                            }
                        }
                    }
                }
                Tensor got = Ops.sum(x, axes, false);
                assertArrayEquals(new int[] {shape[keep]}, got.shape());
                for (int j = 0; j < want.length; j++) {
                    assertEquals(want[j], got.toArray()[j], 1e-5, "keep axis " + keep + " entry " + j);
                }
            }
        }
    }

    /** The same sum on a tensor large enough that its channels are split over threads: the same double chain. */
    @Test
    void sumOverAllAxesButOneSplitOverThreadsKeepsEachChannelsOrder() {
        Tensor x = Tensor.randn(new java.util.Random(12), 16, 33, 20, 21);
        float[] d = x.toArray();
        float[] got = Ops.sum(x, new int[] {0, 2, 3}, false).toArray();
        for (int j = 0; j < 33; j++) {
            double acc = 0;
            for (int n = 0; n < 16; n++) {
                for (int q = 0; q < 420; q++) {
                    acc += d[(n * 33 + j) * 420 + q];
                }
            }
            assertEquals((float) acc, got[j], 0f, "channel " + j); // bit for bit: the order is the loop's
        }
    }

    @Test
    void sumOverAllAndOverAxes() {
        Tensor x = cube();
        assertEquals(276f, x.sum().item());
        assertArrayEquals(new int[0], x.sum().shape());
        Tensor s1 = Ops.sum(x, new int[] {1}, false);
        assertArrayEquals(new int[] {2, 4}, s1.shape());
        assertArrayEquals(new float[] {12, 15, 18, 21, 48, 51, 54, 57}, s1.toArray());
        Tensor s02 = Ops.sum(x, new int[] {0, 2}, true);
        assertArrayEquals(new int[] {1, 3, 1}, s02.shape());
        // axis 1 = 0: rows 0..3 and 12..15 → 6 + 54 = 60; then 22+70 = 92; 38+86 = 124.
        assertArrayEquals(new float[] {60, 92, 124}, s02.toArray());
        Tensor last = Ops.sum(x, new int[] {-1}, false);
        assertArrayEquals(new float[] {6, 22, 38, 54, 70, 86}, last.toArray());
    }

    @Test
    void sumOfANonContiguousView() {
        Tensor x = cube().permute(2, 0, 1); // (4, 2, 3)
        assertArrayEquals(new float[] {60, 66, 72, 78}, Ops.sum(x, new int[] {1, 2}, false).toArray());
    }

    @Test
    void meanAndVariance() {
        Tensor x = t(new float[] {1, 2, 3, 4, 2, 4, 6, 8}, 2, 4);
        assertEquals(3.75f, Ops.mean(x).item(), 1e-6f);
        assertArrayEquals(new float[] {2.5f, 5f}, Ops.mean(x, new int[] {1}, false).toArray());
        assertArrayEquals(new float[] {1.5f, 3f, 4.5f, 6f}, Ops.mean(x, new int[] {0}, false).toArray());
        // NumPy: np.var([1,2,3,4]) = 1.25, np.var([2,4,6,8]) = 5.0 (ddof = 0).
        Tensor v = Ops.var(x, new int[] {1}, true);
        assertArrayEquals(new int[] {2, 1}, v.shape());
        assertArrayEquals(new float[] {1.25f, 5f}, v.toArray(), 1e-6f);
        // np.var of all eight values: mean 3.75, squared deviations add up to 37.5 → 4.6875
        assertEquals(4.6875f, Ops.var(x, new int[0], false).item(), 1e-5f);
        assertArrayEquals(new float[] {0.25f, 1f, 2.25f, 4f}, Ops.var(x, new int[] {0}, false).toArray(), 1e-6f);
    }

    @Test
    void maxAndMinOverAxes() {
        Tensor x = t(new float[] {3, -1, 7, 2, 9, -4}, 2, 3);
        assertEquals(9f, x.max().item());
        assertEquals(-4f, Ops.min(x, new int[0], false).item());
        assertArrayEquals(new float[] {7, 9}, x.max(1).toArray());
        assertArrayEquals(new float[] {3, 9, 7}, Ops.max(x, new int[] {0}, false).toArray());
        assertArrayEquals(new float[] {-1, -4}, Ops.min(x, new int[] {1}, false).toArray());
        Tensor kept = Ops.min(x, new int[] {0}, true);
        assertArrayEquals(new int[] {1, 3}, kept.shape());
        assertArrayEquals(new float[] {2, -1, -4}, kept.toArray());
    }

    @Test
    void maxGradientSplitsEvenlyOnTies() {
        Tensor x = Tensor.vector(1, 5, 5, 2).requiresGrad(true);
        x.max().backward();
        assertArrayEquals(new float[] {0, 0.5f, 0.5f, 0}, x.grad().toArray());
    }

    @Test
    void argmaxFirstOnTies() {
        Tensor x = t(new float[] {1, 5, 3, 7, 2, 7}, 2, 3);
        assertArrayEquals(new float[] {1, 0}, Ops.argmax(x, 1, false).toArray());
        assertArrayEquals(new float[] {1, 0, 1}, Ops.argmax(x, 0, false).toArray());
        Tensor kept = Ops.argmax(x, -1, true);
        assertArrayEquals(new int[] {2, 1}, kept.shape());
        assertEquals(3, Ops.argmax(x));
        // the (3, 2) view flattens to [1, 7, 5, 2, 3, 7]: the first 7 is at index 1
        assertEquals(1, Ops.argmax(x.transpose(0, 1)));
    }

    @Test
    void argmaxOfViews() {
        Tensor x = t(new float[] {1, 5, 3, 7, 2, 0}, 2, 3);
        // transpose: [[1, 7], [5, 2], [3, 0]]
        assertArrayEquals(new float[] {1, 0, 0}, Ops.argmax(x.transpose(0, 1), 1, false).toArray());
        // slice of row 1: [7, 2, 0]
        assertArrayEquals(new float[] {0}, Ops.argmax(x.slice(0, 1, 2), 1, false).toArray());
        assertFalse(Ops.argmax(x.requiresGrad(true), 1, false).requiresGrad());
    }

    // ------------------------------------------------------------------ gradients

    static Stream<Arguments> reductionCases() {
        int[][] axesList = {{}, {0}, {1}, {2}, {-1}, {0, 2}, {1, 2}, {0, 1, 2}};
        List<Arguments> cases = new ArrayList<>();
        for (String op : new String[] {"sum", "mean", "var", "max", "min"}) {
            for (int[] axes : axesList) {
                for (boolean keep : new boolean[] {false, true}) {
                    cases.add(Arguments.of(op, axes, keep));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} axes {1} keepDims {2}")
    @MethodSource("reductionCases")
    void reductionGradients(String op, int[] axes, boolean keepDims) {
        // Distinct values 0.1 apart: no ties for max/min within the ±1e-3 step.
        Tensor x = distinct(41, 0.1f, 0.01f, 2, 3, 4);
        assertGradients(op, in -> {
            switch (op) {
                case "sum": return Ops.sum(in[0], axes, keepDims);
                case "mean": return Ops.mean(in[0], axes, keepDims);
                case "var": return Ops.var(in[0], axes, keepDims);
                case "max": return Ops.max(in[0], axes, keepDims);
                case "min": return Ops.min(in[0], axes, keepDims);
                default: throw new AssertionError(op);
            }
        }, x);
    }

    @Test
    void reductionShapes() {
        Tensor x = normal(1, 2, 3, 4);
        assertArrayEquals(new int[] {2, 1, 4}, Ops.mean(x, new int[] {1}, true).shape());
        assertArrayEquals(new int[] {3}, Ops.var(x, new int[] {0, 2}, false).shape());
        assertArrayEquals(new int[] {1, 1, 1}, Ops.max(x, new int[0], true).shape());
        assertArrayEquals(new int[] {2, 3}, Ops.min(x, new int[] {2}, false).shape());
    }

    @Test
    void sumGradientBroadcastsBack() {
        Tensor x = normal(2, 2, 3);
        Ops.sum(x, new int[] {1}, false).mul(Tensor.vector(2, -3)).sum().backward();
        assertValues(new float[] {2, 2, 2, -3, -3, -3}, x.grad(), 0f);
    }
}

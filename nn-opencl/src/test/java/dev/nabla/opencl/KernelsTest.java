package dev.nabla.opencl;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.ConvSpec;
import dev.nabla.backend.CpuBackend;
import dev.nabla.backend.PoolResult;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.nabla.opencl.ClTest.assertClose;
import static dev.nabla.opencl.ClTest.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every OpenCL kernel against the CPU backend (itself tested against the formula reference). */
class KernelsTest {
    private final CpuBackend cpu = new CpuBackend();
    private OpenClBackend cl;

    @BeforeEach
    void setUp() {
        cl = ClTest.backend();
    }

    @Test
    void unaryOps() {
        Tensor x = randn(1, 3, 5, 7).mul(3f);
        Tensor positive = x.abs().add(0.1f);
        for (UnaryOp op : UnaryOp.values()) {
            Tensor in = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW ? positive : x;
            float alpha = op == UnaryOp.POW ? 1.7f : 0.2f;
            Tensor out = cl.unary(op, in, alpha);
            assertTrue(cl.isResident(out), op + " result stays on the device");
            assertClose(cpu.unary(op, in, alpha), out, 1e-5f, 1e-4f, op.name());
            // on a transposed (strided) view
            Tensor t = in.transpose(0, 2);
            assertClose(cpu.unary(op, t, alpha), cl.unary(op, t, alpha), 1e-5f, 1e-4f, op + " of a view");
        }
    }

    @Test
    void binaryOpsWithBroadcasting() {
        int[][][] shapes = {
                {{4, 5}, {4, 5}}, {{4, 5}, {5}}, {{4, 1}, {1, 5}}, {{2, 3, 1, 7}, {3, 5, 1}}, {{1}, {3, 3}},
                {{}, {2, 3}}, {{1, 1, 1}, {1}}, {{6, 1, 5}, {1, 4, 1}}};
        long seed = 10;
        for (int[][] s : shapes) {
            Tensor a = randn(seed++, s[0]);
            Tensor b = randn(seed++, s[1]).add(0.05f);
            for (BinaryOp op : BinaryOp.values()) {
                Tensor aa = op == BinaryOp.POW ? a.abs().add(0.1f) : a;
                assertClose(cpu.binary(op, aa, b), cl.binary(op, aa, b), 1e-5f, 1e-4f,
                        op + " " + java.util.Arrays.deepToString(s));
            }
        }
        // operands that are views (transpose, slice, expand) and the same tensor twice
        Tensor m = randn(3, 6, 4);
        Tensor v = m.transpose(0, 1);
        Tensor sl = randn(4, 9, 6).slice(0, 2, 6);
        assertClose(cpu.binary(BinaryOp.MUL, v, sl), cl.binary(BinaryOp.MUL, v, sl), "view operands");
        assertClose(cpu.binary(BinaryOp.MUL, m, m), cl.binary(BinaryOp.MUL, m, m), "x*x");
        // NaN propagation through max/min as in Java
        Tensor nan = Tensor.vector(Float.NaN, 1f, -2f);
        Tensor one = Tensor.vector(0f, Float.NaN, 3f);
        assertClose(cpu.binary(BinaryOp.MAX, nan, one), cl.binary(BinaryOp.MAX, nan, one), "max with NaN");
    }

    @Test
    void where() {
        Tensor c = randn(5, 4, 1).relu();
        Tensor a = randn(6, 4, 3);
        Tensor b = randn(7, 3);
        assertClose(cpu.where(c, a, b), cl.where(c, a, b), "where");
    }

    @Test
    void reductions() {
        Tensor x = randn(8, 3, 4, 5, 2);
        int[][] axesList = {{0}, {1}, {3}, {0, 2}, {1, 3}, {0, 1, 2, 3}, {2, 3}};
        for (int[] axes : axesList) {
            for (ReduceOp op : ReduceOp.values()) {
                for (boolean keep : new boolean[] {false, true}) {
                    assertClose(cpu.reduce(op, x, axes, keep), cl.reduce(op, x, axes, keep), 1e-4f, 1e-4f,
                            op + " over " + java.util.Arrays.toString(axes) + " keep=" + keep);
                }
            }
        }
        Tensor big = randn(9, 3, 70001);
        assertClose(cpu.reduce(ReduceOp.SUM, big, new int[] {1}, false), cl.reduce(ReduceOp.SUM, big, new int[] {1}, false),
                2e-2f, 1e-4f, "long rows");
        Tensor t = randn(10, 5, 7).transpose(0, 1);
        assertClose(cpu.reduce(ReduceOp.MAX, t, new int[] {1}, false), cl.reduce(ReduceOp.MAX, t, new int[] {1}, false),
                "max over a view");
        Tensor v = Tensor.vector(1f, Float.NaN, 3f);
        assertClose(cpu.reduce(ReduceOp.MAX, v, new int[] {0}, false), cl.reduce(ReduceOp.MAX, v, new int[] {0}, false),
                "NaN wins max");
    }

    @Test
    void softmaxAndLogSoftmax() {
        Tensor x = randn(11, 3, 10, 4).mul(5f);
        for (int axis = 0; axis < 3; axis++) {
            for (boolean log : new boolean[] {false, true}) {
                assertClose(cpu.softmax(x, axis, log), cl.softmax(x, axis, log), 1e-5f, 1e-4f,
                        "softmax axis " + axis + " log=" + log);
            }
        }
        Tensor row = randn(12, 1, 1000).mul(30f);
        assertClose(cpu.softmax(row, 1, true), cl.softmax(row, 1, true), 1e-3f, 1e-4f, "wide, large logits");
    }

    @Test
    void matmulOnOddSizesBatchesAndViews() {
        int[][] mkn = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {64, 64, 64}, {1, 100, 3}, {65, 17, 31}, {128, 300, 10}};
        long seed = 20;
        for (int[] s : mkn) {
            Tensor a = randn(seed++, s[0], s[1]);
            Tensor b = randn(seed++, s[1], s[2]);
            assertClose(cpu.matmul(a, b), cl.matmul(a, b), 1e-4f, 1e-4f, "matmul " + java.util.Arrays.toString(s));
        }
        Tensor a = randn(30, 2, 3, 5, 7);
        Tensor b = randn(31, 7, 4);
        assertClose(cpu.matmul(a, b), cl.matmul(a, b), "batched × broadcast matrix");
        Tensor b2 = randn(32, 3, 1, 7, 4);
        Tensor a2 = randn(33, 1, 4, 5, 7);
        assertClose(cpu.matmul(a2, b2), cl.matmul(a2, b2), "broadcast on both batch axes");
        Tensor at = randn(34, 9, 13).transpose(0, 1);
        Tensor bt = randn(35, 6, 9).transpose(0, 1);
        assertClose(cpu.matmul(at, bt), cl.matmul(at, bt), "transposed views");
        Tensor ap = randn(36, 4, 6, 5).permute(1, 0, 2);
        Tensor bp = randn(37, 6, 5, 3);
        assertClose(cpu.matmul(ap, bp), cl.matmul(ap, bp), "batch axes that do not collapse");
    }

    @Test
    void linearEpilogue() {
        Tensor x = randn(40, 13, 21);
        Tensor w = randn(41, 21, 9);
        Tensor bias = randn(42, 9);
        Tensor ref = cpu.binary(BinaryOp.ADD, cpu.matmul(x, w), bias);
        assertClose(ref, cl.linear(x, w, bias, null), "x·w + b");
        for (UnaryOp act : new UnaryOp[] {UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH}) {
            assertClose(cpu.unary(act, ref, 0), cl.linear(x, w, bias, act), 1e-5f, 1e-4f, act + "(x·w + b)");
        }
        assertClose(cpu.matmul(x, w), cl.linear(x, w, null, null), "no bias");
        var e = assertThrows(IllegalArgumentException.class, () -> cl.linear(x, x, null, null));
        assertTrue(e.getMessage().contains("[13, 21]"), e.getMessage());
    }

    private static ConvSpec spec(int stride, int dilation, int pt, int pb, int pl, int pr) {
        return new ConvSpec(stride, stride, dilation, dilation, pt, pb, pl, pr);
    }

    @Test
    void conv2dForwardAndBackwardOnRandomShapes() {
        Random rng = new Random(50);
        // {n, c, h, w, o, kh, kw, stride, dilation, pad}
        int[][] cases = {
                {1, 1, 5, 5, 1, 3, 3, 1, 1, 0}, {1, 3, 7, 9, 4, 3, 3, 1, 1, 1}, {2, 5, 11, 6, 3, 2, 4, 2, 1, 1},
                {3, 2, 9, 9, 5, 3, 3, 2, 2, 2}, {1, 16, 14, 14, 8, 5, 5, 1, 1, 2}, {4, 3, 8, 8, 6, 1, 1, 1, 1, 0},
                {2, 1, 28, 28, 7, 3, 3, 1, 1, 0}, {5, 4, 13, 10, 3, 3, 2, 3, 1, 1}};
        for (int[] k : cases) {
            ConvSpec s = spec(k[7], k[8], k[9], k[9] + (k[9] > 0 ? 1 : 0), k[9], k[9]); // bottom padding one larger
            Tensor x = Tensor.randn(rng, k[0], k[1], k[2], k[3]);
            Tensor w = Tensor.randn(rng, k[4], k[1], k[5], k[6]);
            String what = "conv " + java.util.Arrays.toString(k);
            Tensor y = cpu.conv2d(x, w, s);
            Tensor yc = cl.conv2d(x, w, s);
            assertTrue(cl.isResident(yc));
            assertClose(y, yc, 1e-3f, 1e-4f, what + " forward");
            Tensor gy = Tensor.randn(rng, y.shape());
            assertClose(cpu.conv2dBackwardInput(gy, w, x.shape(), s), cl.conv2dBackwardInput(gy, w, x.shape(), s),
                    1e-3f, 1e-4f, what + " backward-data");
            assertClose(cpu.conv2dBackwardWeight(x, gy, w.shape(), s), cl.conv2dBackwardWeight(x, gy, w.shape(), s),
                    2e-3f, 1e-4f, what + " backward-weights");
        }
        // a strided input view
        Tensor xv = Tensor.randn(rng, 3, 6, 8, 8).transpose(0, 1);
        Tensor w = Tensor.randn(rng, 2, 3, 3, 3);
        assertClose(cpu.conv2d(xv, w, spec(1, 1, 1, 1, 1, 1)), cl.conv2d(xv, w, spec(1, 1, 1, 1, 1, 1)), 1e-3f, 1e-4f,
                "conv of a view");
    }

    @Test
    void maxPoolForwardAndBackward() {
        Random rng = new Random(60);
        int[][] cases = {{1, 1, 4, 4, 2, 2, 2, 0}, {2, 3, 7, 9, 2, 2, 2, 0}, {1, 2, 7, 7, 3, 3, 2, 1}, {3, 4, 5, 6, 3, 2, 1, 1}};
        for (int[] k : cases) {
            ConvSpec s = spec(k[6], 1, k[7], k[7], k[7], k[7]);
            Tensor x = Tensor.randn(rng, k[0], k[1], k[2], k[3]);
            PoolResult r = cpu.maxPool2d(x, k[4], k[5], s);
            PoolResult rc = cl.maxPool2d(x, k[4], k[5], s);
            String what = "maxpool " + java.util.Arrays.toString(k);
            assertClose(r.output(), rc.output(), 0, 0, what);
            assertArrayEquals(r.argmax(), rc.argmax(), what + " argmax");
            Tensor gy = Tensor.randn(rng, r.output().shape());
            assertClose(cpu.maxPool2dBackward(gy, r.argmax(), x.shape()), cl.maxPool2dBackward(gy, rc.argmax(), x.shape()),
                    1e-6f, 1e-6f, what + " backward");
            // indices computed by the CPU backend work too
            assertClose(cpu.maxPool2dBackward(gy, r.argmax(), x.shape()), cl.maxPool2dBackward(gy, r.argmax(), x.shape()),
                    1e-6f, 1e-6f, what + " backward, host indices");
        }
    }

    @Test
    void copiesAndFallbacks() {
        Tensor x = randn(70, 4, 5, 6).permute(2, 0, 1);
        assertClose(cpu.copy(x), cl.copy(x), 0, 0, "copy of a permuted view");
        Tensor dst = cl.copy(Tensor.zeros(6, 4, 5));
        Tensor src = randn(71, 4, 5);
        cl.copyInto(dst.slice(0, 2, 3).squeeze(0), src);
        Tensor expected = Tensor.zeros(6, 4, 5);
        cpu.copyInto(expected.slice(0, 2, 3).squeeze(0), src);
        assertClose(expected, dst, 0, 0, "copyInto a device view");
        Tensor host = Tensor.zeros(4, 5);
        cl.copyInto(host, cl.copy(src));
        assertClose(src, host, 0, 0, "copyInto a host tensor");
        // methods without a kernel run on the CPU, device inputs included
        Tensor dev = cl.copy(randn(72, 2, 3, 6, 6));
        assertClose(cpu.argmax(dev, 1, false), cl.argmax(dev, 1, false), 0, 0, "argmax fallback");
        ConvSpec s = spec(2, 1, 0, 0, 0, 0);
        assertClose(cpu.avgPool2d(dev, 2, 2, s), cl.avgPool2d(dev, 2, 2, s), 1e-6f, 1e-6f, "avgPool fallback");
        assertClose(cpu.indexSelect(dev, 2, new int[] {0, 5, 5}), cl.indexSelect(dev, 2, new int[] {0, 5, 5}), 0, 0,
                "indexSelect fallback");
        assertTrue(cl.isResident(dev), "reading for a fallback leaves the device copy valid");
        Tensor rank9 = randn(73, 1, 2, 1, 2, 1, 2, 1, 2, 3);
        assertClose(cpu.unary(UnaryOp.EXP, rank9, 0), cl.unary(UnaryOp.EXP, rank9, 0), 1e-6f, 1e-5f, "rank 9 falls back");
    }
}

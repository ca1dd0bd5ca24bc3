package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.nabla.ops.Fixtures.assertGradients;
import static dev.nabla.ops.Fixtures.assertValues;
import static dev.nabla.ops.Fixtures.awayFromZero;
import static dev.nabla.ops.Fixtures.distinct;
import static dev.nabla.ops.Fixtures.normal;
import static dev.nabla.ops.Fixtures.t;
import static dev.nabla.ops.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Elementwise arithmetic, activations, comparisons, clamp and where: values and gradients. */
class ElementwiseOpsTest {

    // ------------------------------------------------------------------ values

    @Test
    void broadcastAddColumnPlusRow() {
        Tensor a = t(new float[] {1, 2, 3}, 3, 1);
        Tensor b = t(new float[] {10, 20, 30, 40}, 1, 4);
        Tensor y = Ops.add(a, b);
        assertArrayEquals(new int[] {3, 4}, y.shape());
        assertArrayEquals(new float[] {11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43}, y.toArray());
    }

    @Test
    void broadcastMulTrailingVector() {
        Tensor a = Tensor.arange(24).reshape(2, 3, 4);
        Tensor b = Tensor.vector(1, -1, 2, 0.5f);
        float[] y = Ops.mul(a, b).toArray();
        for (int i = 0; i < 24; i++) {
            assertEquals(i * new float[] {1, -1, 2, 0.5f}[i % 4], y[i], 0f, "element " + i);
        }
    }

    @Test
    void arithmeticWithScalars() {
        Tensor x = Tensor.vector(1, 2, 4);
        assertArrayEquals(new float[] {3, 4, 6}, x.add(2).toArray());
        assertArrayEquals(new float[] {-1, 0, 2}, x.sub(2).toArray());
        assertArrayEquals(new float[] {9, 8, 6}, x.rsub(10).toArray());
        assertArrayEquals(new float[] {3, 6, 12}, x.mul(3).toArray());
        assertArrayEquals(new float[] {0.5f, 1, 2}, x.div(2).toArray());
        assertArrayEquals(new float[] {-1, -2, -4}, x.neg().toArray());
        assertArrayEquals(new float[] {1, 4, 16}, x.square().toArray());
        assertArrayEquals(new float[] {1, 8, 64}, x.pow(3).toArray());
        // A 0-d tensor on the left broadcasts too.
        assertArrayEquals(new float[] {1, 0.5f, 0.25f}, Ops.div(Tensor.scalar(1), x).toArray());
    }

    @Test
    void binaryValues() {
        Tensor a = Tensor.vector(1, -2, 3, 0.5f);
        Tensor b = Tensor.vector(2, 4, -1, 2);
        assertArrayEquals(new float[] {-1, -6, 4, -1.5f}, Ops.sub(a, b).toArray());
        assertArrayEquals(new float[] {0.5f, -0.5f, -3, 0.25f}, Ops.div(a, b).toArray());
        assertArrayEquals(new float[] {1, 16, 1f / 3, 0.25f}, Ops.pow(a, b).toArray(), 1e-6f);
        assertArrayEquals(new float[] {2, 4, 3, 2}, Ops.maximum(a, b).toArray());
        assertArrayEquals(new float[] {1, -2, -1, 0.5f}, Ops.minimum(a, b).toArray());
    }

    static Stream<Arguments> unaryFunctions() {
        return Stream.of(
                Arguments.of("neg", (UnaryOperator<Tensor>) Ops::neg, (DoubleUnaryOperator) x -> -x),
                Arguments.of("exp", (UnaryOperator<Tensor>) Ops::exp, (DoubleUnaryOperator) Math::exp),
                Arguments.of("abs", (UnaryOperator<Tensor>) Ops::abs, (DoubleUnaryOperator) Math::abs),
                Arguments.of("tanh", (UnaryOperator<Tensor>) Ops::tanh, (DoubleUnaryOperator) Math::tanh),
                Arguments.of("sigmoid", (UnaryOperator<Tensor>) Ops::sigmoid,
                        (DoubleUnaryOperator) x -> 1 / (1 + Math.exp(-x))),
                Arguments.of("relu", (UnaryOperator<Tensor>) Ops::relu, (DoubleUnaryOperator) x -> Math.max(x, 0)),
                Arguments.of("leakyRelu", (UnaryOperator<Tensor>) x -> Ops.leakyRelu(x, 0.1f),
                        (DoubleUnaryOperator) x -> x > 0 ? x : 0.1 * x),
                Arguments.of("elu", (UnaryOperator<Tensor>) x -> Ops.elu(x, 1.5f),
                        (DoubleUnaryOperator) x -> x > 0 ? x : 1.5 * (Math.exp(x) - 1)),
                Arguments.of("softplus", (UnaryOperator<Tensor>) Ops::softplus,
                        (DoubleUnaryOperator) x -> Math.log(1 + Math.exp(x))),
                Arguments.of("sign", (UnaryOperator<Tensor>) Ops::sign, (DoubleUnaryOperator) Math::signum));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryFunctions")
    void unaryValuesMatchMath(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref) {
        float[] xs = {-3f, -1.25f, -0.5f, 0f, 0.3f, 1f, 2.5f};
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            expected[i] = ref.applyAsDouble(xs[i]);
        }
        assertValues(expected, op.apply(Tensor.vector(xs)), 1e-6);
    }

    @Test
    void logAndSqrtValues() {
        Tensor x = Tensor.vector(0.25f, 1, 4, 9);
        assertValues(new double[] {Math.log(0.25), 0, Math.log(4), Math.log(9)}, Ops.log(x), 1e-6);
        assertValues(new double[] {0.5, 1, 2, 3}, Ops.sqrt(x), 1e-6);
        assertValues(new double[] {Math.pow(0.25, -1.5), 1, 0.125, 1.0 / 27}, Ops.pow(x, -1.5f), 1e-6);
    }

    @Test
    void sigmoidAndSoftplusAreStableForLargeInputs() {
        Tensor x = Tensor.vector(-100f, 100f, -1000f, 1000f);
        assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, Ops.sigmoid(x).toArray(), 1e-30f);
        float[] sp = Ops.softplus(x).toArray();
        assertEquals(0f, sp[0], 1e-30f);
        assertEquals(100f, sp[1], 0f);
        assertEquals(0f, sp[2], 0f);
        assertEquals(1000f, sp[3], 0f);
    }

    @Test
    void comparisonsGiveOnesAndZerosWithBroadcasting() {
        Tensor a = Tensor.vector(1, 2, 3);
        Tensor b = t(new float[] {2, 1}, 2, 1);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, Ops.eq(a, b).toArray());
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 1}, Ops.ne(a, b).toArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0}, Ops.lt(a, b).toArray());
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, 0}, Ops.le(a, b).toArray());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 1}, Ops.gt(a, b).toArray());
        assertArrayEquals(new float[] {0, 1, 1, 1, 1, 1}, Ops.ge(a, b).toArray());
        assertArrayEquals(new int[] {2, 3}, Ops.gt(a, b).shape());
    }

    @Test
    void comparisonsRecordNoGradient() {
        Tensor a = Tensor.vector(1, 2, 3).requiresGrad(true);
        assertFalse(Ops.gt(a, Tensor.scalar(1.5f)).requiresGrad());
        assertFalse(Ops.sign(a).requiresGrad());
    }

    @Test
    void clampValues() {
        Tensor x = Tensor.vector(-2, -0.5f, 0, 0.7f, 3);
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.7f, 1}, Ops.clamp(x, -1, 1).toArray());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, Ops.clamp(x, 0.5f, 0.5f).toArray());
    }

    @Test
    void clampGradientIsZeroWhereClipped() {
        Tensor x = Tensor.vector(-2, -0.5f, 0.7f, 3).requiresGrad(true);
        Ops.clamp(x, -1, 1).sum().backward();
        assertArrayEquals(new float[] {0, 1, 1, 0}, x.grad().toArray());
    }

    @Test
    void whereSelectsWithBroadcasting() {
        Tensor cond = t(new float[] {1, 0, 0, 1, 1, 0}, 2, 3);
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.scalar(-1);
        assertArrayEquals(new float[] {1, -1, -1, 4, 5, -1}, Ops.where(cond, a, b).toArray());
        Tensor row = Tensor.vector(7, 8, 9);
        assertArrayEquals(new float[] {7, -1, -1, 7, 8, -1}, Ops.where(cond, row, b.expand(2, 3)).toArray());
    }

    @Test
    void whereGradientGoesToTheChosenSide() {
        Tensor cond = t(new float[] {1, 0, 1}, 3);
        Tensor a = Tensor.vector(1, 2, 3).requiresGrad(true);
        Tensor b = Tensor.scalar(5).requiresGrad(true);
        Ops.where(cond, a, b).mul(Tensor.vector(10, 20, 30)).sum().backward();
        assertArrayEquals(new float[] {10, 0, 30}, a.grad().toArray());
        assertEquals(20f, b.grad().item());
        assertArrayEquals(new int[0], b.grad().shape());
    }

    @Test
    void maximumSplitsTheGradientOnTies() {
        Tensor a = Tensor.vector(1, 2, 3).requiresGrad(true);
        Tensor b = Tensor.vector(1, 5, 0).requiresGrad(true);
        Ops.maximum(a, b).sum().backward();
        assertArrayEquals(new float[] {0.5f, 0, 1}, a.grad().toArray());
        assertArrayEquals(new float[] {0.5f, 1, 0}, b.grad().toArray());
    }

    // ------------------------------------------------------------------ gradients

    /** Shapes of the two operands: same shape, (3,1)+(1,4), (2,3,4)∘(4), tensor∘scalar, scalar∘tensor. */
    static final int[][][] BROADCAST_CASES = {
            {{2, 3}, {2, 3}},
            {{3, 1}, {1, 4}},
            {{2, 3, 4}, {4}},
            {{2, 3}, {}},
            {{}, {3, 2}},
    };

    static Stream<Arguments> binaryCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String op : new String[] {"add", "sub", "mul", "div", "pow", "maximum", "minimum"}) {
            for (int[][] shapes : BROADCAST_CASES) {
                cases.add(Arguments.of(op, shapes[0], shapes[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binaryCases")
    void binaryGradients(String op, int[] shapeA, int[] shapeB) {
        Tensor a;
        Tensor b;
        BinaryOperator<Tensor> f;
        switch (op) {
            case "add": a = normal(1, shapeA); b = normal(2, shapeB); f = Ops::add; break;
            case "sub": a = normal(1, shapeA); b = normal(2, shapeB); f = Ops::sub; break;
            case "mul": a = normal(1, shapeA); b = normal(2, shapeB); f = Ops::mul; break;
            case "div":
                // |b| ≥ 0.5 keeps a/b smooth enough for central differences with ε = 1e-3.
                a = normal(1, shapeA);
                b = uniform(2, 0.5f, 1.5f, shapeB);
                f = Ops::div;
                break;
            case "pow":
                // a > 0 so a^b and ln a are defined; exponents on both sides of 0.
                a = uniform(1, 0.5f, 2f, shapeA);
                b = uniform(2, -1.5f, 1.5f, shapeB);
                f = Ops::pow;
                break;
            case "maximum":
            case "minimum":
                // a ≡ 0.02 and b ≡ 0.07 (mod 0.1): the operands never come within 0.05 of a tie.
                a = distinct(1, 0.1f, 0.02f, shapeA);
                b = distinct(2, 0.1f, 0.07f, shapeB);
                f = op.equals("maximum") ? Ops::maximum : Ops::minimum;
                break;
            default: throw new AssertionError(op);
        }
        assertGradients(op, in -> f.apply(in[0], in[1]), a, b);
    }

    @Test
    void binaryGradientWithTheSameTensorTwice() {
        Tensor x = normal(3, 2, 3);
        assertGradients("x*x", in -> Ops.mul(in[0], in[0]), x);
        Tensor y = uniform(4, 0.5f, 2f, 4);
        assertGradients("x^x", in -> Ops.pow(in[0], in[0]), y);
    }

    static Stream<Arguments> unaryCases() {
        return Stream.of(
                Arguments.of("neg", (UnaryOperator<Tensor>) Ops::neg, normal(11, 2, 3)),
                Arguments.of("exp", (UnaryOperator<Tensor>) Ops::exp, normal(12, 2, 3)),
                Arguments.of("log", (UnaryOperator<Tensor>) Ops::log, uniform(13, 0.5f, 2f, 2, 3)),
                Arguments.of("sqrt", (UnaryOperator<Tensor>) Ops::sqrt, uniform(14, 0.5f, 2f, 2, 3)),
                Arguments.of("abs", (UnaryOperator<Tensor>) Ops::abs, awayFromZero(15, 2, 3)),
                Arguments.of("tanh", (UnaryOperator<Tensor>) Ops::tanh, normal(16, 2, 3)),
                Arguments.of("sigmoid", (UnaryOperator<Tensor>) Ops::sigmoid, normal(17, 2, 3)),
                Arguments.of("relu", (UnaryOperator<Tensor>) Ops::relu, awayFromZero(18, 2, 3)),
                Arguments.of("leakyRelu", (UnaryOperator<Tensor>) x -> Ops.leakyRelu(x, 0.2f), awayFromZero(19, 2, 3)),
                Arguments.of("elu", (UnaryOperator<Tensor>) x -> Ops.elu(x, 1.3f), awayFromZero(20, 2, 3)),
                Arguments.of("softplus", (UnaryOperator<Tensor>) Ops::softplus, normal(21, 2, 3)),
                Arguments.of("pow 2", (UnaryOperator<Tensor>) x -> Ops.pow(x, 2f), normal(22, 2, 3)),
                Arguments.of("pow 3", (UnaryOperator<Tensor>) x -> Ops.pow(x, 3f), normal(23, 2, 3)),
                Arguments.of("pow 0.5", (UnaryOperator<Tensor>) x -> Ops.pow(x, 0.5f), uniform(24, 0.5f, 2f, 2, 3)),
                Arguments.of("pow -1.5", (UnaryOperator<Tensor>) x -> Ops.pow(x, -1.5f), uniform(25, 0.5f, 2f, 2, 3)),
                // Grid values ≡ 0.03 (mod 0.1) stay ≥ 0.03 away from the bounds ±0.5.
                Arguments.of("clamp", (UnaryOperator<Tensor>) x -> Ops.clamp(x, -0.5f, 0.5f), distinct(26, 0.1f, 0.03f, 3, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryCases")
    void unaryGradients(String name, UnaryOperator<Tensor> op, Tensor x) {
        assertGradients(name, in -> op.apply(in[0]), x);
    }

    @Test
    void reluGradientIsZeroForNegativeInputs() {
        Tensor x = Tensor.vector(-1, 2, -3, 4).requiresGrad(true);
        Ops.relu(x).sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 1}, x.grad().toArray());
    }

    @Test
    void fusedReluAndItsGradientKeepTheSpecialValuesOfTheTwoOpForm() {
        // relu(x) = x if x > 0 or NaN, else 0 (UnaryOp.RELU); gradient g · [x > 0] (the two-op form: g.mul(gt(x, 0))).
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        Tensor x = Tensor.vector(-0f, 0f, 2f, -3f, nan, inf, -inf, 1e-45f).requiresGrad(true);
        assertArrayEquals(new float[] {0f, 0f, 2f, 0f, nan, inf, 0f, 1e-45f}, Ops.relu(x).toArray());
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(Ops.relu(x).toArray()[0]), "relu(−0) is +0");
        Tensor g = Tensor.vector(-5f, 6f, -7f, inf, 8f, nan, -2f, 3f);
        Ops.relu(x).backward(g);
        float[] want = g.mul(Ops.gt(x.detach(), Tensor.scalar(0f))).toArray();
        float[] got = x.grad().toArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "element " + i + ": " + got[i]);
        }
        // hand-written: −5·0 = −0, 6·0 = 0, −7·1, inf·0 = NaN, 8·0 (x NaN), NaN·1, −2·0 = −0, 3·1
        assertArrayEquals(new float[] {-0f, 0f, -7f, nan, 0f, nan, -0f, 3f}, got);
        // a large tensor takes the parallel chunks; same values as the element rule
        Tensor big = normal(7, 300, 257);
        float[] in = big.toArray();
        float[] out = Ops.relu(big).toArray();
        for (int i = 0; i < in.length; i++) {
            assertEquals(in[i] > 0 ? in[i] : 0f, out[i], "element " + i);
        }
        // and its gradient (the branch-free step of CpuBackend.reluGrad), on both signs and the float extremes
        Tensor wide = normal(8, 300, 257);
        float[] wv = wide.toArray();
        float[] extremes = {Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFFC00000), 1f, -1f};
        System.arraycopy(extremes, 0, wv, 0, extremes.length);
        Tensor wx = Tensor.of(wv, 300, 257).requiresGrad(true);
        Tensor wg = normal(9, 300, 257);
        Ops.relu(wx).backward(wg);
        float[] gv = wg.toArray();
        float[] dx = wx.grad().toArray();
        for (int i = 0; i < wv.length; i++) {
            float expected = gv[i] * (wv[i] > 0f ? 1f : 0f);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(dx[i]), "gradient " + i + " at x = " + wv[i]);
        }
    }

    @ParameterizedTest(name = "b shape {0}")
    @ValueSource(strings = {"same", "row", "scalar"})
    void whereGradients(String kind) {
        Tensor cond = t(new float[] {1, 0, 0, 1, 1, 0}, 2, 3);
        Tensor a = normal(31, 2, 3);
        Tensor b;
        switch (kind) {
            case "same": b = normal(32, 2, 3); break;
            case "row": b = normal(32, 3); break;
            default: b = normal(32); break;
        }
        assertTrue(b.requiresGrad());
        assertGradients("where " + kind, in -> Ops.where(cond, in[0], in[1]), a, b);
    }
}

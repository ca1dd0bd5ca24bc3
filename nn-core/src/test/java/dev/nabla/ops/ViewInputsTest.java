package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernels read their inputs through offset and strides: every op gives the same result on a view
 * (with an offset, permuted, or broadcast with stride 0) as on a contiguous copy of it.
 */
class ViewInputsTest {
    /** A base for views; every view below has shape (2, 3, 4, 5). */
    private static final Tensor BIG = Tensor.randn(new Random(1), 3, 3, 4, 5);

    static Stream<Arguments> views() {
        return Stream.of(
                Arguments.of("contiguous with offset", BIG.slice(0, 1, 3)),
                Arguments.of("strided slice", Tensor.randn(new Random(8), 4, 3, 4, 7).slice(3, 1, 6).slice(0, 0, 2)),
                Arguments.of("permuted", Tensor.randn(new Random(2), 5, 4, 3, 2).permute(3, 2, 1, 0)),
                Arguments.of("broadcast", Tensor.randn(new Random(3), 1, 3, 1, 5).expand(2, 3, 4, 5)),
                Arguments.of("offset and strided", BIG.slice(2, 0, 4).transpose(2, 3).slice(2, 0, 5).transpose(2, 3)
                        .slice(0, 1, 3)));
    }

    static Stream<Arguments> opsOnViews() {
        UnaryOperator<Tensor> conv = x -> Ops.conv2d(x, Tensor.randn(new Random(4), 2, 3, 2, 2), Tensor.vector(1, -1), 1, Padding.SAME);
        Object[][] ops = {
                {"exp", (UnaryOperator<Tensor>) Ops::exp},
                {"relu", (UnaryOperator<Tensor>) Ops::relu},
                {"mul scalar", (UnaryOperator<Tensor>) x -> x.mul(3f)},
                {"add same shape", (UnaryOperator<Tensor>) x -> x.add(x)},
                {"sub broadcast", (UnaryOperator<Tensor>) x -> x.sub(Tensor.vector(1, 2, 3, 4, 5))},
                {"scalar minus", (UnaryOperator<Tensor>) x -> Ops.sub(Tensor.scalar(1), x)},
                {"where", (UnaryOperator<Tensor>) x -> Ops.where(Ops.gt(x, Tensor.scalar(0)), x, Tensor.scalar(-9))},
                {"clamp", (UnaryOperator<Tensor>) x -> Ops.clamp(x, -0.5f, 0.5f)},
                {"sum axes 1,3", (UnaryOperator<Tensor>) x -> Ops.sum(x, new int[] {1, 3}, false)},
                {"max axis 2", (UnaryOperator<Tensor>) x -> Ops.max(x, new int[] {2}, true)},
                {"argmax axis 3", (UnaryOperator<Tensor>) x -> Ops.argmax(x, 3, false)},
                {"softmax axis 1", (UnaryOperator<Tensor>) x -> Ops.softmax(x, 1)},
                {"matmul", (UnaryOperator<Tensor>) x -> Ops.matmul(x, Tensor.randn(new Random(5), 5, 2))},
                {"matmul as right operand", (UnaryOperator<Tensor>) x -> Ops.matmul(Tensor.randn(new Random(6), 3, 4), x)},
                {"conv2d", conv},
                {"maxPool2d", (UnaryOperator<Tensor>) x -> Ops.maxPool2d(x, 2, 2, 1, 2, Padding.SAME)},
                {"avgPool2d", (UnaryOperator<Tensor>) x -> Ops.avgPool2d(x, 2, 3, 2, 1, Padding.VALID)},
                {"upsample2d", (UnaryOperator<Tensor>) x -> Ops.upsample2d(x, 2, 1)},
                {"indexSelect", (UnaryOperator<Tensor>) x -> Ops.indexSelect(x, 2, 3, 0, 3)},
                {"concat", (UnaryOperator<Tensor>) x -> Ops.concat(3, x, x.slice(3, 1, 3))},
                {"reshape", (UnaryOperator<Tensor>) x -> x.reshape(6, 20)},
        };
        return views().flatMap(v -> Stream.of(ops).map(op -> Arguments.of(v.get()[0] + " / " + op[0], v.get()[1], op[1])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("opsOnViews")
    void sameResultAsOnACopy(String name, Tensor view, UnaryOperator<Tensor> op) {
        assertArrayEquals(new int[] {2, 3, 4, 5}, view.shape());
        Tensor copy = view.copyData();
        assertTrue(copy.isContiguous());
        Tensor a = op.apply(view);
        Tensor b = op.apply(copy);
        assertArrayEquals(b.shape(), a.shape());
        assertArrayEquals(b.toArray(), a.toArray(), 1e-6f);
    }

    @Test
    void theViewsAreReallyViews() {
        views().forEach(v -> {
            Tensor t = (Tensor) v.get()[1];
            boolean special = !t.isContiguous() || t.offset() != 0;
            assertTrue(special, v.get()[0] + " should be non-contiguous or offset");
        });
        assertFalse(BIG.slice(0, 1, 3).offset() == 0);
    }

    @Test
    void gradientsFlowIntoViewsOfALeaf() {
        Tensor x = Tensor.randn(new Random(7), 3, 4).requiresGrad(true);
        Tensor y = Ops.matmul(x.transpose(0, 1).slice(0, 1, 3), Tensor.ones(3, 2));
        y.sum().backward();
        // rows 1..2 of xᵀ are columns 1..2 of x; each element feeds both output columns.
        assertArrayEquals(new float[] {0, 2, 2, 0, 0, 2, 2, 0, 0, 2, 2, 0}, x.grad().toArray());
        assertEquals(12, x.grad().numel());
    }
}

package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong ranks, shapes and arguments fail early with an {@link IllegalArgumentException} whose
 * message names the op and the expected and given shapes or values — never an
 * {@code ArrayIndexOutOfBoundsException} from inside a kernel.
 */
class BadInputTest {
    /** Asserts {@code call} throws an IllegalArgumentException whose message contains every fragment. */
    static IllegalArgumentException assertRejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String message = e.getMessage();
        for (String f : fragments) {
            assertTrue(message != null && message.contains(f), "message should contain \"" + f + "\": " + message);
        }
        return e;
    }

    private static Tensor z(int... shape) {
        return Tensor.zeros(shape);
    }

    // ------------------------------------------------------------------ elementwise

    @Test
    void broadcastingMismatch() {
        assertRejects(() -> Ops.add(z(2, 3), z(4)), "add", "[2, 3]", "[4]", "broadcast");
        assertRejects(() -> Ops.mul(z(2, 3), z(3, 2)), "mul", "[2, 3]", "[3, 2]");
        assertRejects(() -> Ops.sub(z(2, 3, 4), z(3, 3)), "sub", "[2, 3, 4]", "[3, 3]");
        assertRejects(() -> Ops.div(z(5), z(4)), "div", "[5]", "[4]");
        assertRejects(() -> Ops.pow(z(5), z(4)), "pow", "[5]", "[4]");
        assertRejects(() -> Ops.maximum(z(2), z(3)), "maximum", "[2]", "[3]");
        assertRejects(() -> Ops.minimum(z(2), z(3)), "minimum", "[2]", "[3]");
        assertRejects(() -> Ops.gt(z(2), z(3)), "gt", "[2]", "[3]");
        assertRejects(() -> Ops.where(z(2, 3), z(3), z(2)), "where", "[2]");
    }

    @Test
    void nullOperands() {
        assertRejects(() -> Ops.add(null, z(2)), "add", "first operand", "null");
        assertRejects(() -> Ops.exp(null), "exp", "input", "null");
        assertRejects(() -> Ops.conv2d(z(1, 1, 3, 3), null, null, 1, Padding.VALID), "conv2d", "weight");
    }

    @Test
    void clampBoundsInTheWrongOrder() {
        assertRejects(() -> Ops.clamp(z(3), 1f, -1f), "clamp", "1.0", "-1.0");
    }

    // ------------------------------------------------------------------ reductions and softmax

    @Test
    void axisOutOfRange() {
        assertRejects(() -> Ops.sum(z(2, 3), new int[] {2}, false), "sum", "axis 2", "rank 2");
        assertRejects(() -> Ops.mean(z(2, 3), new int[] {-3}, false), "mean", "axis -3", "rank 2");
        assertRejects(() -> Ops.max(z(2, 3), new int[] {5}, false), "max", "axis 5");
        assertRejects(() -> Ops.sum(z(2, 3), new int[] {1, -1}, false), "sum", "twice");
        assertRejects(() -> Ops.argmax(z(2, 3), 2, false), "argmax", "axis 2", "rank 2");
    }

    @Test
    void softmaxAxisOutOfRange() {
        assertRejects(() -> Ops.softmax(z(2, 3), 2), "softmax", "axis 2", "rank 2", "-2 to 1");
        assertRejects(() -> Ops.logSoftmax(z(2, 3), -3), "logSoftmax", "axis -3", "rank 2");
        assertRejects(() -> Ops.softmax(Tensor.scalar(1), 0), "softmax", "rank ≥ 1", "[]");
    }

    // ------------------------------------------------------------------ matmul

    @Test
    void matmulInnerDimensions() {
        assertRejects(() -> Ops.matmul(z(2, 3), z(4, 5)), "matmul", "[2, 3]", "[4, 5]", "3 vs 4");
        assertRejects(() -> Ops.matmul(z(7, 2, 3), z(2, 3)), "matmul", "[7, 2, 3]", "[2, 3]");
    }

    @Test
    void matmulRank() {
        assertRejects(() -> Ops.matmul(z(3), z(3, 2)), "matmul", "left operand", "rank ≥ 2", "[3]");
        assertRejects(() -> Ops.matmul(z(2, 3), z(3)), "matmul", "right operand", "rank ≥ 2", "[3]");
    }

    @Test
    void matmulBatchAxes() {
        assertRejects(() -> Ops.matmul(z(2, 2, 3), z(3, 3, 4)), "matmul", "[2]", "[3]");
    }

    @Test
    void rnnStepShapes() {
        assertRejects(() -> Ops.rnnStep(z(2, 3), z(2, 4), z(3, 5), z(4, 4), z(4)), "rnnStep", "[3, 5]", "W (in, units)");
        assertRejects(() -> Ops.rnnStep(z(3), z(2, 4), z(3, 4), z(4, 4), z(4)), "rnnStep", "x", "rank 2", "[3]");
        assertRejects(() -> Ops.rnnStep(z(2, 3), z(2, 4), z(3, 4), z(4, 4), z(5)), "rnnStep", "b [5]");
    }

    // ------------------------------------------------------------------ convolution and pooling

    @Test
    void conv2dRank() {
        assertRejects(() -> Ops.conv2d(z(1, 3, 5), z(2, 3, 3, 3), null, 1, Padding.VALID),
                "conv2d", "input", "rank 4", "(N, C, H, W)", "[1, 3, 5]");
        assertRejects(() -> Ops.conv2d(z(1, 3, 5, 5), z(3, 3), null, 1, Padding.VALID),
                "conv2d", "weight", "rank 4", "[3, 3]");
    }

    @Test
    void conv2dChannelMismatch() {
        assertRejects(() -> Ops.conv2d(z(1, 3, 5, 5), z(4, 2, 3, 3), null, 1, Padding.VALID),
                "conv2d", "3 channels", "[1, 3, 5, 5]", "expects 2", "[4, 2, 3, 3]");
    }

    @Test
    void conv2dKernelLargerThanInput() {
        assertRejects(() -> Ops.conv2d(z(1, 1, 3, 3), z(1, 1, 5, 5), null, 1, Padding.VALID),
                "conv2d", "5×5", "does not fit", "[1, 1, 3, 3]");
        assertRejects(() -> Ops.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null, 1, 1, Padding.VALID, 3, 3),
                "conv2d", "dilation 3×3", "[1, 1, 5, 5]");
    }

    @Test
    void conv2dStrideAndDilationMustBePositive() {
        assertRejects(() -> Ops.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null, 0, Padding.VALID),
                "conv2d", "stride", "≥ 1", "got 0");
        assertRejects(() -> Ops.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null, 1, -2, Padding.VALID, 1, 1),
                "conv2d", "horizontal stride", "got -2");
        assertRejects(() -> Ops.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null, 1, 1, Padding.VALID, 0, 1),
                "conv2d", "dilation", "got 0");
    }

    @Test
    void biasSize() {
        assertRejects(() -> Ops.conv2d(z(1, 2, 5, 5), z(4, 2, 3, 3), z(3), 1, Padding.VALID),
                "conv2d", "bias", "3 entries", "(4)");
        assertRejects(() -> Ops.conv2d(z(1, 2, 5, 5), z(4, 2, 3, 3), z(4, 1), 1, Padding.VALID),
                "conv2d", "bias", "rank 1", "[4, 1]");
        assertRejects(() -> Ops.conv2dTranspose(z(1, 2, 3, 3), z(2, 3, 3, 3), z(2), 1, Padding.VALID),
                "conv2dTranspose", "bias", "2 entries", "(3)");
    }

    @Test
    void conv2dTransposeShapes() {
        assertRejects(() -> Ops.conv2dTranspose(z(1, 2, 3, 3), z(3, 1, 3, 3), null, 1, Padding.VALID),
                "conv2dTranspose", "2 channels", "[1, 2, 3, 3]", "[3, 1, 3, 3]");
        assertRejects(() -> Ops.conv2dTranspose(z(2, 3, 3), z(2, 1, 3, 3), null, 1, Padding.VALID),
                "conv2dTranspose", "rank 4", "[2, 3, 3]");
        assertRejects(() -> Ops.conv2dTranspose(z(1, 2, 3, 3), z(2, 1, 3, 3), null, 0, Padding.VALID),
                "conv2dTranspose", "stride", "got 0");
    }

    @Test
    void poolingRankAndWindow() {
        assertRejects(() -> Ops.maxPool2d(z(4, 4), 2), "maxPool2d", "rank 4", "[4, 4]");
        assertRejects(() -> Ops.avgPool2d(z(1, 4, 4), 2), "avgPool2d", "rank 4", "[1, 4, 4]");
        assertRejects(() -> Ops.maxPool2d(z(1, 1, 2, 2), 3), "maxPool2d", "3×3", "does not fit", "[1, 1, 2, 2]");
        assertRejects(() -> Ops.maxPool2d(z(1, 1, 4, 4), 2, 2, 0, 2, Padding.VALID), "maxPool2d", "stride", "got 0");
        assertRejects(() -> Ops.avgPool2d(z(1, 1, 4, 4), 2, 2, 1, 1, Padding.explicit(2)), "avgPool2d", "padding",
                "smaller than the window");
    }

    @Test
    void upsampleArguments() {
        assertRejects(() -> Ops.upsample2d(z(2, 2), 2, 2), "upsample2d", "rank 4", "[2, 2]");
        assertRejects(() -> Ops.upsample2d(z(1, 1, 2, 2), 0, 2), "upsample2d", "scale", "got 0");
    }

    @Test
    void paddingArguments() {
        assertRejects(() -> Padding.explicit(1, -1, 0, 0), "Padding.explicit", "≥ 0", "-1");
        assertRejects(() -> Padding.of("full"), "valid", "same", "full");
    }

    // ------------------------------------------------------------------ shape ops

    @Test
    void reshapeElementCount() {
        assertRejects(() -> Tensor.arange(6).reshape(4, 2), "reshape", "[6]", "6 elements", "[4, 2]", "8 elements");
        assertRejects(() -> Tensor.arange(6).reshape(4, -1), "reshape", "[6]", "[4, -1]");
        assertRejects(() -> Tensor.arange(6).reshape(-1, -1), "reshape", "only one", "-1");
        assertRejects(() -> Tensor.arange(6).reshape(-2, 3), "reshape", "-2");
    }

    @Test
    void permuteDuplicatesAndLength() {
        assertRejects(() -> z(2, 3, 4).permute(0, 0, 1), "permute", "axis 0", "twice", "[0, 0, 1]");
        assertRejects(() -> z(2, 3, 4).permute(2, -1, 0), "permute", "axis 2", "twice");
        assertRejects(() -> z(2, 3, 4).permute(1, 0), "permute", "3 axes", "[2, 3, 4]", "[1, 0]");
        assertRejects(() -> z(2, 3).transpose(0, 2), "transpose", "axis 2", "rank 2");
    }

    @Test
    void sliceOutOfRange() {
        assertRejects(() -> z(2, 3).slice(1, 1, 4), "slice", "[1, 4)", "axis 1", "size 3", "[2, 3]");
        assertRejects(() -> z(2, 3).slice(0, -1, 1), "slice", "[-1, 1)", "size 2");
        assertRejects(() -> z(2, 3).slice(0, 2, 1), "slice", "[2, 1)");
        assertRejects(() -> z(2, 3).slice(2, 0, 1), "slice", "axis 2", "rank 2");
    }

    @Test
    void expandAndSqueeze() {
        assertRejects(() -> z(3).expand(2, 4), "expand", "[3]", "[2, 4]");
        assertRejects(() -> z(2, 3).expand(3), "expand", "[2, 3]", "fewer axes");
        // -1 is only meaningful for an existing axis; it once made a tensor of shape [-1, 3].
        assertRejects(() -> z(3).expand(-1, 3), "expand", "[3]", "[-1, 3]", "axis 0");
        assertRejects(() -> z(3, 1).expand(3, -2), "expand", "[3, 1]", "[3, -2]", "size -2");
        assertRejects(() -> z(2, 3).squeeze(0), "squeeze", "[2, 3]", "size 2", "expected 1");
        assertRejects(() -> z(2, 3).unsqueeze(4), "unsqueeze", "axis 4");
    }

    @Test
    void concatMismatchedShapes() {
        assertRejects(() -> Ops.concat(0, z(2, 3), z(2, 4)), "concat", "tensor 1", "[2, 4]", "[2, 3]", "axis 0");
        assertRejects(() -> Ops.concat(1, z(2, 3), z(2, 3, 1)), "concat", "[2, 3, 1]", "[2, 3]");
        assertRejects(() -> Ops.concat(2, z(2, 3), z(2, 3)), "concat", "axis 2", "rank 2");
        assertRejects(() -> Ops.concat(0), "concat", "at least one");
        assertRejects(() -> Ops.stack(0, z(2, 3), z(3, 2)), "stack", "tensor 1", "[3, 2]", "[2, 3]");
        // A null first tensor once failed with a NullPointerException.
        assertRejects(() -> Ops.stack(0, null, z(2)), "stack", "tensor 0", "null");
        assertRejects(() -> Ops.concat(0, z(2), null), "concat", "tensor 1", "null");
    }

    @Test
    void splitSizes() {
        assertRejects(() -> Ops.split(z(2, 6), 1, 2, 3), "split", "[2, 3]", "add up to 5", "axis 1", "[2, 6]", "size 6");
        assertRejects(() -> Ops.split(z(2, 6), 1, 7, -1), "split", "≥ 0", "[7, -1]");
    }

    @Test
    void indexOutOfRange() {
        assertRejects(() -> Ops.indexSelect(z(3, 2), 0, 0, 3), "indexSelect", "index 3", "axis 0", "size 3", "[3, 2]");
        assertRejects(() -> Ops.indexSelect(z(3, 2), 1, -1), "indexSelect", "index -1", "size 2");
    }

    @Test
    void embeddingIds() {
        Tensor weight = z(5, 2);
        assertRejects(() -> Ops.embedding(Tensor.vector(0, 5), weight), "embedding", "5.0", "position 1", "[0, 5)");
        assertRejects(() -> Ops.embedding(Tensor.vector(-1), weight), "embedding", "-1.0", "[0, 5)");
        assertRejects(() -> Ops.embedding(Tensor.vector(1.5f), weight), "embedding", "1.5", "not an integer");
        assertRejects(() -> Ops.embedding(Tensor.vector(1), z(5, 2, 1)), "embedding", "weight", "rank 2",
                "(vocabulary, dim)", "[5, 2, 1]");
    }

    // ------------------------------------------------------------------ dropout

    @Test
    void dropoutRate() {
        Random rng = new Random(1);
        assertRejects(() -> Ops.dropout(z(3), 1f, true, rng), "dropout", "rate", "[0, 1)", "1.0");
        assertRejects(() -> Ops.dropout(z(3), -0.1f, true, rng), "dropout", "-0.1");
        assertRejects(() -> Ops.dropout(z(3), Float.NaN, true, rng), "dropout", "NaN");
        assertRejects(() -> Ops.dropout(z(3), 1f, false, rng), "dropout", "1.0");
        assertRejects(() -> Ops.dropout(z(3), 0.5f, true, null), "dropout", "random generator");
    }
}

package dev.nabla.autograd;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GradCheck passes correct backward passes and catches wrong ones, including one that is 5 % off. */
class GradCheckTest {
    /** {@code y = x²} with {@code dy/dx = factor · x}: factor 2 is right, anything else is a bug. */
    static final class Square extends Function {
        private final float factor;

        Square(float factor) {
            this.factor = factor;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            save(in[0]);
            return in[0].mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(saved(0)).mul(factor)};
        }
    }

    /** {@code y = a·b} whose gradient for b is scaled by {@code factorB} (1 is right). */
    static final class Product extends Function {
        private final float factorB;

        Product(float factorB) {
            this.factorB = factorB;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            save(in[0], in[1]);
            return in[0].mul(in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(saved(1)), g.mul(saved(0)).mul(factorB)};
        }
    }

    /** Returns a gradient of the wrong shape. */
    static final class WrongShape extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return in[0].mul(2f);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.sum()};
        }
    }

    private static Tensor input() {
        return Tensor.randn(new Random(1), 3, 4).add(0.5f).detach().requiresGrad(true);
    }

    @Test
    void correctBackwardPasses() {
        GradCheck.Result r = new GradCheck().check(in -> new Square(2f).apply(in[0]), input());
        assertTrue(r.passed(), r.worst());
        assertTrue(r.maxAbsError() < 2e-3, "max error " + r.maxAbsError());
    }

    @Test
    void fivePercentTooLargeIsCaught() {
        GradCheck.Result r = new GradCheck().check(in -> new Square(2.1f).apply(in[0]), input());
        assertFalse(r.passed(), "2.1·x·g instead of 2·x·g must fail: " + r.worst());
        assertTrue(r.worst().contains("input 0"), r.worst());
    }

    @Test
    void fivePercentTooSmallIsCaught() {
        assertFalse(new GradCheck().check(in -> new Square(1.9f).apply(in[0]), input()).passed());
    }

    @Test
    void signErrorIsCaught() {
        GradCheck.Result r = new GradCheck().check(in -> new Square(-2f).apply(in[0]), input());
        assertFalse(r.passed());
        assertTrue(r.maxAbsError() > 0.5, "max error " + r.maxAbsError());
    }

    @Test
    void missingGradientIsCaught() {
        assertFalse(new GradCheck().check(in -> new Square(0f).apply(in[0]), input()).passed());
    }

    @Test
    void wrongGradientOfTheSecondInputIsCaught() {
        Tensor a = input();
        Tensor b = Tensor.randn(new Random(2), 3, 4).requiresGrad(true);
        assertTrue(new GradCheck().check(in -> new Product(1f).apply(in[0], in[1]), a, b).passed());
        GradCheck.Result wrong = new GradCheck().check(in -> new Product(1.05f).apply(in[0], in[1]), a, b);
        assertFalse(wrong.passed());
        assertTrue(wrong.worst().contains("input 1"), wrong.worst());
        // Only the checked input matters: with b constant the wrong b-gradient is never used.
        Tensor constB = b.detach();
        assertTrue(new GradCheck().check(in -> new Product(1.05f).apply(in[0], in[1]), a, constB).passed());
    }

    @Test
    void assertGradientsThrowsWithTheWorstElement() {
        GradCheck check = new GradCheck();
        check.assertGradients(in -> new Square(2f).apply(in[0]), input());
        AssertionError e = assertThrows(AssertionError.class,
                () -> check.assertGradients(in -> new Square(2.1f).apply(in[0]), input()));
        assertTrue(e.getMessage().contains("analytic"), e.getMessage());
    }

    @Test
    void libraryOpsPassTheSameCheck() {
        assertTrue(new GradCheck().check(in -> in[0].square(), input()).passed());
        assertTrue(new GradCheck().check(in -> Ops.pow(in[0], 2f), input()).passed());
    }

    @Test
    void inputsAreRestoredAndGradientsCleared() {
        Tensor x = input();
        float[] before = x.toArray();
        new GradCheck().check(in -> new Square(2f).apply(in[0]), x);
        assertArrayEquals(before, x.toArray());
        assertNull(x.grad());
    }

    @Test
    void rejectsNonLeafOrNonContiguousInputsAndConstantOutputs() {
        Tensor x = input();
        Tensor nonLeaf = x.mul(2f);
        assertThrows(IllegalArgumentException.class, () -> new GradCheck().check(in -> in[0].exp(), nonLeaf));
        Tensor y = Tensor.randn(new Random(3), 3, 4).requiresGrad(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradCheck().check(in -> in[0].exp(), y));
        assertTrue(e.getMessage().contains("requiresGrad"), e.getMessage());
    }

    @Test
    void gradientOfTheWrongShapeIsRejectedByBackprop() {
        Tensor x = input();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new WrongShape().apply(x).sum().backward());
        assertTrue(e.getMessage().contains("WrongShapeBackward"), e.getMessage());
        assertTrue(e.getMessage().contains("[]") && e.getMessage().contains("[3, 4]"), e.getMessage());
    }
}

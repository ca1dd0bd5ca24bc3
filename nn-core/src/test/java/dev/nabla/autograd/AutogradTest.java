package dev.nabla.autograd;

import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The define-by-run graph: recording, accumulation, detaching, no-grad scopes, release, ordering. */
class AutogradTest {
    private static Tensor leaf(float... values) {
        return Tensor.vector(values).requiresGrad(true);
    }

    // ------------------------------------------------------------------ accumulation

    @Test
    void gradientsAccumulateAcrossUses() {
        Tensor x = leaf(1, -2, 3);
        // y = x·x + 3x + x: d/dx = 2x + 4
        x.mul(x).add(x.mul(3f)).add(x).sum().backward();
        assertArrayEquals(new float[] {6, 0, 10}, x.grad().toArray());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
        Tensor x = leaf(1, 2, 3);
        x.mul(2f).sum().backward();
        assertArrayEquals(new float[] {2, 2, 2}, x.grad().toArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {4, 6, 8}, x.grad().toArray(), "2 + 2x");
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(5f).sum().backward();
        assertArrayEquals(new float[] {5, 5, 5}, x.grad().toArray());
    }

    @Test
    void leafGradientIsACopyNotAnAliasOfTheUpstreamGradient() {
        Tensor x = leaf(1, 2);
        Tensor upstream = Tensor.vector(7, 8);
        x.mul(1f).backward(upstream);
        upstream.set(0, 0);
        assertArrayEquals(new float[] {7, 8}, x.grad().toArray());
        Tensor y = leaf(3);
        y.backward(); // a leaf can be its own root
        assertEquals(1f, y.grad().item());
    }

    // ------------------------------------------------------------------ what is recorded

    @Test
    void requiresGradPropagates() {
        Tensor a = Tensor.vector(1, 2);
        Tensor b = Tensor.vector(3, 4);
        Tensor c = a.mul(b).exp();
        assertFalse(c.requiresGrad(), "no input requires grad");
        assertTrue(c.isLeaf());
        assertNull(c.gradFn());

        Tensor w = leaf(0.5f, 0.25f);
        Tensor d = a.mul(w);
        assertTrue(d.requiresGrad());
        assertFalse(d.isLeaf());
        assertEquals("MulBackward", d.gradFn().name());
        assertTrue(d.toString().contains("grad_fn=MulBackward"), d.toString());
        Tensor e = d.add(b).sum();
        assertTrue(e.requiresGrad());
        assertEquals("SumBackward", e.gradFn().name());
        assertTrue(w.toString().contains("requires_grad=true"), w.toString());
    }

    @Test
    void onlyInputsThatRequireGradGetOne() {
        Tensor x = Tensor.randn(new Random(1), 1, 1, 4, 4);
        Tensor w = Tensor.randn(new Random(2), 1, 1, 3, 3).requiresGrad(true);
        Ops.conv2d(x, w, null, 1, Padding.VALID).sum().backward();
        assertNull(x.grad());
        assertNotNull(w.grad());
        // dL/dw[k,l] = Σ over the 2×2 output positions of x[i+k, j+l]
        float expected = x.get(0, 0, 0, 0) + x.get(0, 0, 0, 1) + x.get(0, 0, 1, 0) + x.get(0, 0, 1, 1);
        assertEquals(expected, w.grad().get(0, 0, 0, 0), 1e-5f);
    }

    @Test
    void requiresGradFalseOnANonLeafIsRefused() {
        Tensor y = leaf(1).mul(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertTrue(e.getMessage().contains("MulBackward") && e.getMessage().contains("detach"), e.getMessage());
    }

    @Test
    void detachStopsGradients() {
        Tensor x = leaf(2, 3);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertTrue(d.storage() == x.storage(), "detach shares storage");
        // y = stop(x)·x: only the second factor carries a gradient, so dy/dx = x (not 2x).
        x.detach().mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 3}, x.grad().toArray());
        Tensor z = leaf(1, 1);
        Tensor cut = z.mul(3f).detach();
        assertFalse(cut.requiresGrad());
        assertThrows(IllegalStateException.class, () -> cut.sum().backward());
    }

    // ------------------------------------------------------------------ no-grad scopes

    @Test
    void gradOffRecordsNothingAndNests() {
        Tensor x = leaf(1, 2);
        assertTrue(Grad.isEnabled());
        try (Grad.Scope outer = Grad.off()) {
            assertFalse(Grad.isEnabled());
            Tensor y = x.mul(2f);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (Grad.Scope inner = Grad.off()) {
                assertFalse(Grad.isEnabled());
            }
            assertFalse(Grad.isEnabled(), "closing the inner scope keeps the outer one off");
            try (Grad.Scope on = Grad.on()) {
                assertTrue(Grad.isEnabled());
                assertTrue(x.mul(2f).requiresGrad(), "Grad.on() inside off() records again");
            }
            assertFalse(Grad.isEnabled());
        }
        assertTrue(Grad.isEnabled());
        assertTrue(x.mul(2f).requiresGrad());
    }

    @Test
    void gradOffIsRestoredWhenTheBodyThrows() {
        assertThrows(IllegalArgumentException.class, () -> {
            try (Grad.Scope off = Grad.off()) {
                Ops.add(Tensor.zeros(2), Tensor.zeros(3));
            }
        });
        assertTrue(Grad.isEnabled());
    }

    @Test
    void gradOffIsPerThread() throws InterruptedException {
        AtomicBoolean otherThread = new AtomicBoolean();
        try (Grad.Scope off = Grad.off()) {
            Thread t = new Thread(() -> otherThread.set(Grad.isEnabled() && leaf(1).mul(2f).requiresGrad()));
            t.start();
            t.join();
        }
        assertTrue(otherThread.get(), "another thread still records");
    }

    // ------------------------------------------------------------------ backward entry points

    @Test
    void backwardOnANonScalarNeedsAGradient() {
        Tensor y = leaf(1, 2, 3).mul(2f).reshape(3, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("backward()") && e.getMessage().contains("[3, 1]"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3)));
        assertTrue(bad.getMessage().contains("[3]") && bad.getMessage().contains("[3, 1]"), bad.getMessage());
    }

    @Test
    void backwardWithAnExplicitGradient() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).backward(Tensor.vector(1, 10, 100));
        assertArrayEquals(new float[] {2, 40, 600}, x.grad().toArray());
    }

    @Test
    void backwardOnATensorThatNeedsNoGradThrows() {
        Tensor y = Tensor.vector(1, 2).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void graphIsReleasedAfterBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        assertTrue(e.getMessage().contains("backward(gradient, true)"), e.getMessage());
        assertArrayEquals(new float[] {2, 4}, x.grad().toArray(), "the failed call added nothing");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.mul(x).sum();
        loss.backward(Tensor.scalar(1f), true);
        loss.backward(Tensor.scalar(1f), true);
        assertArrayEquals(new float[] {4, 8}, x.grad().toArray());
        loss.backward(Tensor.scalar(1f), false);
        assertArrayEquals(new float[] {6, 12}, x.grad().toArray());
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3f).retainGrad();
        Tensor other = x.mul(3f);
        h.mul(h).add(other).sum().backward();
        assertArrayEquals(new float[] {6, 12}, h.grad().toArray(), "dL/dh = 2h");
        assertNull(other.grad(), "non-leaf without retainGrad keeps nothing");
        assertArrayEquals(new float[] {21, 39}, x.grad().toArray(), "3·2h + 3 = 18x + 3");
    }

    // ------------------------------------------------------------------ ordering

    @Test
    void diamondGetsTheSumOfBothPaths() {
        Tensor x = leaf(0.5f, -1);
        Tensor a = x.mul(3f);
        Tensor b = x.exp();
        a.add(b).sum().backward();
        assertArrayEquals(new float[] {3 + (float) Math.exp(0.5), 3 + (float) Math.exp(-1)}, x.grad().toArray(), 1e-6f);
    }

    @Test
    void nodeIsProcessedOnlyAfterAllItsConsumers() {
        // a feeds b twice and c once; c = b + a. If a were processed before b's contribution
        // reached it, x would miss part of its gradient. c = 4x² + 2x, dc/dx = 8x + 2.
        Tensor x = leaf(1, -0.5f);
        Tensor a = x.mul(2f);
        Tensor b = a.mul(a);
        b.add(a).sum().backward();
        assertArrayEquals(new float[] {10, -2}, x.grad().toArray());
    }

    @Test
    void unevenDiamondWithALongBranch() {
        // x → a1 → a2 → a3 (each ×2) and x → b (×5): L = Σ (a3 + b) = Σ 13x
        Tensor x = leaf(1, 2, 3);
        Tensor a3 = x.mul(2f).mul(2f).mul(2f);
        Tensor b = x.mul(5f);
        Tensor l1 = b.add(a3).sum();
        l1.backward();
        assertArrayEquals(new float[] {13, 13, 13}, x.grad().toArray());
        // Same graph with the short branch first in the expression.
        Tensor y = leaf(1, 2, 3);
        y.mul(5f).add(y.mul(2f).mul(2f).mul(2f)).sum().backward();
        assertArrayEquals(new float[] {13, 13, 13}, y.grad().toArray());
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Tensor x = leaf(1);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.add(1f);
        }
        y.sum().backward();
        assertEquals(1f, x.grad().item());
        assertEquals(20_001f, y.sum().item());
    }

    @Test
    void manyConsumersOfOneTensor() {
        Tensor x = leaf(1, 2);
        List<Tensor> terms = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            terms.add(x.mul((float) i));
        }
        Ops.stack(0, terms.toArray(new Tensor[0])).sum().backward();
        assertArrayEquals(new float[] {1275, 1275}, x.grad().toArray(), "Σ_{i=1..50} i");
    }

    @Test
    void viewsOfALeafRouteGradientsBack() {
        Tensor x = Tensor.arange(6).reshape(2, 3).detach().requiresGrad(true);
        Tensor t = x.transpose(0, 1);   // (3, 2)
        Tensor s = t.slice(0, 1, 3);    // rows 1..2 of the transpose = columns 1..2 of x
        s.mul(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)).sum().backward();
        assertArrayEquals(new float[] {0, 1, 3, 0, 2, 4}, x.grad().toArray());
        assertNotSame(x.storage(), x.grad().storage());
    }
}

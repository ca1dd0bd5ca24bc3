package dev.nabla.ops;

import dev.nabla.autograd.Grad;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.nabla.ops.Fixtures.assertGradients;
import static dev.nabla.ops.Fixtures.assertValues;
import static dev.nabla.ops.Fixtures.normal;
import static dev.nabla.ops.Fixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole small networks: an MLP with softmax cross-entropy, shared weights, and one SGD step. */
class CompositeGradientTest {
    private static final Tensor X = Tensor.randn(new Random(100), 4, 3);
    /** One-hot labels 0, 2, 1, 2. */
    private static final Tensor Y = t(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}, 4, 3);

    /** Mean over the batch of {@code −Σ_k y_k log softmax(z)_k}. */
    static Tensor crossEntropy(Tensor logits, Tensor oneHot) {
        return Ops.mul(oneHot, Ops.logSoftmax(logits, 1)).sum(1).mean().neg();
    }

    /** tanh MLP 3 → 5 → 3, plus an L2 penalty on W1: W1 is used twice, so its gradients add up. */
    static Tensor mlpLoss(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        Tensor hidden = Ops.tanh(X.matmul(w1).add(b1));
        Tensor logits = hidden.matmul(w2).add(b2);
        return crossEntropy(logits, Y).add(Ops.mul(w1, w1).sum().mul(0.05f));
    }

    @Test
    void mlpWithSoftmaxCrossEntropyPassesGradientCheck() {
        assertGradients("mlp", in -> mlpLoss(in[0], in[1], in[2], in[3]),
                normal(1, 3, 5), normal(2, 5), normal(3, 5, 3), normal(4, 3));
    }

    @Test
    void mlpWithExplicitSoftmaxAndLog() {
        assertGradients("mlp softmax+log", in -> {
            Tensor hidden = Ops.sigmoid(X.matmul(in[0]));
            Tensor p = Ops.softmax(hidden.matmul(in[1]), -1);
            return Ops.mul(Y, Ops.log(p)).sum().neg().div(4f);
        }, normal(5, 3, 4), normal(6, 4, 3));
    }

    @Test
    void sharedWeightAcrossLayers() {
        // The same 4×4 matrix S applied twice: dL/dS is the sum of both uses.
        Tensor w0 = normal(7, 3, 4);
        Tensor s = normal(8, 4, 4).mul(0.5f).detach().requiresGrad(true);
        assertGradients("shared weight", in -> {
            Tensor h1 = Ops.tanh(X.matmul(in[0]));
            Tensor h2 = Ops.tanh(h1.matmul(in[1]));
            return Ops.softmax(h2.matmul(in[1]), 1);
        }, w0, s);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusLabels() {
        Tensor logits = t(new float[] {1, 2, 3, 0.5f, -1, 2, 0, 0, 0, 3, 1, -2}, 4, 3).requiresGrad(true);
        Tensor loss = crossEntropy(logits, Y);
        loss.backward();
        float[] p = Ops.softmax(logits.detach(), 1).toArray();
        float[] y = Y.toArray();
        float[] expected = new float[p.length];
        double value = 0;
        for (int i = 0; i < p.length; i++) {
            expected[i] = (p[i] - y[i]) / 4f;
            value -= y[i] * Math.log(p[i]) / 4;
        }
        assertValues(expected, logits.grad(), 1e-6f);
        assertEquals(value, loss.item(), 1e-5);
    }

    @Test
    void oneGradientStepLowersTheLoss() {
        Tensor[] params = {normal(1, 3, 5), normal(2, 5), normal(3, 5, 3), normal(4, 3)};
        Tensor before = mlpLoss(params[0], params[1], params[2], params[3]);
        before.backward();
        Tensor[] stepped = new Tensor[params.length];
        try (Grad.Scope off = Grad.off()) {
            for (int i = 0; i < params.length; i++) {
                stepped[i] = params[i].sub(params[i].grad().mul(0.1f));
            }
        }
        Tensor after = mlpLoss(stepped[0], stepped[1], stepped[2], stepped[3]);
        assertTrue(after.item() < before.item() - 1e-3, "loss " + before.item() + " → " + after.item());
    }
}

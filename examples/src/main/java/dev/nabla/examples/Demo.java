package dev.nabla.examples;

import dev.nabla.autograd.Grad;
import dev.nabla.formula.WorkedExamples;
import dev.nabla.ops.Ops;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The main demo ({@code ./nabla demo}): prints the worked examples of the seed's formulas, then
 * trains a two-layer perceptron on the two-moons set with nothing but tensors and autograd — the
 * forward pass, the softmax cross-entropy and the gradient-descent update written out by hand —
 * and shows the loss fall.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        System.out.println("=== Nabla ∇ — the seed's formulas, worked out ===");
        WorkedExamples.main(new String[0]);
        System.out.println();
        System.out.println("=== Training a 2-32-2 perceptron on two moons with raw autograd ===");
        train(System.out::println);
    }

    /** Trains the model and returns the final training accuracy; {@code log} receives progress lines. */
    static double train(java.util.function.Consumer<String> log) {
        TwoMoons data = TwoMoons.generate(512, 0.1, 7);
        Tensor x = data.x();
        Tensor targets = data.oneHot();
        Random rng = new Random(42);
        int hidden = 32;
        // Glorot-style scaling keeps tanh units out of saturation at the start.
        Tensor w1 = Tensor.randn(rng, 2, hidden).mul((float) Math.sqrt(2.0 / (2 + hidden))).detach().requiresGrad(true);
        Tensor b1 = Tensor.zeros(hidden).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, hidden, 2).mul((float) Math.sqrt(2.0 / (hidden + 2))).detach().requiresGrad(true);
        Tensor b2 = Tensor.zeros(2).requiresGrad(true);
        List<Tensor> params = List.of(w1, b1, w2, b2);
        float learningRate = 0.5f;
        double accuracy = 0;
        for (int step = 0; step <= 600; step++) {
            // forward: logits = tanh(x·W1 + b1)·W2 + b2
            Tensor logits = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
            // loss = −mean_i Σ_c t_ic · log softmax(logits)_ic
            Tensor loss = Ops.logSoftmax(logits, 1).mul(targets).sum().div(-x.size(0));
            loss.backward();
            // gradient descent, written out: p ← p − η · dL/dp
            try (Grad.Scope off = Grad.off()) {
                for (Tensor p : params) {
                    float[] value = p.storage();
                    float[] grad = p.grad().toArray();
                    for (int i = 0; i < grad.length; i++) {
                        value[p.offset() + i] -= learningRate * grad[i];
                    }
                    p.zeroGrad();
                }
            }
            if (step % 100 == 0) {
                accuracy = accuracy(logits, data.labels());
                log.accept(String.format(Locale.ROOT, "step %3d  loss %.4f  accuracy %.3f", step, loss.item(), accuracy));
            }
        }
        return accuracy;
    }

    private static double accuracy(Tensor logits, int[] labels) {
        float[] predicted = Ops.argmax(logits, 1, false).toArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct / (double) labels.length;
    }
}

package dev.nabla.autograd;

import dev.nabla.ops.Ops;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation over the recorded graph: order the tensors topologically from the
 * root, then for each tensor (root first) hand its summed upstream gradient to its {@link Function}
 * and add the results to the gradients of that function's inputs.
 */
public final class Backprop {
    private Backprop() {
    }

    /** Backpropagates {@code gradient} = dL/droot through the graph below {@code root}. */
    public static void run(Tensor root, Tensor gradient, boolean retainGraph) {
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, gradient);
        try (Grad.Scope off = Grad.off()) {
            for (Tensor t : order) {
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                t.accumulateGrad(g);
                Function fn = t.gradFn();
                if (fn == null) {
                    continue;
                }
                Tensor[] inputs = fn.inputs();
                Tensor[] inputGrads = fn.runBackward(g);
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (in == null || !in.requiresGrad() || inputGrads[i] == null) {
                        continue;
                    }
                    Tensor gi = inputGrads[i];
                    if (!Arrays.equals(gi.shape(), in.shape())) {
                        throw new IllegalStateException(fn.name() + " returned a gradient of shape "
                                + Shape.format(gi.shape()) + " for input " + i + " of shape "
                                + Shape.format(in.shape()));
                    }
                    grads.merge(in, gi, Ops::add);
                }
            }
        } finally {
            if (!retainGraph) {
                for (Tensor t : order) {
                    if (t.gradFn() != null) {
                        t.gradFn().release();
                    }
                }
            }
        }
    }

    /** Tensors reachable from root, each after every tensor that depends on it (root first). */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> postOrder = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, Boolean.FALSE});
        while (!stack.isEmpty()) {
            Object[] frame = stack.pop();
            Tensor t = (Tensor) frame[0];
            if ((Boolean) frame[1]) {
                postOrder.add(t);
                continue;
            }
            if (visited.put(t, Boolean.TRUE) != null) {
                continue;
            }
            stack.push(new Object[] {t, Boolean.TRUE});
            Function fn = t.gradFn();
            if (fn != null) {
                for (Tensor in : fn.inputs()) {
                    if (in != null && in.requiresGrad() && !visited.containsKey(in)) {
                        stack.push(new Object[] {in, Boolean.FALSE});
                    }
                }
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }
}

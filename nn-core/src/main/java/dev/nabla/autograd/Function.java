package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One differentiable operation, as PyTorch's {@code torch.autograd.Function}: {@link #forward}
 * computes the result and saves what {@link #backward} will need; {@code backward} turns
 * {@code dL/doutput} into {@code dL/dinput} for every input.
 *
 * <p>Each call creates a new instance (it holds the saved tensors of that call). Use it through
 * {@link #apply}: it runs {@code forward} with gradient recording off, then — if gradients are on
 * and some input requires one — links the output into the graph.
 *
 * <pre>{@code
 * final class Tanh extends Function {
 *     protected Tensor forward(Tensor... in) { Tensor y = backend().tanh(in[0]); save(y); return y; }
 *     protected Tensor[] backward(Tensor g)  { Tensor y = saved(0); return new Tensor[] { g.mul(y.square().rsub(1)) }; }
 * }
 * }</pre>
 */
public abstract class Function {
    private Tensor[] inputs;
    private final List<Tensor> saved = new ArrayList<>();
    private boolean released;

    /**
     * Computes the output from the inputs. Runs with gradient recording off, so it may use any op.
     */
    protected abstract Tensor forward(Tensor... inputs);

    /** Whether the application in progress will be recorded in the graph (see {@link #recording()}). */
    private boolean recording;

    /**
     * Returns {@code dL/dinput[i]} for each input given {@code dL/doutput} ({@code grad} has the
     * output's shape). Entries may be null for inputs that need no gradient. Each returned gradient
     * must have its input's shape. Runs with gradient recording off.
     */
    protected abstract Tensor[] backward(Tensor grad);

    /** Runs the op and records it in the graph when needed. */
    public final Tensor apply(Tensor... in) {
        Tensor out;
        recording = Grad.isEnabled() && anyRequiresGrad(in);
        try (Grad.Scope off = Grad.off()) {
            out = forward(in);
        }
        if (recording) {
            this.inputs = in.clone();
            out = out.detach(); // a fresh node, even when forward returned one of its inputs
            out.attachGradFn(this);
        } else {
            saved.clear();
        }
        return out;
    }

    private static boolean anyRequiresGrad(Tensor[] in) {
        for (Tensor t : in) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Keeps tensors for {@link #backward}; read them back with {@link #saved(int)}. */
    protected final void save(Tensor... tensors) {
        for (Tensor t : tensors) {
            saved.add(t == null ? null : t.detach());
        }
    }

    /** The i-th tensor given to {@link #save}. */
    protected final Tensor saved(int i) {
        if (released) {
            throw new IllegalStateException(name() + ": the graph was already released by a backward pass; "
                    + "use backward(gradient, true) to backpropagate through it twice");
        }
        return saved.get(i);
    }

    /**
     * True inside {@link #forward} when this application will be recorded for a backward pass (gradients are
     * on and an input requires one): an op may skip keeping what only its backward pass needs otherwise.
     */
    protected final boolean recording() {
        return recording;
    }

    /** True when input {@code i} needs a gradient, so {@link #backward} may skip the others. */
    protected final boolean needsGrad(int i) {
        return inputs != null && inputs[i] != null && inputs[i].requiresGrad();
    }

    /** The inputs this node was applied to (null before the op is recorded). */
    public final Tensor[] inputs() {
        if (released) {
            throw new IllegalStateException(name() + ": the graph was already released by a backward pass; "
                    + "use backward(gradient, true) to backpropagate through it twice");
        }
        return inputs;
    }

    /** A short name for messages and {@code toString}, e.g. {@code Conv2dBackward}. */
    public String name() {
        return getClass().getSimpleName() + "Backward";
    }

    /** Runs {@link #backward} (called by {@link Backprop}). */
    final Tensor[] runBackward(Tensor grad) {
        if (released) {
            throw new IllegalStateException(name() + ": the graph was already released by a backward pass; "
                    + "use backward(gradient, true) to backpropagate through it twice");
        }
        return backward(grad);
    }

    /** Drops saved tensors and inputs so the graph can be garbage-collected. */
    final void release() {
        saved.clear();
        inputs = null;
        released = true;
    }
}

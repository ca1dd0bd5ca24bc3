package dev.nabla.autograd;

/**
 * Switches gradient recording on and off for the current thread, as {@code torch.no_grad()}.
 *
 * <pre>{@code
 * try (var off = Grad.off()) {
 *     Tensor prediction = model.forward(x);   // no graph is recorded
 * }
 * }</pre>
 */
public final class Grad {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private Grad() {
    }

    /** True when differentiable ops record the graph on this thread (the default). */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns recording off until the returned scope is closed; scopes nest. */
    public static Scope off() {
        return set(false);
    }

    /** Turns recording on until the returned scope is closed (inside an {@link #off()} scope). */
    public static Scope on() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return () -> ENABLED.set(previous);
    }

    /** Restores the previous recording state when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

package dev.nabla.backend;

/**
 * A factory for a {@link Backend}, registered in
 * {@code META-INF/services/dev.nabla.backend.BackendProvider} so that adding a jar (for example
 * {@code nn-opencl}) to the classpath makes its backend selectable by name.
 */
public interface BackendProvider {
    /** The name used with {@code -Dnabla.backend=NAME}. */
    String name();

    /** Why this backend cannot run here (no driver, no device), or null when it can. */
    String unavailableReason();

    /** Creates the backend; only called when {@link #unavailableReason()} is null. */
    Backend create();
}

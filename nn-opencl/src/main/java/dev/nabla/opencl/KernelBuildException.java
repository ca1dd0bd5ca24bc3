package dev.nabla.opencl;

/** A {@code .cl} program failed to compile; the message carries the driver's build log. */
public final class KernelBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the program name and the build log. */
    public KernelBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}

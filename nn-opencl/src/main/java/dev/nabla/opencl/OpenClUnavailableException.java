package dev.nabla.opencl;

/**
 * No usable OpenCL: the native library, a platform (driver) or a matching device is missing. The
 * message says what was looked for and how to fix it (install a driver, e.g. PoCL).
 */
public final class OpenClUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message that names the fix. */
    public OpenClUnavailableException(String message) {
        super(message);
    }

    /** With a message that names the fix and the underlying error. */
    public OpenClUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.nabla.opencl;

/**
 * The device ran out of memory (or a single buffer exceeds the device's largest allocation). The
 * message gives the requested size, what is in use and the device limit.
 */
public final class DeviceMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the requested size and the device limit. */
    public DeviceMemoryException(String message) {
        super(message);
    }

    /** With a message naming the requested size and the device limit, and the driver error. */
    public DeviceMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.nabla.opencl;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendProvider;

/**
 * Registers the OpenCL backend with {@link java.util.ServiceLoader} under the name {@code opencl}:
 * {@code -Dnabla.backend=opencl} opens the device chosen by {@code -Dnabla.opencl.device} (default: the
 * first GPU, else any device); {@code -Dnabla.backend=auto} uses it when a device exists.
 */
public final class OpenClBackendProvider implements BackendProvider {
    /** Needed by {@link java.util.ServiceLoader}. */
    public OpenClBackendProvider() {
    }

    @Override
    public String name() {
        return OpenClBackend.NAME;
    }

    @Override
    public String unavailableReason() {
        String why = OpenCl.unavailableReason();
        if (why != null) {
            return why;
        }
        try {
            DeviceSelector.fromSystemProperty().select(OpenCl.devices());
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Override
    public Backend create() {
        return OpenClBackend.create();
    }
}

package dev.nabla.opencl;

/**
 * Lists the OpenCL platforms and devices ({@code ./nabla devices}) and the one the backend would
 * pick with the current {@code -Dnabla.opencl.device}. Exits with status 1 and the fix when there is
 * no OpenCL platform.
 */
public final class Devices {
    private Devices() {
    }

    /** Prints one line per device. */
    public static void main(String[] args) {
        try {
            var devices = OpenCl.devices();
            String platform = null;
            for (ClDevice d : devices) {
                if (!d.platformName().equals(platform)) {
                    platform = d.platformName();
                    System.out.println("Platform " + d.platformIndex() + ": " + platform);
                }
                System.out.println("  " + d.describe());
            }
            DeviceSelector selector = DeviceSelector.fromSystemProperty();
            ClDevice chosen = selector.select(devices);
            System.out.println("-Dnabla.backend=opencl would use [" + chosen.platformIndex() + ":" + chosen.deviceIndex()
                    + "] " + chosen.name() + " (-D" + DeviceSelector.PROPERTY + "=" + selector + ")");
        } catch (OpenClUnavailableException e) {
            System.err.println("OpenCL is not available: " + e.getMessage());
            System.exit(1);
        }
    }
}

package dev.nabla.opencl;

import java.util.List;
import java.util.Locale;

/**
 * Which device the backend opens, from the system property {@code nabla.opencl.device} or code:
 * <ul>
 *   <li>{@code default} (or empty): the first GPU, else the first accelerator, else the first device;</li>
 *   <li>{@code gpu}, {@code cpu}, {@code accelerator}: the first device of that type;</li>
 *   <li>{@code P:D}: device {@code D} of platform {@code P}; a bare number {@code I}: the {@code I}-th device
 *       in {@link OpenCl#devices()} order;</li>
 *   <li>{@code name:TEXT}: the first device whose name or platform name contains TEXT (ignoring case).</li>
 * </ul>
 */
public final class DeviceSelector {
    /** The system property read by {@link #fromSystemProperty()}. */
    public static final String PROPERTY = "nabla.opencl.device";

    private final String spec;

    private DeviceSelector(String spec) {
        this.spec = spec;
    }

    /** Parses a selector as described in the class comment. */
    public static DeviceSelector parse(String spec) {
        return new DeviceSelector(spec == null ? "" : spec.trim());
    }

    /** The selector given by {@code -Dnabla.opencl.device}, or {@code default}. */
    public static DeviceSelector fromSystemProperty() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    /** The device this selector picks from {@code devices}. */
    public ClDevice select(List<ClDevice> devices) {
        String s = spec.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("default")) {
            for (String type : new String[] {"GPU", "ACCELERATOR"}) {
                for (ClDevice d : devices) {
                    if (d.type().equals(type)) {
                        return d;
                    }
                }
            }
            return devices.get(0);
        }
        if (s.equals("gpu") || s.equals("cpu") || s.equals("accelerator")) {
            for (ClDevice d : devices) {
                if (d.type().equalsIgnoreCase(s)) {
                    return d;
                }
            }
            throw notFound("no " + s.toUpperCase(Locale.ROOT) + " device", devices);
        }
        if (s.startsWith("name:")) {
            String needle = s.substring(5);
            for (ClDevice d : devices) {
                if (d.name().toLowerCase(Locale.ROOT).contains(needle)
                        || d.platformName().toLowerCase(Locale.ROOT).contains(needle)) {
                    return d;
                }
            }
            throw notFound("no device whose name contains '" + spec.substring(5) + "'", devices);
        }
        try {
            if (s.contains(":")) {
                int p = Integer.parseInt(s.substring(0, s.indexOf(':')));
                int i = Integer.parseInt(s.substring(s.indexOf(':') + 1));
                for (ClDevice d : devices) {
                    if (d.platformIndex() == p && d.deviceIndex() == i) {
                        return d;
                    }
                }
                throw notFound("no device " + p + ":" + i, devices);
            }
            int i = Integer.parseInt(s);
            if (i < 0 || i >= devices.size()) {
                throw notFound("no device number " + i, devices);
            }
            return devices.get(i);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + ": '" + spec + "' is not a device selector; expected "
                    + "default, gpu, cpu, accelerator, an index (0), platform:device (0:1) or name:TEXT");
        }
    }

    private static OpenClUnavailableException notFound(String what, List<ClDevice> devices) {
        StringBuilder sb = new StringBuilder(PROPERTY).append(": ").append(what).append("; devices here:");
        for (ClDevice d : devices) {
            sb.append("\n  ").append(d.describe());
        }
        return new OpenClUnavailableException(sb.toString());
    }

    @Override
    public String toString() {
        return spec.isEmpty() ? "default" : spec;
    }
}

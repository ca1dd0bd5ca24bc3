package dev.nabla.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.Locale;

/**
 * One OpenCL device as found by {@link OpenCl#devices()}: where it is (platform and device index),
 * what it is, and the limits the backend checks against.
 *
 * @param platformIndex   index of the platform in the ICD loader's list
 * @param deviceIndex     index of the device within its platform
 * @param platformName    e.g. {@code Portable Computing Language}
 * @param name            e.g. {@code NVIDIA GeForce RTX 4090} or {@code pthread-haswell-AMD EPYC}
 * @param type            {@code GPU}, {@code CPU}, {@code ACCELERATOR} or {@code OTHER}
 * @param version         the device's OpenCL version string
 * @param computeUnits    number of compute units
 * @param globalMemBytes  global memory size
 * @param maxAllocBytes   largest single buffer the device allows
 * @param localMemBytes   local (work-group shared) memory size
 * @param maxWorkGroup    largest work-group size
 * @param platform        the JOCL platform handle
 * @param id              the JOCL device handle
 */
public record ClDevice(int platformIndex, int deviceIndex, String platformName, String name, String type,
                       String version, int computeUnits, long globalMemBytes, long maxAllocBytes,
                       long localMemBytes, long maxWorkGroup, cl_platform_id platform, cl_device_id id) {

    /** One line for listings: {@code [0:0] CPU pthread-haswell-AMD EPYC (Portable Computing Language), …}. */
    public String describe() {
        return String.format(Locale.ROOT, "[%d:%d] %-11s %s (%s), %s, %d compute units, %s global memory, "
                        + "%s max buffer, %s local memory, work-group ≤ %d",
                platformIndex, deviceIndex, type, name, platformName, version, computeUnits,
                bytes(globalMemBytes), bytes(maxAllocBytes), bytes(localMemBytes), maxWorkGroup);
    }

    /** {@code 8.3 GiB}, {@code 512 KiB}, … */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

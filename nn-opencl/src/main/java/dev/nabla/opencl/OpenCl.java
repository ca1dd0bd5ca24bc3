package dev.nabla.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.ArrayList;
import java.util.List;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;

/**
 * Finds OpenCL platforms and devices through JOCL (whose jar carries the native bridge; only an
 * OpenCL driver must be installed). Every failure becomes an {@link OpenClUnavailableException} whose
 * message names the fix.
 */
public final class OpenCl {
    /** What to do when there is no platform; part of every "unavailable" message. */
    public static final String INSTALL_HINT = "install an OpenCL driver: the GPU vendor's (NVIDIA, AMD ROCm, "
            + "Intel compute-runtime) or, to run on the CPU, PoCL with "
            + "'apt-get install pocl-opencl-icd ocl-icd-libopencl1' (check with 'clinfo -l')";

    /**
     * JOCL 2.0.5 opens the ICD loader by the name {@code libOpenCL.so}, which Debian and Ubuntu ship only
     * in the development package; the runtime package has {@code libOpenCL.so.1}.
     */
    public static final String LIBRARY_HINT = "JOCL loads 'libOpenCL.so' (not 'libOpenCL.so.1'): install "
            + "'ocl-icd-opencl-dev' (Debian/Ubuntu) or link libOpenCL.so -> libOpenCL.so.1 in a directory on "
            + "LD_LIBRARY_PATH (./nabla does this for you)";

    private static volatile List<ClDevice> cached;

    private OpenCl() {
    }

    /**
     * Every device of every platform, in platform then device order.
     *
     * @throws OpenClUnavailableException when the OpenCL library or a platform is missing, or there is
     *                                    no device at all
     */
    public static List<ClDevice> devices() {
        List<ClDevice> d = cached;
        if (d == null) {
            synchronized (OpenCl.class) {
                if (cached == null) {
                    cached = List.copyOf(discover());
                }
                d = cached;
            }
        }
        return d;
    }

    /** Null when at least one device exists, else the reason (with the fix). */
    public static String unavailableReason() {
        try {
            devices();
            return null;
        } catch (OpenClUnavailableException e) {
            return e.getMessage();
        }
    }

    private static List<ClDevice> discover() {
        cl_platform_id[] platforms;
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                throw new OpenClUnavailableException("no OpenCL platform found; " + INSTALL_HINT);
            }
            platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
        } catch (CLException e) {
            // CL_PLATFORM_NOT_FOUND_KHR (-1001) from the ICD loader when no driver is registered
            throw new OpenClUnavailableException("no OpenCL platform found (" + e.getMessage() + "); "
                    + INSTALL_HINT, e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new OpenClUnavailableException("the OpenCL library could not be loaded (" + e + "); "
                    + LIBRARY_HINT + "; if no driver is installed either, " + INSTALL_HINT, e);
        }
        List<ClDevice> out = new ArrayList<>();
        for (int p = 0; p < platforms.length; p++) {
            String platformName = string(platforms[p]);
            cl_device_id[] ids;
            try {
                int[] n = new int[1];
                CL.clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, null, n);
                ids = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            } catch (CLException e) {
                continue; // CL_DEVICE_NOT_FOUND: a platform without devices
            }
            for (int i = 0; i < ids.length; i++) {
                cl_device_id id = ids[i];
                out.add(new ClDevice(p, i, platformName, deviceString(id, CL_DEVICE_NAME), type(id),
                        deviceString(id, CL_DEVICE_VERSION), (int) deviceLong(id, CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint),
                        deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong),
                        deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong),
                        deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE, Sizeof.cl_ulong),
                        deviceLong(id, CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t), platforms[p], id));
            }
        }
        if (out.isEmpty()) {
            throw new OpenClUnavailableException(platforms.length + " OpenCL platform(s) found but no device; "
                    + INSTALL_HINT);
        }
        return out;
    }

    private static String string(cl_platform_id platform) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, CL_PLATFORM_NAME, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, CL_PLATFORM_NAME, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(id, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(id, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long deviceLong(cl_device_id id, int param, int size) {
        if (size == Sizeof.cl_uint) {
            int[] v = new int[1];
            CL.clGetDeviceInfo(id, param, size, Pointer.to(v), null);
            return v[0] & 0xffffffffL;
        }
        long[] v = new long[1];
        CL.clGetDeviceInfo(id, param, size, Pointer.to(v), null);
        return v[0];
    }

    private static String type(cl_device_id id) {
        long t = deviceLong(id, CL_DEVICE_TYPE, Sizeof.cl_ulong);
        if ((t & CL_DEVICE_TYPE_GPU) != 0) {
            return "GPU";
        }
        if ((t & CL_DEVICE_TYPE_CPU) != 0) {
            return "CPU";
        }
        if ((t & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "ACCELERATOR";
        }
        return "OTHER";
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}

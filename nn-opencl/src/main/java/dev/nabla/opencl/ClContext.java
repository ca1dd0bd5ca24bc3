package dev.nabla.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;

/**
 * One OpenCL context on one device: the in-order command queue, the program cache (each
 * {@code kernels/NAME.cl} resource is compiled once, as OpenCL C 1.2, on first use) and the
 * {@link BufferPool}. Every call that touches the queue holds this object's lock, so a context can
 * be used from several threads. Closing it frees the device memory and the programs.
 */
public final class ClContext implements AutoCloseable {
    private static final String KERNEL_DIR = "/dev/nabla/opencl/kernels/";

    private final ClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final BufferPool pool;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final int tile;
    private boolean closed;
    private long bytesUploaded;
    private long bytesDownloaded;

    /** Opens a context and queue on {@code device}. */
    @SuppressWarnings("deprecation")
    public ClContext(ClDevice device) {
        this.device = device;
        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL_CONTEXT_PLATFORM, device.platform());
            this.context = CL.clCreateContext(props, 1, new org.jocl.cl_device_id[] {device.id()}, null, null, null);
            this.queue = CL.clCreateCommandQueue(context, device.id(), 0, null);
        } catch (CLException e) {
            throw new OpenClUnavailableException("OpenCL: cannot open a context on " + device.describe() + ": "
                    + e.getMessage(), e);
        }
        this.pool = new BufferPool(context, device);
        this.tile = device.maxWorkGroup() >= 256 && device.localMemBytes() >= 16 * 1024 ? 16 : 8;
    }

    /** The device this context runs on. */
    public ClDevice device() {
        return device;
    }

    /** Side of the square matmul tile (work-group {@code tile×tile}). */
    int tile() {
        return tile;
    }

    BufferPool pool() {
        ensureOpen();
        return pool;
    }

    /** Fails with a clear message once the context is closed (the driver would crash instead). */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL context on " + device.name() + " is closed: tensors made by a "
                    + "closed OpenClBackend cannot be used; copy them to the host (toArray) before close()");
        }
    }

    /** Bytes copied host → device so far. */
    public synchronized long bytesUploaded() {
        return bytesUploaded;
    }

    /** Bytes copied device → host so far. */
    public synchronized long bytesDownloaded() {
        return bytesDownloaded;
    }

    /** Bytes of device memory held by live tensors (and temporaries) now. */
    public synchronized long bytesInUse() {
        pool.drain();
        return pool.inUseBytes();
    }

    /** Bytes of device memory kept in the pool for reuse. */
    public synchronized long bytesPooled() {
        return pool.pooledBytes();
    }

    /** Number of device buffers created so far (a steady training loop stops creating them). */
    public synchronized long buffersCreated() {
        return pool.created();
    }

    /** Runs a JVM garbage collection and returns the device memory of unreachable tensors to the pool. */
    public synchronized void collectGarbage() {
        pool.collectGarbage();
    }

    // ------------------------------------------------------------------ transfers

    synchronized void upload(cl_mem mem, float[] src, int from, int count) {
        ensureOpen();
        if (count == 0) {
            return;
        }
        CL.clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, (long) count * Sizeof.cl_float,
                Pointer.to(src).withByteOffset((long) from * Sizeof.cl_float), 0, null, null);
        bytesUploaded += (long) count * Sizeof.cl_float;
    }

    synchronized void upload(cl_mem mem, int[] src) {
        ensureOpen();
        if (src.length == 0) {
            return;
        }
        CL.clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, (long) src.length * Sizeof.cl_int, Pointer.to(src), 0, null, null);
        bytesUploaded += (long) src.length * Sizeof.cl_int;
    }

    synchronized void download(cl_mem mem, float[] dst, int count) {
        ensureOpen();
        if (count == 0) {
            return;
        }
        CL.clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, (long) count * Sizeof.cl_float, Pointer.to(dst), 0, null, null);
        bytesDownloaded += (long) count * Sizeof.cl_float;
    }

    synchronized void download(cl_mem mem, int[] dst) {
        ensureOpen();
        if (dst.length == 0) {
            return;
        }
        CL.clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, (long) dst.length * Sizeof.cl_int, Pointer.to(dst), 0, null, null);
        bytesDownloaded += (long) dst.length * Sizeof.cl_int;
    }

    /** Waits until every enqueued command has finished. */
    public synchronized void finish() {
        CL.clFinish(queue);
    }

    // ------------------------------------------------------------------ programs and launches

    /** A launch of kernel {@code name} from {@code kernels/program.cl}; set arguments, then {@link Launch#run}. */
    synchronized Launch kernel(String program, String name) {
        ensureOpen();
        String key = program + "/" + name;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            cl_program p = programs.computeIfAbsent(program, this::build);
            try {
                k = CL.clCreateKernel(p, name, null);
            } catch (CLException e) {
                throw new IllegalStateException("OpenCL: no kernel '" + name + "' in " + program + ".cl: " + e.getMessage(), e);
            }
            kernels.put(key, k);
        }
        return new Launch(this, k, key);
    }

    private cl_program build(String program) {
        String source = source(program);
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        String options = "-cl-std=CL1.2 -DTS=" + tile;
        try {
            CL.clBuildProgram(p, 1, new org.jocl.cl_device_id[] {device.id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            CL.clReleaseProgram(p);
            throw new KernelBuildException("OpenCL: kernels/" + program + ".cl failed to build on " + device.name()
                    + " with options '" + options + "' (" + e.getMessage() + "). Build log:\n" + log, e);
        }
        return p;
    }

    /** Compiles OpenCL C source given as a string (for tests of the build-error path). */
    synchronized void buildSource(String name, String source) {
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(p, 1, new org.jocl.cl_device_id[] {device.id()}, "-cl-std=CL1.2", null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            throw new KernelBuildException("OpenCL: " + name + " failed to build on " + device.name() + " ("
                    + e.getMessage() + "). Build log:\n" + log, e);
        } finally {
            CL.clReleaseProgram(p);
        }
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(p, device.id(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(p, device.id(), CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return new String(buf, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    private static String source(String program) {
        try (InputStream in = ClContext.class.getResourceAsStream(KERNEL_DIR + program + ".cl")) {
            if (in == null) {
                throw new IllegalStateException("OpenCL: kernel source " + KERNEL_DIR + program + ".cl is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void enqueue(cl_kernel k, String key, long[] global, long[] local) {
        try {
            CL.clEnqueueNDRangeKernel(queue, k, global.length, null, global, local, 0, null, null);
        } catch (CLException e) {
            if (e.getStatus() == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL.CL_OUT_OF_RESOURCES) {
                throw new DeviceMemoryException("OpenCL: kernel " + key + " ran out of device memory on " + device.name()
                        + " (" + ClDevice.bytes(pool.inUseBytes()) + " in use, device limit "
                        + ClDevice.bytes(device.globalMemBytes()) + ")", e);
            }
            throw new IllegalStateException("OpenCL: launching " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** Frees the device memory, kernels, programs, the queue and the context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CL.clFinish(queue);
        } finally {
            pool.close();
            kernels.values().forEach(CL::clReleaseKernel);
            programs.values().forEach(CL::clReleaseProgram);
            kernels.clear();
            programs.clear();
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }

    /** True after {@link #close()}. */
    public synchronized boolean isClosed() {
        return closed;
    }
}

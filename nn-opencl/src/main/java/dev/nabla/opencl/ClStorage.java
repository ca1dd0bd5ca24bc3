package dev.nabla.opencl;

import dev.nabla.tensor.DeviceStorage;
import org.jocl.cl_mem;

/**
 * The storage of a device-resident tensor: a pooled OpenCL buffer plus a host copy made only when
 * host code reads the tensor. Two flags say which copy is current; both may be. Reading for writing
 * (a plain {@code Tensor.storage()}) makes the host copy the only current one, and the next device op
 * uploads it again. The buffer returns to the pool when the last tensor using this storage is
 * garbage-collected.
 */
final class ClStorage implements DeviceStorage {
    private final ClContext ctx;
    private final ClBuffer buffer;
    private final int length;
    private float[] host;
    private boolean hostValid;
    private boolean deviceValid = true;

    /** A new device buffer of {@code length} floats whose contents the caller is about to write. */
    ClStorage(ClContext ctx, int length) {
        this.ctx = ctx;
        this.length = length;
        synchronized (ctx) {
            this.buffer = ctx.pool().acquire(Math.max(1, (long) length) * 4, this);
        }
    }

    /**
     * A device copy of {@code host} (uploaded now), which stays this storage's host copy: used when a
     * host tensor moves to the device in place ({@link dev.nabla.tensor.Tensor#moveToDevice}).
     */
    ClStorage(ClContext ctx, float[] host) {
        this(ctx, host.length);
        synchronized (ctx) {
            ctx.upload(buffer.mem, host, 0, host.length);
            this.host = host;
            this.hostValid = true;
        }
    }

    ClContext context() {
        return ctx;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public float[] host(boolean forWriting) {
        synchronized (ctx) {
            if (!hostValid) {
                if (host == null) {
                    host = new float[length];
                }
                ctx.download(buffer.mem, host, length);
                hostValid = true;
            }
            if (forWriting) {
                deviceValid = false;
            }
            return host;
        }
    }

    /** The buffer with current contents, uploading the host copy if host code may have changed it. */
    cl_mem forReading() {
        synchronized (ctx) {
            if (!deviceValid) {
                ctx.upload(buffer.mem, host, 0, length);
                deviceValid = true;
            }
            return buffer.mem;
        }
    }

    /** The buffer, about to be written (partly, so made current first) by a kernel. */
    cl_mem forWriting() {
        synchronized (ctx) {
            cl_mem m = forReading();
            hostValid = false;
            return m;
        }
    }

    /** True when the device copy is current (no upload needed before a kernel reads it). */
    boolean onDevice() {
        return deviceValid;
    }
}

package dev.nabla.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_context;
import org.jocl.cl_mem;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.jocl.CL.CL_MEM_READ_WRITE;

/**
 * Device memory, reused: buffers are handed out by size class and come back when their owner (a
 * {@link ClStorage}, or an argmax array) is garbage-collected — tracked with phantom references and
 * drained on every allocation — or when released explicitly. Freed buffers wait in per-size free
 * lists, so a training loop that repeats the same shapes stops allocating after its first step.
 *
 * <p>When the memory in use would pass a soft limit (half the device's global memory, at most 2 GiB,
 * or {@code -Dnabla.opencl.softLimit=BYTES}) the pool asks the JVM for a garbage collection and takes
 * back what it freed, since Java does not see device memory. A request the device cannot satisfy
 * becomes a {@link DeviceMemoryException} naming the requested size and the device limit.
 *
 * <p>Not thread-safe: the owning {@link ClContext} calls it under its lock.
 */
final class BufferPool implements AutoCloseable {
    private final cl_context context;
    private final ClDevice device;
    private final long softLimit;
    private final Map<Long, ArrayDeque<ClBuffer>> free = new HashMap<>();
    private final ReferenceQueue<Object> dead = new ReferenceQueue<>();
    private final Set<Owner> owners = new HashSet<>();
    private long inUseBytes;
    private long pooledBytes;
    private long created;
    private long reused;

    /** The phantom reference that returns a buffer when its owner dies. */
    private static final class Owner extends PhantomReference<Object> {
        final ClBuffer buffer;

        Owner(Object owner, ClBuffer buffer, ReferenceQueue<Object> q) {
            super(owner, q);
            this.buffer = buffer;
        }
    }

    BufferPool(cl_context context, ClDevice device) {
        this.context = context;
        this.device = device;
        long dflt = Math.min(device.globalMemBytes() / 2, 2L << 30);
        this.softLimit = Long.getLong("nabla.opencl.softLimit", dflt);
    }

    /** Size class: powers of two up to 1 MiB, then multiples of 1 MiB. */
    static long sizeClass(long bytes) {
        long b = Math.max(bytes, 256);
        if (b <= (1 << 20)) {
            return Long.highestOneBit(b - 1) << 1;
        }
        long mib = 1 << 20;
        return (b + mib - 1) / mib * mib;
    }

    /** A buffer of at least {@code bytes} bytes, owned by {@code owner} (returned when it dies). */
    ClBuffer acquire(long bytes, Object owner) {
        ClBuffer b = acquire(bytes);
        track(owner, b);
        return b;
    }

    /** A buffer of at least {@code bytes}, to be given back with {@link #release}. */
    ClBuffer acquire(long bytes) {
        drain();
        long size = sizeClass(bytes);
        ArrayDeque<ClBuffer> list = free.get(size);
        if (list != null && !list.isEmpty()) {
            ClBuffer b = list.pop();
            pooledBytes -= b.bytes;
            inUseBytes += b.bytes;
            reused++;
            return b;
        }
        if (size > device.maxAllocBytes()) {
            throw new DeviceMemoryException("OpenCL: a buffer of " + ClDevice.bytes(bytes) + " was requested but "
                    + device.name() + " allows at most " + ClDevice.bytes(device.maxAllocBytes())
                    + " per buffer (global memory " + ClDevice.bytes(device.globalMemBytes())
                    + "); use a smaller batch or a device with more memory");
        }
        if (inUseBytes + size > softLimit) {
            collectGarbage();
        }
        if (inUseBytes + pooledBytes + size > device.globalMemBytes()) {
            trim();
        }
        if (inUseBytes + size > device.globalMemBytes()) {
            throw outOfMemory(bytes, null);
        }
        cl_mem mem;
        try {
            mem = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, size, null, null);
        } catch (CLException e) {
            trim();
            collectGarbage();
            try {
                mem = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, size, null, null);
            } catch (CLException again) {
                throw outOfMemory(bytes, again);
            }
        }
        created++;
        inUseBytes += size;
        return new ClBuffer(mem, size);
    }

    private DeviceMemoryException outOfMemory(long bytes, Throwable cause) {
        return new DeviceMemoryException("OpenCL: out of device memory: requested " + ClDevice.bytes(bytes)
                + " with " + ClDevice.bytes(inUseBytes) + " in use on " + device.name() + " (device limit "
                + ClDevice.bytes(device.globalMemBytes()) + " global memory, " + ClDevice.bytes(device.maxAllocBytes())
                + " per buffer); use a smaller batch, release tensors, or pick a device with more memory", cause);
    }

    /** Makes {@code owner}'s death return {@code buffer} to the pool. */
    void track(Object owner, ClBuffer buffer) {
        owners.add(new Owner(owner, buffer, dead));
    }

    /** Gives a buffer back at once (its owner, if tracked, must not use it again). */
    void release(ClBuffer b) {
        inUseBytes -= b.bytes;
        pooledBytes += b.bytes;
        free.computeIfAbsent(b.bytes, k -> new ArrayDeque<>()).push(b);
    }

    /** Returns the buffers of owners that have been garbage-collected. */
    void drain() {
        Reference<?> r;
        while ((r = dead.poll()) != null) {
            Owner o = (Owner) r;
            if (owners.remove(o)) {
                release(o.buffer);
            }
        }
    }

    /** Runs a JVM garbage collection and takes back the buffers of unreachable tensors. */
    void collectGarbage() {
        System.gc();
        try {
            Reference<?> r = dead.remove(50);
            while (r != null) {
                Owner o = (Owner) r;
                if (owners.remove(o)) {
                    release(o.buffer);
                }
                r = dead.remove(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Frees every pooled (unused) buffer on the device. */
    void trim() {
        for (ArrayDeque<ClBuffer> list : free.values()) {
            for (ClBuffer b : list) {
                CL.clReleaseMemObject(b.mem);
            }
        }
        free.clear();
        pooledBytes = 0;
    }

    long inUseBytes() {
        return inUseBytes;
    }

    long pooledBytes() {
        return pooledBytes;
    }

    long created() {
        return created;
    }

    long reused() {
        return reused;
    }

    /** Frees every buffer, in use or pooled. */
    @Override
    public void close() {
        trim();
        for (Owner o : owners) {
            CL.clReleaseMemObject(o.buffer.mem);
        }
        owners.clear();
        inUseBytes = 0;
    }
}

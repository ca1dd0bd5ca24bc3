package dev.nabla.opencl;

import org.jocl.cl_mem;

/** A device buffer handed out by the {@link BufferPool}: the handle and its (rounded) size in bytes. */
final class ClBuffer {
    final cl_mem mem;
    final long bytes;

    ClBuffer(cl_mem mem, long bytes) {
        this.mem = mem;
        this.bytes = bytes;
    }
}

package dev.nabla.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Sets the arguments of one kernel in order and enqueues it. Global sizes are rounded up to a
 * multiple of the work-group size; kernels check their bounds.
 */
final class Launch {
    private final ClContext ctx;
    private final cl_kernel kernel;
    private final String key;
    private int index;

    Launch(ClContext ctx, cl_kernel kernel, String key) {
        this.ctx = ctx;
        this.kernel = kernel;
        this.key = key;
    }

    Launch arg(cl_mem mem) {
        CL.clSetKernelArg(kernel, index++, Sizeof.cl_mem, Pointer.to(mem));
        return this;
    }

    Launch arg(int v) {
        CL.clSetKernelArg(kernel, index++, Sizeof.cl_int, Pointer.to(new int[] {v}));
        return this;
    }

    Launch arg(float v) {
        CL.clSetKernelArg(kernel, index++, Sizeof.cl_float, Pointer.to(new float[] {v}));
        return this;
    }

    /** An {@code int8} vector argument (shapes and strides padded to 8 axes). */
    Launch arg8(int[] v) {
        int[] p = new int[8];
        System.arraycopy(v, 0, p, 0, v.length);
        CL.clSetKernelArg(kernel, index++, Sizeof.cl_int * 8, Pointer.to(p));
        return this;
    }

    /** A {@code __local} buffer of {@code bytes}. */
    Launch local(long bytes) {
        CL.clSetKernelArg(kernel, index++, bytes, null);
        return this;
    }

    /** Enqueues over {@code global} work items in work-groups of {@code local} (null: the driver picks). */
    void run(long[] global, long[] local) {
        long[] g = global.clone();
        for (long v : g) {
            if (v == 0) {
                return; // nothing to do
            }
        }
        if (local != null) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (g[i] + local[i] - 1) / local[i] * local[i];
            }
        }
        ctx.enqueue(kernel, key, g, local);
    }

    /** One-dimensional launch in work-groups of 64. */
    void run(long n) {
        run(new long[] {n}, new long[] {64});
    }
}

package dev.nabla.backend;

/**
 * Per-thread, grow-only work arrays for kernels (im2col columns, transposes, partial sums): a kernel asks
 * for slot {@code k} of at least {@code n} floats and gets the same array call after call, so the hot
 * loops of training allocate nothing. The contents are whatever the last user left; a kernel that needs
 * zeros clears the part it uses. An array is valid until the same thread asks for the same slot again,
 * so a kernel uses a distinct slot for each buffer it holds at once (the caller's slots and those its
 * parallel chunks use on the same thread must differ, as a one-chunk loop runs on the caller's thread).
 * Never store a scratch array beyond the call that asked for it. A chunk's slot is per thread, not per
 * chunk: two chunks may run one after the other on one worker (or on the caller, which may run a chunk
 * itself while it waits), so a chunk's result that must outlive it goes into a caller-owned array
 * ({@link #PARTIALS}), and a chunk holding a slot must not start a nested parallel loop that could reuse it.
 */
final class Scratch {
    /** Slots used by the convolution kernels' parallel chunks. */
    static final int COL = 0;
    static final int COL_T = 1;
    static final int MAT_T = 2;
    /** Slots used by kernels on the calling thread (outside their chunks). */
    static final int WEIGHT_T = 3;
    static final int GATHER = 4;
    /** Per-chunk partial sums, owned by the calling thread and written by the chunks (one region each). */
    static final int PARTIALS = 5;
    /** Winograd convolution: transformed weights (calling thread), transformed inputs and products (chunks). */
    static final int WINO_U = 6;
    static final int WINO_V = 7;
    static final int WINO_M = 8;
    private static final int SLOTS = 9;

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {
    }

    /** The current thread's array for {@code slot}, at least {@code n} long (contents undefined). */
    static float[] floats(int slot, int n) {
        float[][] arrays = ARRAYS.get();
        float[] a = arrays[slot];
        if (a.length < n) {
            a = new float[Math.max(n, a.length + (a.length >> 1))];
            arrays[slot] = a;
        }
        return a;
    }
}

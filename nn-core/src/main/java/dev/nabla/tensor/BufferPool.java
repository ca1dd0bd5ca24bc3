package dev.nabla.tensor;

import java.util.Arrays;

/**
 * A per-thread pool of {@code float[]} (and {@code int[]}) buffers for the tensors made inside one
 * training step, so that steady-state training allocates almost nothing: the step's op outputs and
 * intermediate gradients take their storage from the pool, and all of it goes back when the step
 * ends; the next step, which asks for the same sizes in the same order, gets the same arrays again.
 *
 * <pre>{@code
 * try (BufferPool.StepScope step = BufferPool.open()) {   // what Trainer does around each batch
 *     Tensor loss = model.loss().compute(model.call(x), y);
 *     loss.backward();
 *     optimizer.step(params);
 *     float v = loss.item();                               // read what you need inside the step
 * }                                                        // every pooled buffer of the step is free again
 * }</pre>
 *
 * <h2>Lifetime rules</h2>
 * <ul>
 *   <li>Only kernel outputs made through {@link #zeros} (the CPU backend's) on a thread that has a step
 *       open come from the pool; outside a step, and on other threads, {@link #zeros} is
 *       {@link Tensor#zeros}. So {@code predict} (no step) and other threads never see pooled storage,
 *       and the pool needs no locking.</li>
 *   <li>Nothing that outlives the step may come from the pool: parameters, their gradients (each
 *       parameter keeps one gradient buffer of its own, reused from step to step while a step is open —
 *       see {@link Tensor#accumulateGrad}), optimizer state, BatchNorm moving statistics (updated in place)
 *       and anything returned to the caller. Weights built lazily inside the first step are copied out of
 *       the pool by {@code Layer.addWeight}; {@link StepScope#keep} does the same for any other tensor.</li>
 *   <li>A tensor whose buffer went back to the pool fails loudly when read again ({@link Tensor#storage()}
 *       and every read through it throw {@link IllegalStateException}), instead of returning another
 *       step's numbers. Copy ({@link Tensor#copyData()}) what must survive, inside the step.</li>
 *   <li>Scopes nest; the buffers go back when the outermost one closes.</li>
 *   <li>The pool keeps exactly the last step's buffers for reuse (free buffers that step did not use are
 *       dropped when it closes); {@link #trim()} lets them go.</li>
 * </ul>
 *
 * <p>Switch: {@code -Dnabla.pool=off} (or {@link #setEnabled setEnabled(false)} between steps) makes
 * {@link #open} a no-op, so every tensor is freshly allocated as before. Results are bit-identical
 * either way: a pooled buffer is zero-filled before it is handed out, exactly like a new array.
 */
public final class BufferPool {
    private static volatile boolean enabled = !"off".equalsIgnoreCase(System.getProperty("nabla.pool", "on").trim())
            && !"false".equalsIgnoreCase(System.getProperty("nabla.pool", "on").trim());
    private static final ThreadLocal<BufferPool> POOLS = ThreadLocal.withInitial(BufferPool::new);
    private static final StepScope NO_SCOPE = new StepScope(null);

    private final FreeLists floats = new FreeLists();
    private final FreeLists ints = new FreeLists();
    private final StepScope scope = new StepScope(this);
    /** Buffers handed out in the open step, linked through {@link Lease#nextInUse}. */
    private Lease inUse;
    private int depth;
    private long retainedBytes;

    private BufferPool() {
    }

    /** True unless pooling was switched off ({@code -Dnabla.pool=off} or {@link #setEnabled}). */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * Turns pooling on or off for steps opened from now on (a step already open keeps its pool). For
     * comparisons and tests; the default comes from {@code -Dnabla.pool} ({@code on} unless {@code off}).
     */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Opens a step on the current thread: until the returned scope closes, {@link #zeros} on this
     * thread hands out pooled buffers. Returns a no-op scope when pooling is off. Never allocates.
     */
    public static StepScope open() {
        if (!enabled) {
            return NO_SCOPE;
        }
        BufferPool pool = POOLS.get();
        pool.depth++;
        return pool.scope;
    }

    /** A scope that pools nothing (what {@link #open} returns when pooling is off). */
    public static StepScope noScope() {
        return NO_SCOPE;
    }

    /** True while a step is open on the current thread (and pooling was on when it opened). */
    public static boolean inStep() {
        return POOLS.get().depth > 0;
    }

    /**
     * A zero-filled contiguous tensor of {@code shape} for a kernel's result: from the current thread's pool
     * while a step is open there, else {@link Tensor#zeros}.
     */
    public static Tensor zeros(int... shape) {
        return lease(shape, true);
    }

    /**
     * As {@link #zeros}, but a reused buffer keeps its old contents: only for kernels that write every element
     * of their result (element-wise ops), which then skip a pass of zero-filling.
     */
    public static Tensor forOverwrite(int... shape) {
        return lease(shape, false);
    }

    private static Tensor lease(int[] shape, boolean zero) {
        BufferPool pool = POOLS.get();
        if (pool.depth == 0) {
            return Tensor.zeros(shape);
        }
        int[] s = Shape.validate(shape);
        int n = Shape.numel(s);
        if (n == 0) {
            return Tensor.zeros(s);
        }
        return Tensor.leased(pool.acquire(pool.floats, n, false, zero), s);
    }

    /**
     * A zero-filled {@code int[n]} for a kernel's bookkeeping (e.g. max-pooling's arg-max indices) that lives
     * no longer than the step: pooled while a step is open on this thread, else new. Unlike tensors these
     * raw arrays carry no released-check, so only kernels whose result dies with the step's graph may use it.
     */
    public static int[] ints(int n) {
        BufferPool pool = POOLS.get();
        if (pool.depth == 0 || n == 0) {
            return new int[n];
        }
        return pool.acquire(pool.ints, n, true).ints;
    }

    /** Drops the current thread's free buffers (those of an open step stay until it closes). */
    public static void trim() {
        BufferPool pool = POOLS.get();
        pool.floats.clear();
        pool.ints.clear();
        pool.retainedBytes = 0;
        for (Lease l = pool.inUse; l != null; l = l.nextInUse) {
            pool.retainedBytes += l.bytes();
        }
    }

    /** Bytes held by the current thread's pool: free buffers plus those of an open step. */
    public static long retainedBytes() {
        return POOLS.get().retainedBytes;
    }

    private Lease acquire(FreeLists lists, int n, boolean intArray) {
        return acquire(lists, n, intArray, true);
    }

    private Lease acquire(FreeLists lists, int n, boolean intArray, boolean zero) {
        Lease l = lists.pop(n);
        if (l == null) {
            l = intArray ? new Lease(null, new int[n]) : new Lease(new float[n], null);
            retainedBytes += l.bytes();
        } else if (intArray) {
            Arrays.fill(l.ints, 0);
        } else if (zero) {
            Arrays.fill(l.floats, 0f);
        }
        l.nextInUse = inUse;
        inUse = l;
        return l;
    }

    private void close() {
        if (depth == 0) {
            return; // closed twice: nothing to give back
        }
        if (--depth > 0) {
            return;
        }
        // Keep exactly this step's buffers: free ones it did not use (another batch shape, an earlier
        // model) are dropped, so the pool never holds more than one step's worth.
        floats.clear();
        ints.clear();
        retainedBytes = 0;
        Lease l = inUse;
        inUse = null;
        while (l != null) {
            Lease next = l.nextInUse;
            l.nextInUse = null;
            l.generation++; // every tensor over it is now stale
            (l.ints != null ? ints : floats).push(l);
            retainedBytes += l.bytes();
            l = next;
        }
    }

    /**
     * One open training step on one thread ({@link BufferPool#open}); closing it gives the step's buffers
     * back. The object is reused from step to step.
     */
    public static final class StepScope implements AutoCloseable {
        private final BufferPool pool;

        private StepScope(BufferPool pool) {
            this.pool = pool;
        }

        /**
         * Makes {@code t} safe to use after the step: if its storage came from this step's pool, the tensor
         * gets a private copy (other views of the pooled buffer still go stale). Returns {@code t}.
         */
        public Tensor keep(Tensor t) {
            if (pool != null && t != null) {
                t.unlease();
            }
            return t;
        }

        /** True when this scope really pools (pooling was on when it opened). */
        public boolean pooling() {
            return pool != null;
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.close();
            }
        }
    }

    /**
     * One pooled array and its generation, bumped each time it goes back to the pool; a tensor remembers
     * the generation it was made in and refuses to read the array once it has changed.
     */
    static final class Lease {
        final float[] floats;
        final int[] ints;
        int generation;
        Lease nextFree;
        Lease nextInUse;

        Lease(float[] floats, int[] ints) {
            this.floats = floats;
            this.ints = ints;
        }

        long bytes() {
            return 16L + 4L * (floats != null ? floats.length : ints.length);
        }

        int length() {
            return floats != null ? floats.length : ints.length;
        }
    }

    /** Free buffers by exact length: an open-addressing map from length to a stack of leases. */
    private static final class FreeLists {
        private int[] keys = new int[64];
        private Lease[] heads = new Lease[64];
        private int size;

        Lease pop(int n) {
            int i = find(n);
            if (keys[i] != n) {
                return null;
            }
            Lease l = heads[i];
            if (l != null) {
                heads[i] = l.nextFree;
                l.nextFree = null;
            }
            return l;
        }

        void push(Lease l) {
            int n = l.length();
            int i = find(n);
            if (keys[i] != n) {
                if ((size + 1) * 2 > keys.length) {
                    grow();
                    i = find(n);
                }
                keys[i] = n;
                size++;
            }
            l.nextFree = heads[i];
            heads[i] = l;
        }

        void clear() {
            Arrays.fill(keys, 0);
            Arrays.fill(heads, null);
            size = 0;
        }

        /** The slot holding length {@code n}, or the empty slot where it would go (lengths are ≥ 1; 0 = empty). */
        private int find(int n) {
            int mask = keys.length - 1;
            int i = (n * 0x9E3779B1 >>> 7) & mask;
            while (keys[i] != 0 && keys[i] != n) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            int[] oldKeys = keys;
            Lease[] oldHeads = heads;
            keys = new int[oldKeys.length * 2];
            heads = new Lease[oldKeys.length * 2];
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != 0) {
                    int i = find(oldKeys[j]);
                    keys[i] = oldKeys[j];
                    heads[i] = oldHeads[j];
                }
            }
        }
    }
}

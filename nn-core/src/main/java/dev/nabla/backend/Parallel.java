package dev.nabla.backend;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over {@code [0, n)} into contiguous chunks run by the calling thread and a set of worker
 * threads. The number of threads, the caller included, is {@code -Dnabla.threads} (default: the available
 * cores). Chunk boundaries depend only on {@code n} and that number, so results are reproducible run to run.
 * Public for the fused kernels outside this package (e.g. the recurrent ops' batch slices).
 *
 * <p>Handing work to a sleeping thread is slow on a virtual machine (about 0.1 ms measured here to wake one,
 * as long as a 32×128×512 product), so the pool is built to wait for nobody it does not need:
 * <ul>
 *   <li>the caller takes chunks itself, from the same counter as the workers, and only waits for chunks
 *       a worker has already started, so a worker that wakes late finds nothing left and costs nothing;</li>
 *   <li>an idle worker keeps looking for work for {@code -Dnabla.spinMicros} microseconds (default 500,
 *       about what an OpenMP runtime spins) before it sleeps, so the parallel regions of a training step,
 *       which follow one another closely, find it awake. Set 0 on a machine shared with other jobs.</li>
 * </ul>
 * A chunk that fails makes the call throw (the first failure, after every chunk has finished); a chunk may
 * itself split work ({@code forChunks} nests without deadlock, since every caller can finish its own
 * region alone).
 */
public final class Parallel {
    static final int THREADS = Math.max(1, Integer.getInteger("nabla.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Math.max(0L,
            Long.getLong("nabla.spinMicros", 500L)));
    /** Regions waiting for help; a region is queued once per worker it could use. */
    private static final LinkedBlockingQueue<Region> QUEUE = new LinkedBlockingQueue<>();

    static {
        for (int i = 1; i < THREADS; i++) {
            Thread worker = new Thread(Parallel::workerLoop, "nabla-worker-" + i);
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** The body of one chunk: indices {@code from..to-1}, chunk number {@code chunk}. */
    public interface Chunk {
        void run(int chunk, int from, int to);
    }

    private Parallel() {
    }

    /** Number of chunks {@link #forChunks} uses for {@code n} items of {@code work} flops each. */
    static int chunks(int n, long workPerItem) {
        if (THREADS == 1 || n < 2 || (long) n * workPerItem < 200_000) {
            return 1;
        }
        return Math.min(THREADS, n);
    }

    /** Runs {@code body} over {@code chunks(n, workPerItem)} contiguous pieces of {@code [0, n)}; returns their number. */
    public static int forChunks(int n, long workPerItem, Chunk body) {
        int chunks = chunks(n, workPerItem);
        if (chunks == 1) {
            body.run(0, 0, n);
            return 1;
        }
        Region region = new Region(n, chunks, body, Thread.currentThread());
        for (int c = 1; c < chunks; c++) {
            QUEUE.offer(region);
        }
        region.work();
        region.awaitOthers();
        Throwable failure = region.failure;
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return chunks;
    }

    /** A worker: runs queued regions; spins for {@link #SPIN_NANOS} when there are none, then sleeps. */
    private static void workerLoop() {
        while (true) {
            Region region = QUEUE.poll();
            if (region == null && SPIN_NANOS > 0) {
                long until = System.nanoTime() + SPIN_NANOS;
                while ((region = QUEUE.poll()) == null && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            if (region == null) {
                try {
                    region = QUEUE.take();
                } catch (InterruptedException e) {
                    continue; // daemon threads of this class only; nobody interrupts them on purpose
                }
            }
            region.work();
        }
    }

    /** One call of {@link #forChunks}: chunks are claimed from a shared counter by whoever comes first. */
    private static final class Region {
        private final int n;
        private final int chunks;
        private final Chunk body;
        private final Thread owner;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger unfinished;
        private volatile Throwable failure;

        Region(int n, int chunks, Chunk body, Thread owner) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.owner = owner;
            this.unfinished = new AtomicInteger(chunks);
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.run(c, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable t) {
                    synchronized (this) {
                        if (failure == null) {
                            failure = t;
                        }
                    }
                } finally {
                    if (unfinished.decrementAndGet() == 0) {
                        LockSupport.unpark(owner);
                    }
                }
            }
        }

        /** Called by the owner once every chunk is claimed: waits for those still running elsewhere. */
        void awaitOthers() {
            long until = System.nanoTime() + SPIN_NANOS;
            boolean interrupted = false;
            while (unfinished.get() != 0) {
                if (System.nanoTime() < until) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                owner.interrupt(); // keep the caller's interrupt status; the work itself is complete
            }
        }
    }
}

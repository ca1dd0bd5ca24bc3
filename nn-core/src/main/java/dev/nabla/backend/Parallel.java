package dev.nabla.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Splits a loop over {@code [0, n)} into contiguous chunks run on a shared pool. The number of
 * threads is {@code -Dnabla.threads} (default: the available cores). Chunk boundaries depend only
 * on {@code n} and that number, so results are reproducible run to run. Public for the fused kernels
 * outside this package (e.g. the recurrent ops' per-step gate passes).
 */
public final class Parallel {
    static final int THREADS = Math.max(1, Integer.getInteger("nabla.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    /** The body of one chunk: indices {@code from..to-1}, chunk number {@code chunk}. */
    public interface Chunk {
        void run(int chunk, int from, int to);
    }

    private Parallel() {
    }

    /** Number of chunks {@link #forChunks} uses for {@code n} items of {@code work} flops each. */
    static int chunks(int n, long workPerItem) {
        if (POOL == null || n < 2 || (long) n * workPerItem < 200_000) {
            return 1;
        }
        return Math.min(THREADS, n);
    }

    /** Runs {@code body} over {@code chunks(n, workPerItem)} contiguous pieces of {@code [0, n)}. */
    public static int forChunks(int n, long workPerItem, Chunk body) {
        int chunks = chunks(n, workPerItem);
        if (chunks == 1) {
            body.run(0, 0, n);
            return 1;
        }
        List<Future<?>> futures = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            int chunk = c;
            futures.add(POOL.submit(() -> body.run(chunk, from, to)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IllegalStateException(cause);
            }
        }
        return chunks;
    }
}

package dev.nabla.backend;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunked loop behind every parallel kernel: each index is visited exactly once, chunk boundaries depend
 * only on n and the thread count, failures reach the caller after every chunk has finished, and regions nest
 * and run from several caller threads at once without deadlock. Under the test runner there are as many
 * threads as cores ({@link Parallel#THREADS}); with one core the loop is the plain call, checked too.
 */
class ParallelTest {
    private static final long BIG = 1_000_000; // work per item: always enough to split

    @Test
    void everyIndexOnceInFixedChunks() {
        for (int n : new int[] {0, 1, 2, 3, 7, 1000, 1001}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
            int[][] bounds = new int[Math.max(1, Math.min(Parallel.THREADS, n))][];
            int chunks = Parallel.forChunks(n, BIG, (chunk, from, to) -> {
                bounds[chunk] = new int[] {from, to};
                for (int i = from; i < to; i++) {
                    seen.incrementAndGet(i);
                }
            });
            assertEquals(Parallel.chunks(n, BIG), chunks, "n=" + n);
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen.get(i), "n=" + n + " index " + i);
            }
            for (int c = 0; c < chunks; c++) { // contiguous pieces in order: c·n/chunks … (c+1)·n/chunks
                assertEquals((int) ((long) n * c / chunks), bounds[c][0], "n=" + n + " chunk " + c + " start");
                assertEquals((int) ((long) n * (c + 1) / chunks), bounds[c][1], "n=" + n + " chunk " + c + " end");
            }
        }
        assertEquals(1, Parallel.forChunks(1000, 1, (chunk, from, to) -> { }), "too little work: one chunk");
    }

    @Test
    void aFailingChunkReachesTheCallerAfterTheOthersFinish() {
        AtomicInteger finished = new AtomicInteger();
        IllegalArgumentException boom = new IllegalArgumentException("chunk failed");
        int last = Math.min(Parallel.THREADS, 64) - 1;
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Parallel.forChunks(64, BIG, (chunk, from, to) -> {
                    if (chunk == last) {
                        throw boom;
                    }
                    sleep(20);
                    finished.incrementAndGet();
                }));
        assertSame(boom, thrown);
        assertEquals(last, finished.get(), "every other chunk ran to its end before the call returned");
        AssertionError error = assertThrows(AssertionError.class,
                () -> Parallel.forChunks(8, BIG, (chunk, from, to) -> {
                    throw new AssertionError("an Error passes through unchanged");
                }));
        assertEquals("an Error passes through unchanged", error.getMessage());
    }

    @Test
    void regionsNestAndRunFromSeveralCallersAtOnce() throws InterruptedException {
        long expected = 0;
        for (int i = 0; i < 300; i++) {
            expected += (long) i * 300 * 299 / 2;
        }
        long want = expected;
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            Thread caller = new Thread(() -> {
                try {
                    for (int round = 0; round < 20; round++) {
                        java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
                        Parallel.forChunks(300, BIG, (chunk, from, to) -> {
                            for (int i = from; i < to; i++) {
                                int outer = i;
                                Parallel.forChunks(300, BIG, (c2, f2, t2) -> {
                                    long s = 0;
                                    for (int j = f2; j < t2; j++) {
                                        s += (long) outer * j;
                                    }
                                    sum.addAndGet(s);
                                });
                            }
                        });
                        assertEquals(want, sum.get());
                    }
                    done.incrementAndGet();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join(60_000);
            assertTrue(!caller.isAlive(), "a caller is still running after 60 s: deadlock?");
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(4, done.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

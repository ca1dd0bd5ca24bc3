package dev.nabla.medical.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seeded, time-bounded mutation fuzzer for file readers. Each case mutates one of the seed files — bit flips,
 * truncation, random byte runs, 1/2/4/8-byte length-field edits with extreme values (0, −1, 0x7FFFFFFF,
 * 0x80000000, huge longs), chunk duplication or deletion — and hands the bytes to the reader on a worker thread
 * with a per-case time limit. A case passes when the reader returns or throws one of the allowed (documented)
 * exception types; anything else — another exception, an {@link Error} such as {@link OutOfMemoryError} or
 * {@link StackOverflowError}, or a hang — is recorded as a finding with the mutation that caused it.
 */
final class Fuzzer {
    /** What the reader under test does with one input. */
    interface Reader {
        void read(byte[] input) throws Exception;
    }

    /** The outcome: cases run, how many were accepted or rejected cleanly, and the findings. */
    record Report(String reader, int cases, int accepted, int rejected, List<String> findings) {
        @Override
        public String toString() {
            return reader + ": " + cases + " cases (" + accepted + " accepted, " + rejected + " rejected cleanly), "
                    + findings.size() + " findings";
        }
    }

    private static final long[] EXTREMES = {0, 1, -1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x7FFF_FFFF_FFFF_FFFFL,
            0x8000_0000_0000_0000L, 0x10000, 0xFFFF, 0x7FFF, 0x8000, 1L << 40};

    private Fuzzer() {
    }

    /**
     * Runs up to {@code maxCases} cases within {@code budgetMillis}, each limited to {@code caseMillis}.
     *
     * @param allowed the exception types the reader documents (subclasses included)
     */
    @SafeVarargs
    static Report run(String name, List<byte[]> seeds, Reader reader, long seed, int maxCases, long budgetMillis,
                      long caseMillis, Class<? extends Throwable>... allowed) throws InterruptedException {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> findings = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        int cases = 0;
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "fuzz-" + name, 1L << 24);
            t.setDaemon(true);
            return t;
        });
        try {
            while (cases < maxCases && System.nanoTime() < deadline) {
                byte[] base = seeds.get(rng.nextInt(seeds.size()));
                StringBuilder how = new StringBuilder();
                byte[] input = mutate(base, rng, how);
                cases++;
                Future<?> f = worker.submit(() -> {
                    reader.read(input);
                    return null;
                });
                try {
                    f.get(caseMillis, TimeUnit.MILLISECONDS);
                    accepted++;
                } catch (TimeoutException e) {
                    f.cancel(true);
                    findings.add("hang (> " + caseMillis + " ms) after " + how);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable t = e.getCause();
                    if (isAllowed(t, allowed)) {
                        rejected++;
                    } else {
                        findings.add(t.getClass().getName() + ": " + t.getMessage() + " after " + how
                                + " at " + (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?"));
                    }
                }
                if (findings.size() >= 5) {
                    break;
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return new Report(name, cases, accepted, rejected, findings);
    }

    private static boolean isAllowed(Throwable t, Class<? extends Throwable>[] allowed) {
        for (Class<? extends Throwable> c : allowed) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** One to three mutations of a copy of {@code base}, described in {@code how}. */
    static byte[] mutate(byte[] base, SplittableRandom rng, StringBuilder how) {
        byte[] b = base.clone();
        int rounds = 1 + rng.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            if (b.length == 0) {
                b = new byte[] {(byte) rng.nextInt(256)};
                how.append("[empty→1 byte]");
                continue;
            }
            int kind = rng.nextInt(8);
            int at = rng.nextInt(b.length);
            switch (kind) {
                case 0, 1 -> {
                    int flips = 1 + rng.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        int p = rng.nextInt(b.length);
                        b[p] ^= (byte) (1 << rng.nextInt(8));
                    }
                    how.append("[").append(flips).append(" bit flips]");
                }
                case 2 -> {
                    b = Arrays.copyOf(b, at);
                    how.append("[truncate to ").append(at).append("]");
                }
                case 3 -> {
                    int len = 1 + rng.nextInt(Math.min(32, b.length - at));
                    for (int i = 0; i < len; i++) {
                        b[at + i] = (byte) rng.nextInt(256);
                    }
                    how.append("[").append(len).append(" random bytes at ").append(at).append("]");
                }
                case 4, 5 -> {
                    int width = new int[] {1, 2, 4, 8}[rng.nextInt(4)];
                    long v = EXTREMES[rng.nextInt(EXTREMES.length)];
                    boolean little = rng.nextBoolean();
                    // favour the header, where length fields live
                    int p = rng.nextInt(4) == 0 ? at : rng.nextInt(Math.min(b.length, 512));
                    for (int i = 0; i < width && p + i < b.length; i++) {
                        int shift = 8 * (little ? i : width - 1 - i);
                        b[p + i] = (byte) (v >>> shift);
                    }
                    how.append("[").append(width).append("-byte ").append(little ? "LE " : "BE ").append(Long.toHexString(v))
                            .append(" at ").append(p).append("]");
                }
                case 6 -> {
                    int len = 1 + rng.nextInt(Math.min(256, b.length - at));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                    how.append("[duplicate ").append(len).append(" bytes at ").append(at).append("]");
                }
                default -> {
                    int len = 1 + rng.nextInt(Math.min(256, b.length - at));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                    how.append("[delete ").append(len).append(" bytes at ").append(at).append("]");
                }
            }
        }
        return b;
    }
}

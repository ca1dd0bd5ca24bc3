package dev.nabla.benchmarks.peers;

/**
 * The start-up baseline: a JVM that loads nothing but this class and prints a {@code prediction} line (so that
 * {@link StartupRunner} accepts it) — the floor under every start-up-to-first-prediction figure.
 */
public final class EmptyJvm {
    private EmptyJvm() {
    }

    /** Prints {@code prediction none}. */
    public static void main(String[] args) {
        System.out.println("prediction none");
    }
}

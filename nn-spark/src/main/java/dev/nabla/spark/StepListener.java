package dev.nabla.spark;

/** Receives each step's {@link StepMetrics} on the driver, as the step ends. */
@FunctionalInterface
public interface StepListener {
    /** Called after every step (or round) with what it cost. */
    void onStep(StepMetrics metrics);

    /** Prints every {@code every}-th step to standard output. */
    static StepListener printEvery(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("printEvery: every must be >= 1, got " + every);
        }
        return m -> {
            if (m.step() % every == 0) {
                System.out.println(m);
            }
        };
    }
}

package dev.nabla.examples.diagnose;

import java.nio.file.Path;

/** The lesion-detection task (real anatomy, SIMULATED lesions). */
final class LesionTask {
    private LesionTask() {
    }

    static int train(Path out, long seed, Integer epochs) {
        throw new UnsupportedOperationException("the lesion task is not available in this build");
    }

    static int evaluate(Path out, long seed, int replicates) {
        throw new UnsupportedOperationException("the lesion task is not available in this build");
    }
}

package dev.nabla.benchmarks.peers;

import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

import java.util.Random;

/**
 * Start-up to first prediction, Nabla's side: a whole process that builds the seed CNN (seeded random weights,
 * no file read), predicts one fixed random 28×28 image and prints the predicted class. {@link StartupRunner}
 * launches it N times and reports the median wall time of the whole process (JVM start to exit).
 */
public final class NablaFirstPrediction {
    private NablaFirstPrediction() {
    }

    /** Builds, predicts, prints {@code prediction <class>}. */
    public static void main(String[] args) {
        Sequential model = NablaSideBenchmark.seedCnn();
        model.seed(1);
        model.build(1, 28, 28);
        Tensor image = Tensor.rand(new Random(42), 1, 1, 28, 28);
        Tensor p = model.predict(image);
        int best = 0;
        for (int k = 1; k < 10; k++) {
            if (p.get(0, k) > p.get(0, best)) {
                best = k;
            }
        }
        System.out.println("prediction " + best);
    }
}

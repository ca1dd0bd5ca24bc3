package dev.nabla.spark;

import dev.nabla.train.Fit;
import dev.nabla.train.FitLoop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One epoch of distributed steps on the driver, told to nn-core's {@link FitLoop} exactly as
 * {@code Trainer} tells it local steps: after each step the running mean loss goes to the
 * callbacks' {@code onBatchEnd}; a step whose loss is NaN or infinite (the executors leave the
 * weights alone then) goes to the callbacks, and ends the epoch if one of them (e.g.
 * {@code TerminateOnNaN}) asked to stop, else fails naming the epoch and step.
 */
final class DriverEpoch {
    private DriverEpoch() {
    }

    /**
     * Runs {@code steps} steps and returns the epoch's logs ({@code loss}: the mean over the
     * examples of all steps, or the non-finite loss that stopped training).
     */
    static Map<String, Double> run(FitLoop loop, String who, int epoch, int steps, IntFunction<StepMetrics> step,
                                   TrainingReport report, StepListener listener) {
        double lossSum = 0;
        long seen = 0;
        for (int i = 0; i < steps; i++) {
            StepMetrics m = step.apply(i);
            report.add(m);
            listener.onStep(m);
            if (!Double.isFinite(m.loss())) {
                Map<String, Double> bad = new LinkedHashMap<>();
                bad.put("loss", m.loss());
                loop.stopsOnNonFiniteLoss(who, epoch, i, bad); // throws unless a callback stopped training
                report.endEpoch(m.loss());
                return bad;
            }
            lossSum += m.loss() * m.examples();
            seen += m.examples();
            Map<String, Double> running = new LinkedHashMap<>();
            running.put("loss", lossSum / seen);
            loop.batchEnd(i, running);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / seen);
        report.endEpoch(lossSum / seen);
        return logs;
    }

    /** Rejects the {@link Fit} settings distributed training cannot honour. */
    static void check(Fit fit, String who) {
        if (fit == null) {
            throw new IllegalArgumentException(who + ".fit: the Fit settings must not be null");
        }
        if (fit.augmentation() != null) {
            throw new IllegalArgumentException(who + ".fit: Fit.augmentation is not run on the executors; augment "
                    + "the data before making the TrainingSet, or train without augmentation");
        }
    }
}

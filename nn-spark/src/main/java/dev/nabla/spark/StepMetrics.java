package dev.nabla.spark;

import java.util.Locale;

/**
 * What one distributed step (synchronous: one global batch; parameter averaging: one round of
 * {@code k} local steps on every partition) cost and achieved, measured on the driver.
 *
 * @param epoch              the epoch, from 0 (continuing the model's {@code epochsTrained()})
 * @param step               the step or round, counted from 0 over the whole fit
 * @param examples           examples whose gradient was computed in this step
 * @param loss               mean training loss over those examples (before the update)
 * @param seconds            wall time of the whole step on the driver
 * @param computeSeconds     the longest task's forward+backward (+ local updates) time: the critical path
 * @param computeSecondsSum  forward+backward time summed over all tasks
 * @param aggregationSeconds time of the Spark job that is not the longest task's compute: broadcast
 *                           fetch, scheduling, serialising and summing ({@code treeAggregate}) the results
 * @param updateSeconds      the driver's optimizer step or averaging
 * @param tasks              tasks that had examples
 */
public record StepMetrics(int epoch, long step, long examples, double loss, double seconds, double computeSeconds,
                          double computeSecondsSum, double aggregationSeconds, double updateSeconds, int tasks) {

    /** Examples per second of wall time. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }

    /** One line for a log. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epoch %d step %d: loss=%.4f examples=%d %.1f ex/s "
                        + "(wall %.3f s: compute %.3f s, aggregation %.3f s, update %.3f s; %d tasks)",
                epoch + 1, step, loss, examples, examplesPerSecond(), seconds, computeSeconds, aggregationSeconds,
                updateSeconds, tasks);
    }
}

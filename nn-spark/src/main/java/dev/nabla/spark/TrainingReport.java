package dev.nabla.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Every step's metrics of one distributed fit, with totals. */
public final class TrainingReport {
    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<Double> epochLosses = new ArrayList<>();

    void add(StepMetrics m) {
        steps.add(m);
    }

    void endEpoch(double meanLoss) {
        epochLosses.add(meanLoss);
    }

    /** The steps (or rounds), in order. */
    public List<StepMetrics> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** Mean training loss of each epoch (weighted by examples). */
    public List<Double> epochLosses() {
        return Collections.unmodifiableList(epochLosses);
    }

    /** Examples processed in all steps. */
    public long examples() {
        return steps.stream().mapToLong(StepMetrics::examples).sum();
    }

    /** Wall time of all steps. */
    public double seconds() {
        return steps.stream().mapToDouble(StepMetrics::seconds).sum();
    }

    /** Examples per second over the whole fit. */
    public double examplesPerSecond() {
        double s = seconds();
        return s > 0 ? examples() / s : 0;
    }

    /** Critical-path compute time of all steps. */
    public double computeSeconds() {
        return steps.stream().mapToDouble(StepMetrics::computeSeconds).sum();
    }

    /** Aggregation (communication + Spark overhead) time of all steps. */
    public double aggregationSeconds() {
        return steps.stream().mapToDouble(StepMetrics::aggregationSeconds).sum();
    }

    /** Driver update time of all steps. */
    public double updateSeconds() {
        return steps.stream().mapToDouble(StepMetrics::updateSeconds).sum();
    }

    /** Share of the wall time spent in aggregation, in [0, 1]. */
    public double aggregationShare() {
        double s = seconds();
        return s > 0 ? aggregationSeconds() / s : 0;
    }

    /** A one-line summary. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d steps, %d examples in %.1f s: %.1f examples/s; compute %.1f s, "
                        + "aggregation %.1f s (%.1f %%), update %.1f s", steps.size(), examples(), seconds(),
                examplesPerSecond(), computeSeconds(), aggregationSeconds(), 100 * aggregationShare(), updateSeconds());
    }
}

package dev.nabla.medical.diagnosis;

import dev.nabla.medical.clinical.BinaryConfusion;
import dev.nabla.medical.clinical.Bootstrap;
import dev.nabla.medical.clinical.Calibration;
import dev.nabla.medical.clinical.ClinicalPlots;
import dev.nabla.medical.clinical.ConfidenceInterval;
import dev.nabla.medical.clinical.PrecisionRecallCurve;
import dev.nabla.medical.clinical.Proportions;
import dev.nabla.medical.clinical.RocCurve;
import dev.nabla.medical.clinical.ScoredCases;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The clinical summary of a set of scored cases at a threshold: accuracy, sensitivity, specificity,
 * PPV, NPV, F1 (each with a seeded stratified percentile-bootstrap 95 % CI, and the Wilson interval for
 * the three proportions), ROC AUC and average precision (bootstrap CIs), the expected calibration
 * error (10 bins), and the confusion matrix. {@link #lines()} gives machine-readable {@code key=value}
 * lines; {@link #writePlots} the ROC, PR and reliability PNGs.
 */
public final class DiagnosticReport {
    private final ScoredCases cases;
    private final double threshold;
    private final BinaryConfusion confusion;
    private final Map<String, ConfidenceInterval> intervals = new LinkedHashMap<>();
    private final Map<String, ConfidenceInterval> wilson = new LinkedHashMap<>();
    private final Calibration calibration;

    private DiagnosticReport(ScoredCases cases, double threshold, Bootstrap bootstrap) {
        this.cases = cases;
        this.threshold = threshold;
        this.confusion = BinaryConfusion.at(cases, threshold);
        intervals.put("accuracy", safe(bootstrap, cases, c -> BinaryConfusion.at(c, threshold).accuracy()));
        intervals.put("sensitivity", safe(bootstrap, cases, c -> BinaryConfusion.at(c, threshold).sensitivity()));
        intervals.put("specificity", safe(bootstrap, cases, c -> BinaryConfusion.at(c, threshold).specificity()));
        intervals.put("ppv", safe(bootstrap, cases, c -> BinaryConfusion.at(c, threshold).ppv()));
        intervals.put("npv", safe(bootstrap, cases, c -> BinaryConfusion.at(c, threshold).npv()));
        intervals.put("f1", safe(bootstrap, cases, c -> BinaryConfusion.at(c, threshold).f1()));
        intervals.put("roc_auc", safe(bootstrap, cases, RocCurve::mannWhitneyAuc));
        intervals.put("average_precision", safe(bootstrap, cases, PrecisionRecallCurve::averagePrecision));
        long tp = confusion.truePositives();
        long tn = confusion.trueNegatives();
        wilson.put("accuracy", Proportions.wilson(tp + tn, confusion.total(), 0.95));
        wilson.put("sensitivity", Proportions.wilson(tp, tp + confusion.falseNegatives(), 0.95));
        wilson.put("specificity", Proportions.wilson(tn, tn + confusion.falsePositives(), 0.95));
        boolean probabilities = true;
        for (int i = 0; i < cases.size(); i++) {
            probabilities &= cases.score(i) >= 0 && cases.score(i) <= 1;
        }
        this.calibration = probabilities ? Calibration.of(cases, 10) : null;
    }

    /** The bootstrap interval, or an all-NaN one when the metric is undefined on every replicate (e.g. no positive calls). */
    private static ConfidenceInterval safe(Bootstrap bootstrap, ScoredCases cases,
                                           java.util.function.ToDoubleFunction<ScoredCases> statistic) {
        try {
            return bootstrap.interval(cases, statistic);
        } catch (IllegalArgumentException undefined) {
            return new ConfidenceInterval(statistic.applyAsDouble(cases), Double.NaN, Double.NaN, 0.95,
                    "undefined: NaN on every bootstrap replicate");
        }
    }

    /** The report of {@code cases} (both classes needed) at {@code threshold} with this bootstrap. */
    public static DiagnosticReport of(ScoredCases cases, double threshold, Bootstrap bootstrap) {
        return new DiagnosticReport(cases, threshold, bootstrap);
    }

    /** The confusion matrix at the threshold. */
    public BinaryConfusion confusion() {
        return confusion;
    }

    /** The bootstrap interval of a metric: accuracy, sensitivity, specificity, ppv, npv, f1, roc_auc, average_precision. */
    public ConfidenceInterval interval(String metric) {
        ConfidenceInterval ci = intervals.get(metric);
        if (ci == null) {
            throw new IllegalArgumentException("diagnostic report: no metric '" + metric + "'; known: " + intervals.keySet());
        }
        return ci;
    }

    /** The Wilson interval of accuracy, sensitivity or specificity. */
    public ConfidenceInterval wilson(String metric) {
        ConfidenceInterval ci = wilson.get(metric);
        if (ci == null) {
            throw new IllegalArgumentException("diagnostic report: no Wilson interval for '" + metric + "'; known: "
                    + wilson.keySet());
        }
        return ci;
    }

    /** The calibration (null when the scores are not probabilities in [0, 1]). */
    public Calibration calibration() {
        return calibration;
    }

    /**
     * {@code key=value} lines: {@code cases}, {@code positives}, {@code threshold}, each metric with
     * {@code _ci_low}/{@code _ci_high}, the Wilson bounds, {@code ece}, {@code brier} and the counts.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("cases=" + cases.size());
        out.add("positives=" + cases.positives());
        out.add(String.format(Locale.ROOT, "threshold=%.4f", threshold));
        for (Map.Entry<String, ConfidenceInterval> e : intervals.entrySet()) {
            ConfidenceInterval ci = e.getValue();
            out.add(String.format(Locale.ROOT, "%s=%.4f", e.getKey(), ci.estimate()));
            out.add(String.format(Locale.ROOT, "%s_ci95=%.4f,%.4f", e.getKey(), ci.lower(), ci.upper()));
        }
        for (Map.Entry<String, ConfidenceInterval> e : wilson.entrySet()) {
            out.add(String.format(Locale.ROOT, "%s_wilson95=%.4f,%.4f", e.getKey(), e.getValue().lower(),
                    e.getValue().upper()));
        }
        if (calibration != null) {
            out.add(String.format(Locale.ROOT, "ece=%.4f", calibration.expectedCalibrationError()));
            out.add(String.format(Locale.ROOT, "brier=%.4f", calibration.brierScore()));
        }
        out.add("tp=" + confusion.truePositives());
        out.add("fp=" + confusion.falsePositives());
        out.add("tn=" + confusion.trueNegatives());
        out.add("fn=" + confusion.falseNegatives());
        return out;
    }

    /** A human-readable table of the metrics with their 95 % intervals. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d cases (%d positive), threshold %.2f%n", cases.size(), cases.positives(),
                threshold));
        sb.append(String.format(Locale.ROOT, "%-18s %-8s %-19s %-19s%n", "metric", "value", "95% CI bootstrap",
                "95% CI Wilson"));
        for (Map.Entry<String, ConfidenceInterval> e : intervals.entrySet()) {
            ConfidenceInterval ci = e.getValue();
            ConfidenceInterval w = wilson.get(e.getKey());
            sb.append(String.format(Locale.ROOT, "%-18s %-8.4f %.4f–%.4f      %s%n", e.getKey(), ci.estimate(), ci.lower(),
                    ci.upper(), w == null ? "" : String.format(Locale.ROOT, "%.4f–%.4f", w.lower(), w.upper())));
        }
        if (calibration != null) {
            sb.append(String.format(Locale.ROOT, "%-18s %.4f%n%-18s %.4f%n", "ECE (10 bins)",
                    calibration.expectedCalibrationError(), "Brier", calibration.brierScore()));
        }
        sb.append(confusion.toString()).append('\n');
        return sb.toString();
    }

    /** Writes {@code <prefix>roc.png}, {@code <prefix>pr.png} and (for probabilities) {@code <prefix>calibration.png}. */
    public List<Path> writePlots(Path dir, String prefix, String title) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ClinicalPlots.roc(RocCurve.of(cases), title + " — ROC", dir.resolve(prefix + "roc.png")));
        files.add(ClinicalPlots.precisionRecall(PrecisionRecallCurve.of(cases), title + " — precision-recall",
                dir.resolve(prefix + "pr.png")));
        if (calibration != null) {
            files.add(ClinicalPlots.reliability(calibration, title + " — reliability", dir.resolve(prefix + "calibration.png")));
        }
        return files;
    }
}

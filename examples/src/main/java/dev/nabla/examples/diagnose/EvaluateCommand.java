package dev.nabla.examples.diagnose;

import dev.nabla.medical.clinical.Bootstrap;
import dev.nabla.medical.clinical.ScoredCases;
import dev.nabla.medical.clinical.Thresholds;
import dev.nabla.medical.diagnosis.DiagnosticReport;
import dev.nabla.medical.diagnosis.TabularDiagnosis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code diagnose evaluate}: metrics with 95 % CIs and the ROC/PR/calibration PNGs. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Clinical metrics with 95% CIs + ROC/PR/calibration plots: of a task (wdbc: out-of-fold CV; "
                + "lesion: held-out slices, SIMULATED lesions) or of any CSV of score,label lines (--scores).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--task", description = "wdbc, lesion or images (default: ${DEFAULT-VALUE})")
    Task task = Task.WDBC;

    @Option(names = "--scores", description = "CSV of 'score,label' lines (label 1 = positive); evaluates these instead")
    Path scores;

    @Option(names = "--threshold", description = "call positive when score >= threshold (default: 0.5; images: the "
            + "threshold chosen on the training run's validation split)")
    Double threshold;

    @Option(names = "--model", description = "images: the model file from train --task images")
    Path model;

    @Option(names = "--data", description = "images: a folder with the model's class sub-folders")
    Path data;

    @Option(names = "--skip-bad", description = "images: skip unreadable files (counted and listed) instead of failing")
    boolean skipBad;

    @Option(names = "--target-sensitivity", description = "also report the operating point for this sensitivity "
            + "(default: ${DEFAULT-VALUE})")
    double targetSensitivity = 0.95;

    @Option(names = "--folds", description = "wdbc cross-validation folds (default: ${DEFAULT-VALUE})")
    int folds = 10;

    @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
    long seed = 42;

    @Option(names = "--bootstrap", description = "bootstrap replicates (default: ${DEFAULT-VALUE})")
    int replicates = 2000;

    @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "diagnose");

    @Override
    public Integer call() throws Exception {
        ScoredCases cases;
        String title;
        String prefix;
        if (scores != null) {
            cases = ScoredCases.readCsv(scores);
            title = scores.getFileName().toString();
            prefix = "scores-";
        } else if (task == Task.IMAGES) {
            return ImagesTask.evaluate(model, data, skipBad, threshold, seed, replicates, out);
        } else if (task == Task.LESION) {
            return LesionTask.evaluate(out, seed, replicates);
        } else {
            Wdbc.Result r = Wdbc.crossValidate(null, TabularDiagnosis.defaults(seed), folds, replicates);
            cases = r.cv().outOfFold();
            title = "WDBC MLP, " + folds + "-fold CV (out-of-fold)";
            prefix = "wdbc-";
        }
        DiagnosticReport report = DiagnosticReport.of(cases, threshold == null ? 0.5 : threshold,
                new Bootstrap(replicates, 0.95, seed));
        System.out.print(report.table());
        Thresholds.OperatingPoint p = Thresholds.forSensitivity(cases, targetSensitivity);
        System.out.printf(Locale.ROOT, "operating point for sensitivity >= %.2f: threshold %.4f, sensitivity %.4f, "
                + "specificity %.4f (chosen on these cases: confirm on independent ones)%n", targetSensitivity, p.threshold(),
                p.sensitivity(), p.specificity());
        Files.createDirectories(out);
        List<Path> png = report.writePlots(out, prefix, title);
        System.out.println("plots: " + png);
        report.lines().forEach(System.out::println);
        System.out.printf(Locale.ROOT, "threshold_for_sensitivity_%.2f=%.4f%n", targetSensitivity, p.threshold());
        return 0;
    }
}

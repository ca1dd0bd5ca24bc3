package dev.nabla.examples.diagnose;

import dev.nabla.medical.provenance.Provenance;
import dev.nabla.medical.clinical.Bootstrap;
import dev.nabla.medical.diagnosis.BreastCancerTable;
import dev.nabla.medical.diagnosis.DiagnosticReport;
import dev.nabla.medical.diagnosis.TabularDiagnosis;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The WDBC task shared by {@code train}, {@code evaluate} and {@code explain}. */
final class Wdbc {
    private Wdbc() {
    }

    /** The outcome of the cross-validation. */
    record Result(BreastCancerTable table, TabularDiagnosis settings, TabularDiagnosis.CrossValidation cv,
                  DiagnosticReport report, String dataSha256, double seconds) {
    }

    static Result crossValidate(Path csv, TabularDiagnosis settings, int folds, int replicates) throws Exception {
        BreastCancerTable table = csv == null ? BreastCancerTable.load() : BreastCancerTable.read(csv);
        System.out.printf(Locale.ROOT, "WDBC (real diagnoses): %d cases, %d malignant (positive), %d benign; %s%n",
                table.size(), table.malignant(), table.size() - table.malignant(), table.source());
        System.out.printf(Locale.ROOT, "MLP %s, seeded stratified %d-fold CV, standardisation fitted per training fold%n",
                settings.describe(), folds);
        Progress bar = new Progress(folds, "folds");
        long start = System.nanoTime();
        TabularDiagnosis.CrossValidation cv = settings.crossValidate(table.features(), table.labels(), folds,
                f -> bar.show(f + 1));
        double seconds = (System.nanoTime() - start) / 1e9;
        DiagnosticReport report = DiagnosticReport.of(cv.outOfFold(), 0.5,
                new Bootstrap(replicates, 0.95, settings.seed()));
        return new Result(table, settings, cv, report, Provenance.sha256(table.source()), seconds);
    }

    static Map<String, Object> provenance(Result r, int folds) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("task", "wdbc");
        meta.put("data", "UCI Wisconsin Diagnostic Breast Cancer (scikit-learn breast_cancer.csv), 569 real cases");
        meta.put("data_sha256", r.dataSha256());
        meta.put("positive_class", "malignant");
        meta.putAll(r.settings().describe());
        meta.put("evaluation", "seeded stratified " + folds + "-fold CV, pooled out-of-fold predictions, threshold 0.5, "
                + "95% stratified percentile bootstrap");
        for (String m : new String[] {"accuracy", "sensitivity", "specificity", "roc_auc"}) {
            meta.put("cv_" + m, r.report().interval(m).toString());
        }
        meta.put("intended_use", "Research and teaching demonstration of tabular diagnosis on fine-needle-aspirate "
                + "features. NOT FOR CLINICAL USE.");
        return meta;
    }
}

package dev.nabla.medical.diagnosis;

import dev.nabla.medical.clinical.Bootstrap;
import dev.nabla.medical.clinical.RocCurve;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularDiagnosisTest {
    @Test
    void wdbcCrossValidationReachesThePublishedRange() throws Exception {
        BreastCancerTable t = BreastCancerTableTest.real();
        // 5 folds and fewer epochs than the reported run to keep the test fast; published accuracy on
        // WDBC is about 96–98 % (Street, Wolberg & Mangasarian 1993: 97.5 % ten-fold CV with a linear MSM separator).
        TabularDiagnosis mlp = new TabularDiagnosis(16, 0.2, 20, 32, 3e-3, 1);
        TabularDiagnosis.CrossValidation cv = mlp.crossValidate(t.features(), t.labels(), 5, null);
        DiagnosticReport r = DiagnosticReport.of(cv.outOfFold(), 0.5, new Bootstrap(200, 0.95, 1));
        double acc = r.interval("accuracy").estimate();
        assertTrue(acc >= 0.95, "out-of-fold accuracy " + acc);
        assertTrue(r.interval("roc_auc").estimate() >= 0.98, r.table());
        assertEquals(RocCurve.mannWhitneyAuc(cv.outOfFold()), r.interval("roc_auc").estimate(), 1e-12);
        assertTrue(r.interval("accuracy").contains(acc) || r.interval("accuracy").lower() <= acc);
        assertEquals(569, cv.outOfFold().size());
    }
}

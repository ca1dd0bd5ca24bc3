/**
 * Diagnosis from real labelled data: the Wisconsin Diagnostic Breast Cancer table
 * ({@link dev.nabla.medical.diagnosis.BreastCancerTable}, 569 fine-needle-aspirate cases), a small MLP
 * evaluated with seeded stratified k-fold cross-validation
 * ({@link dev.nabla.medical.diagnosis.TabularDiagnosis}, {@link dev.nabla.medical.diagnosis.StratifiedKFold})
 * and the clinical summary of its out-of-fold predictions
 * ({@link dev.nabla.medical.diagnosis.DiagnosticReport}); and lesion detection on real anatomy with
 * <b>simulated</b> lesions.
 */
package dev.nabla.medical.diagnosis;

/**
 * Clinical evaluation of a binary classifier's scores: the confusion matrix at a threshold
 * ({@link dev.nabla.medical.clinical.BinaryConfusion}: sensitivity, specificity, PPV, NPV, F1), the ROC and
 * precision–recall curves with their areas ({@link dev.nabla.medical.clinical.RocCurve},
 * {@link dev.nabla.medical.clinical.PrecisionRecallCurve}), confidence intervals (seeded percentile
 * {@link dev.nabla.medical.clinical.Bootstrap}, Wilson and Clopper–Pearson
 * {@link dev.nabla.medical.clinical.Proportions}), calibration
 * ({@link dev.nabla.medical.clinical.Calibration}: reliability bins, expected calibration error), the
 * operating point for a target sensitivity ({@link dev.nabla.medical.clinical.Thresholds}) and PNG plots
 * ({@link dev.nabla.medical.clinical.ClinicalPlots}).
 *
 * <p>Everything takes {@link dev.nabla.medical.clinical.ScoredCases}: one score per case (higher = more
 * likely positive, e.g. the predicted probability of disease) and its true label (1 = positive, e.g.
 * malignant; 0 = negative).
 */
package dev.nabla.medical.clinical;

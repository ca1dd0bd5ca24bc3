/**
 * Privacy for medical training: a Rényi-DP accountant for the sampled Gaussian mechanism
 * ({@link dev.nabla.medical.privacy.RdpAccountant}; Poisson and fixed-size sampling), DP-SGD with per-example
 * gradients, through {@code Model.fit} ({@link dev.nabla.medical.privacy.DpFit}) or its own loop, federated averaging
 * across simulated hospital sites, DICOM de-identification on import ({@link dev.nabla.medical.privacy.DicomDeidentifier})
 * and as de-identified files ({@link dev.nabla.medical.privacy.DeidentifiedDicomWriter} over the hardened Part 10
 * parser {@link dev.nabla.medical.privacy.DicomDataSet}). See {@code docs/privacy.md}.
 */
package dev.nabla.medical.privacy;

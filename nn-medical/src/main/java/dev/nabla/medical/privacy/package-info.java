/**
 * Privacy for medical training: a Rényi-DP accountant for the sampled Gaussian mechanism
 * ({@link dev.nabla.medical.privacy.RdpAccountant}; Poisson and fixed-size sampling), DP-SGD with per-example
 * gradients, through {@code Model.fit} ({@link dev.nabla.medical.privacy.DpFit}) or its own loop, federated averaging
 * across simulated hospital sites, provenance and model cards. See {@code docs/privacy.md}.
 */
package dev.nabla.medical.privacy;

/**
 * Privacy for medical training: a Rényi-DP accountant for the sampled Gaussian mechanism
 * ({@link dev.nabla.medical.privacy.RdpAccountant}), DP-SGD with per-example gradients, federated averaging
 * across simulated hospital sites, provenance and model cards. See {@code docs/privacy.md}.
 */
package dev.nabla.medical.privacy;

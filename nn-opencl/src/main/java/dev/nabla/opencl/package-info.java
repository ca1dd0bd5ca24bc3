/**
 * The OpenCL backend (JOCL) — not built yet. This module holds no code so far; until the
 * nn-opencl issue lands, every op runs on the CPU backend of {@code nn-core}.
 */
package dev.nabla.opencl;

package dev.nabla.backend;

/** Reductions over axes. Mean and variance are built from {@code SUM} by the ops layer. */
public enum ReduceOp {
    SUM, MAX, MIN
}

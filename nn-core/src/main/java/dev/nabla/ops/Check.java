package dev.nabla.ops;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Argument checks that fail with a message naming the op, what was expected and what was given. */
final class Check {
    private Check() {
    }

    static void notNull(String op, String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + what + " must not be null");
        }
    }

    static void rank(String op, String what, Tensor t, int rank, String layout) {
        notNull(op, what, t);
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": expected " + what + " of rank " + rank + " " + layout
                    + ", got shape " + Shape.format(t.shape()));
        }
    }

    static void minRank(String op, String what, Tensor t, int rank) {
        notNull(op, what, t);
        if (t.rank() < rank) {
            throw new IllegalArgumentException(op + ": expected " + what + " of rank ≥ " + rank
                    + ", got shape " + Shape.format(t.shape()));
        }
    }

    static void positive(String op, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(op + ": " + what + " must be ≥ 1, got " + value);
        }
    }

    static void argument(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

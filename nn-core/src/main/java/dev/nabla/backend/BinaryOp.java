package dev.nabla.backend;

/** Elementwise functions of two broadcast operands. Comparisons give 1 for true and 0 for false. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, EQ, NE, LT, LE, GT, GE;

    /** The function applied to one pair of values. */
    public float apply(float a, float b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return (float) Math.pow(a, b);
            case MAX: return Math.max(a, b);
            case MIN: return Math.min(a, b);
            case EQ: return a == b ? 1f : 0f;
            case NE: return a != b ? 1f : 0f;
            case LT: return a < b ? 1f : 0f;
            case LE: return a <= b ? 1f : 0f;
            case GT: return a > b ? 1f : 0f;
            case GE: return a >= b ? 1f : 0f;
            default: throw new AssertionError(this);
        }
    }
}

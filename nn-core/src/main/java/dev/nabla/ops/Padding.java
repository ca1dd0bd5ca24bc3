package dev.nabla.ops;

/**
 * How a convolution or pooling window treats the border, with Keras semantics:
 * <ul>
 *   <li>{@link #VALID}: no padding; output size {@code ⌊(n − k_eff) / s⌋ + 1} where
 *       {@code k_eff = d·(k−1) + 1}.</li>
 *   <li>{@link #SAME}: output size {@code ⌈n / s⌉}; the total padding
 *       {@code max((out−1)·s + k_eff − n, 0)} is split with the odd pixel at the bottom/right,
 *       as TensorFlow does.</li>
 *   <li>{@link #explicit(int, int, int, int)}: given zero padding on each side (PyTorch's
 *       {@code padding=}).</li>
 * </ul>
 */
public final class Padding {
    /** No padding. */
    public static final Padding VALID = new Padding("valid", 0, 0, 0, 0);
    /** Keras/TensorFlow {@code "same"}. */
    public static final Padding SAME = new Padding("same", 0, 0, 0, 0);

    private final String kind;
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    private Padding(String kind, int top, int bottom, int left, int right) {
        this.kind = kind;
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    /** The same zero padding {@code p} on all four sides. */
    public static Padding explicit(int p) {
        return explicit(p, p, p, p);
    }

    /** Zero padding per side. */
    public static Padding explicit(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Padding.explicit: paddings must be ≥ 0, got (" + top + ", "
                    + bottom + ", " + left + ", " + right + ")");
        }
        return new Padding("explicit", top, bottom, left, right);
    }

    /** {@code "valid"} or {@code "same"} (any case) as in a Keras config. */
    public static Padding of(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "valid": return VALID;
            case "same": return SAME;
            default: throw new IllegalArgumentException("padding must be \"valid\" or \"same\", got \"" + name + "\"");
        }
    }

    /**
     * Padding before and after one axis of input size {@code n}, effective kernel size
     * {@code kEff} and stride {@code s}. {@code vertical} picks top/bottom or left/right.
     */
    int[] resolve(int n, int kEff, int s, boolean vertical) {
        switch (kind) {
            case "valid":
                return new int[] {0, 0};
            case "same": {
                int out = (n + s - 1) / s;
                int total = Math.max((out - 1) * s + kEff - n, 0);
                return new int[] {total / 2, total - total / 2};
            }
            default:
                return vertical ? new int[] {top, bottom} : new int[] {left, right};
        }
    }

    @Override
    public String toString() {
        return "explicit".equals(kind) ? "explicit(" + top + ", " + bottom + ", " + left + ", " + right + ")" : kind;
    }
}

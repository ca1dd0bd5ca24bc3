package dev.nabla.backend;

import java.util.Locale;
import java.util.Objects;

/**
 * Which algorithm {@link CpuBackend} runs for a 2-D convolution: im2col + GEMM (every shape) or Winograd
 * F(2×2, 3×3) ({@link WinogradConv}: 3×3 kernels, stride 1, dilation 1), chosen per shape for the forward pass
 * and for the input gradient. The weight gradient always runs im2col.
 *
 * <p>{@code -Dnabla.conv} (read once, when the class is initialised) or {@link #use} at run time:
 * <ul>
 *   <li>{@code auto} (default): Winograd where it applies and the measured rule {@link #prefersWinograd} says it
 *       is faster, im2col elsewhere;</li>
 *   <li>{@code im2col}: im2col everywhere;</li>
 *   <li>{@code winograd}: Winograd wherever it applies, im2col elsewhere.</li>
 * </ul>
 * Any other value makes every convolution throw an {@link IllegalArgumentException} that names the property, the
 * accepted values and the value given.
 */
public final class ConvPath {
    /** The values of {@code -Dnabla.conv}. */
    public enum Mode {
        /** The measured per-shape rule. */
        AUTO,
        /** im2col + GEMM everywhere. */
        IM2COL,
        /** Winograd F(2×2, 3×3) wherever it applies. */
        WINOGRAD
    }

    /** The system property that picks the mode. */
    public static final String PROPERTY = "nabla.conv";

    /** Auto rule: the least number of input channels of the correlation (the GEMM depth) for Winograd. */
    static final int MIN_CHANNELS = 8;
    /** Auto rule: the least number of output pixels per image for Winograd. */
    static final int MIN_PIXELS = 16;

    private static volatile Mode mode;
    /** Why {@code -Dnabla.conv} is unusable, or null. */
    private static volatile String problem;

    static {
        try {
            mode = parse(System.getProperty(PROPERTY, "auto"));
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
    }

    private ConvPath() {
    }

    /**
     * The mode named by {@code value} ({@code auto}, {@code im2col} or {@code winograd}; case and surrounding
     * blanks ignored).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Mode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "auto":
                return Mode.AUTO;
            case "im2col":
                return Mode.IM2COL;
            case "winograd":
                return Mode.WINOGRAD;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, im2col or winograd, got '"
                        + value + "'");
        }
    }

    /**
     * The mode in effect.
     *
     * @throws IllegalArgumentException if {@code -Dnabla.conv} had a bad value and {@link #use} was not called since
     */
    public static Mode mode() {
        String p = problem;
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
        return mode;
    }

    /** Switches the mode from now on (benchmarks and tests compare the paths in one JVM); returns the previous one. */
    public static Mode use(Mode m) {
        Objects.requireNonNull(m, "mode");
        Mode old = problem == null ? mode : Mode.AUTO;
        mode = m;
        problem = null;
        return old;
    }

    /** Whether the forward pass of this convolution runs Winograd: {@code c → o} channels, {@code oh × ow} outputs. */
    static boolean forward(int c, int o, int kh, int kw, int oh, int ow, ConvSpec s) {
        Mode m = mode();
        return WinogradConv.applies(kh, kw, s) && oh > 0 && ow > 0 && choose(m, c, o, oh * ow);
    }

    /**
     * Whether the input gradient of this convolution (input {@code c × h × w}, {@code o} filters, output
     * {@code oh × ow}) runs Winograd: a correlation of the output gradient ({@code o} channels) into {@code c}
     * channels of {@code h × w} pixels.
     */
    static boolean backwardInput(int c, int o, int kh, int kw, int h, int w, int oh, int ow, ConvSpec s) {
        Mode m = mode();
        return WinogradConv.appliesToInputGradient(kh, kw, s) && h > 0 && w > 0 && oh > 0 && ow > 0
                && oh == h + s.padTop() + s.padBottom() - 2 && ow == w + s.padLeft() + s.padRight() - 2
                && choose(m, o, c, h * w);
    }

    private static boolean choose(Mode m, int in, int out, int pixels) {
        switch (m) {
            case IM2COL:
                return false;
            case WINOGRAD:
                return true;
            default:
                return prefersWinograd(in, out, pixels);
        }
    }

    /**
     * The auto rule, from the per-core measurements in {@code docs/performance.md} ("Winograd F(2×2,3×3)"): Winograd
     * when the correlation has at least {@link #MIN_CHANNELS} input channels and {@link #MIN_PIXELS} output pixels
     * per image.
     */
    static boolean prefersWinograd(int in, int out, int pixels) {
        return in >= MIN_CHANNELS && pixels >= MIN_PIXELS;
    }
}

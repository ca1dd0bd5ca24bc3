package dev.nabla.backend;

import java.util.Locale;
import java.util.Objects;

/**
 * Which algorithm {@link CpuBackend} runs for a 2-D convolution: im2col + GEMM (every shape) or Winograd
 * F(2×2, 3×3) ({@link WinogradConv}: 3×3 kernels, stride 1, dilation 1), chosen per shape (and, for the forward
 * pass, thread count) for the forward pass and for the input gradient. The weight gradient always runs im2col.
 *
 * <p>{@code -Dnabla.conv} (read once, when the class is initialised) or {@link #use} at run time:
 * <ul>
 *   <li>{@code auto} (default): Winograd where it applies and the measured rules ({@link #prefersWinogradForward},
 *       {@link #prefersWinogradBackwardInput}) say it
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

    /** Auto rule, forward pass: the least number of input channels C (the depth of Winograd's GEMMs). */
    static final int FORWARD_MIN_CHANNELS = 32;
    /** Auto rule, forward pass: the least {@link #multiplicationRatio}. */
    static final double FORWARD_MIN_RATIO = 1.2;
    /** Auto rule, input gradient: the least number of filters O (the depth of both paths' GEMMs) and of channels C. */
    static final int BACKWARD_MIN_CHANNELS = 4;
    /** Auto rule, input gradient: the least {@link #multiplicationRatio}. */
    static final double BACKWARD_MIN_RATIO = 2.0;

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
        if (!WinogradConv.applies(kh, kw, s) || oh <= 0 || ow <= 0 || m == Mode.IM2COL) {
            return false;
        }
        return m == Mode.WINOGRAD || prefersWinogradForward(c, o, oh, ow);
    }

    /**
     * Whether the input gradient of this convolution (input {@code c × h × w}, {@code o} filters, output
     * {@code oh × ow}) runs Winograd: a correlation of the output gradient ({@code o} channels) into {@code c}
     * channels of {@code h × w} pixels.
     */
    static boolean backwardInput(int c, int o, int kh, int kw, int h, int w, int oh, int ow, ConvSpec s) {
        Mode m = mode();
        if (!WinogradConv.appliesToInputGradient(kh, kw, s) || h <= 0 || w <= 0 || oh <= 0 || ow <= 0
                || oh != h + s.padTop() + s.padBottom() - 2 || ow != w + s.padLeft() + s.padRight() - 2
                || m == Mode.IM2COL) {
            return false;
        }
        return m == Mode.WINOGRAD || prefersWinogradBackwardInput(c, o, h, w, oh, ow);
    }

    /**
     * im2col's multiplications over Winograd's for a 3×3 stride-1 correlation whose im2col product has
     * {@code pixels} columns and whose Winograd tiles cover an {@code outH × outW} result: {@code 9·pixels /
     * (16·⌈outH/2⌉·⌈outW/2⌉)} — 2.25 for even outputs, less where tiles stick out of an odd-sized result, and
     * for the input gradient of a 'valid' convolution, whose result (the input) is larger than the output
     * gradient that im2col's product runs over.
     */
    static double multiplicationRatio(int pixels, int outH, int outW) {
        return 9.0 * pixels / (16.0 * ((outH + 1) / 2) * ((outW + 1) / 2));
    }

    /**
     * The auto rule for the forward pass, from the per-core measurements in {@code docs/performance.md}
     * ("Winograd F(2×2,3×3)"): at least {@link #FORWARD_MIN_CHANNELS} input channels (below that Winograd's GEMMs,
     * of depth C, run too far below peak to gain from 2.25× fewer multiplications) and a
     * {@link #multiplicationRatio} of at least {@link #FORWARD_MIN_RATIO} — and one thread only: with two, the
     * seed-CNN training step (JMH, 2 threads) ran at 61–81 ms with the Winograd forward pass against 33–45 ms without
     * it, though per core it is faster (54–58 against 61–66 ms); the cause is not found yet.
     */
    static boolean prefersWinogradForward(int c, int o, int oh, int ow) {
        return Parallel.THREADS == 1 && c >= FORWARD_MIN_CHANNELS
                && multiplicationRatio(oh * ow, oh, ow) >= FORWARD_MIN_RATIO;
    }

    /**
     * The auto rule for the input gradient (same measurements): at least {@link #BACKWARD_MIN_CHANNELS} filters and
     * input channels (im2col's product there has depth O as well, and its col2im pass costs more than Winograd's
     * transforms) and a {@link #multiplicationRatio} of at least {@link #BACKWARD_MIN_RATIO} (so not the gradient of
     * a 'valid' convolution on a small map, which pads its 2-pixel border back on).
     */
    static boolean prefersWinogradBackwardInput(int c, int o, int h, int w, int oh, int ow) {
        return o >= BACKWARD_MIN_CHANNELS && c >= BACKWARD_MIN_CHANNELS
                && multiplicationRatio(oh * ow, h, w) >= BACKWARD_MIN_RATIO;
    }
}

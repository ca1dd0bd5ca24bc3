package dev.nabla.formula;

/**
 * The GAN minimax game of Goodfellow et al. (2014) between a generator {@code G} (noise
 * {@code z} to a sample {@code G(z) = x}) and a discriminator {@code D} (a sample to the probability
 * that it is real, e.g. a {@link LogisticDiscriminator}):
 *
 * <pre>
 *   min_G max_D V(D, G),   V(D, G) = E_{x ~ data}[log D(x)] + E_{z ~ noise}[log(1 − D(G(z)))]
 * </pre>
 *
 * Expectations are estimated by sample means. Every method here takes the discriminator's
 * <em>outputs</em>: {@code dReal[i] = D(x_i)} for m real samples and {@code dFake[j] = D(G(z_j))}
 * for n generated ones, each a probability in [0, 1]:
 *
 * <pre>
 *   V ≈ (1/m) Σ_i log dReal[i] + (1/n) Σ_j log(1 − dFake[j])
 * </pre>
 *
 * <ul>
 *   <li>{@link #value}: that estimate of V.</li>
 *   <li>{@link #discriminatorLoss}: {@code −V}. D maximises V, i.e. minimises −V (this is the
 *       binary cross-entropy with label 1 for real and 0 for fake samples).</li>
 *   <li>{@link #saturatingGeneratorLoss}: {@code (1/n) Σ_j log(1 − D(G(z_j)))}, the part of V that
 *       depends on G; G minimises it — the loss as the minimax game states it.</li>
 *   <li>{@link #nonSaturatingGeneratorLoss}: {@code −(1/n) Σ_j log D(G(z_j))}; G minimises this
 *       instead in practice.</li>
 * </ul>
 *
 * <p><b>Why the non-saturating loss.</b> Early in training the generator is poor and D rejects its
 * samples confidently: {@code D(G(z)) ≈ 0}. Per sample, with {@code d = D(G(z))}:
 * <pre>
 *   saturating:      d/dd log(1 − d) = −1 / (1 − d)  → −1      as d → 0
 *   non-saturating:  d/dd (−log d)   = −1 / d        → −∞      as d → 0   (−100 at d = 0.01)
 * </pre>
 * Both push {@code d} up, with the same fixed points, but the saturating one pushes weakly exactly
 * when G is worst. It is worse still through the sigmoid that produces {@code d = σ(a)} from D's
 * score {@code a}: {@code d/da log(1 − σ(a)) = −σ(a) = −d → 0} (the gradient vanishes — the loss
 * "saturates"), while {@code d/da (−log σ(a)) = −(1 − d) → −1}. The four derivative methods give
 * these numbers.
 *
 * <p><b>Indices.</b> Samples are numbered {@code i = 1..m}, {@code j = 1..n} in the text and
 * {@code 0..m−1}, {@code 0..n−1} in the arrays.
 *
 * <p>A {@code D} output of exactly 0 for a real sample (or 1 for a fake one) makes the log −∞,
 * which is the mathematically right value; outputs outside [0, 1] or NaN are rejected.
 *
 * <p>Worked example ({@link #main}): {@code dReal = [0.9, 0.8]}, {@code dFake = [0.1, 0.2]} gives
 * {@code V = ln 0.9 + ln 0.8 = −0.328504}; at D = 1/2 everywhere (the equilibrium)
 * {@code V = −ln 4 = −1.386294}.
 */
public final class GanObjective {
    private GanObjective() {
    }

    /** {@code V ≈ (1/m) Σ_i log D(x_i) + (1/n) Σ_j log(1 − D(G(z_j)))}. */
    public static double value(double[] dReal, double[] dFake) {
        check("GanObjective.value", "dReal = D(x)", dReal);
        check("GanObjective.value", "dFake = D(G(z))", dFake);
        double realTerm = 0;
        for (double d : dReal) {
            realTerm += Math.log(d);
        }
        double fakeTerm = 0;
        for (double d : dFake) {
            fakeTerm += Math.log(1 - d);
        }
        return realTerm / dReal.length + fakeTerm / dFake.length;
    }

    /** The discriminator's loss {@code −V} (it maximises V). */
    public static double discriminatorLoss(double[] dReal, double[] dFake) {
        return -value(dReal, dFake);
    }

    /** The generator's loss as the minimax game states it: {@code (1/n) Σ_j log(1 − D(G(z_j)))}. */
    public static double saturatingGeneratorLoss(double[] dFake) {
        check("GanObjective.saturatingGeneratorLoss", "dFake = D(G(z))", dFake);
        double sum = 0;
        for (double d : dFake) {
            sum += Math.log(1 - d);
        }
        return sum / dFake.length;
    }

    /** The generator's loss used in practice: {@code −(1/n) Σ_j log D(G(z_j))}. */
    public static double nonSaturatingGeneratorLoss(double[] dFake) {
        check("GanObjective.nonSaturatingGeneratorLoss", "dFake = D(G(z))", dFake);
        double sum = 0;
        for (double d : dFake) {
            sum += Math.log(d);
        }
        return -sum / dFake.length;
    }

    /** Per sample, {@code d/dd log(1 − d) = −1/(1 − d)} with {@code d = D(G(z))}. */
    public static double saturatingGradient(double d) {
        checkProbability("GanObjective.saturatingGradient", "d = D(G(z))", d);
        return -1 / (1 - d);
    }

    /** Per sample, {@code d/dd (−log d) = −1/d} with {@code d = D(G(z))}. */
    public static double nonSaturatingGradient(double d) {
        checkProbability("GanObjective.nonSaturatingGradient", "d = D(G(z))", d);
        return -1 / d;
    }

    /** Per sample, through D's sigmoid {@code d = σ(a)}: {@code d/da log(1 − σ(a)) = −σ(a) = −d}. */
    public static double saturatingGradientWrtLogit(double d) {
        checkProbability("GanObjective.saturatingGradientWrtLogit", "d = D(G(z))", d);
        return -d;
    }

    /** Per sample, through D's sigmoid {@code d = σ(a)}: {@code d/da (−log σ(a)) = −(1 − σ(a)) = −(1 − d)}. */
    public static double nonSaturatingGradientWrtLogit(double d) {
        checkProbability("GanObjective.nonSaturatingGradientWrtLogit", "d = D(G(z))", d);
        return -(1 - d);
    }

    private static void check(String fn, String name, double[] ds) {
        if (ds == null || ds.length == 0) {
            throw new IllegalArgumentException(fn + ": " + name + " must hold at least one discriminator output, got "
                    + (ds == null ? "null" : "an empty array"));
        }
        for (int i = 0; i < ds.length; i++) {
            checkProbability(fn, name + "[" + i + "]", ds[i]);
        }
    }

    private static void checkProbability(String fn, String name, double d) {
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException(fn + ": " + name + " must be a probability in [0, 1], got " + d);
        }
    }

    /** Prints the worked example: V and the losses for two real and two fake samples, then the gradients. */
    public static void main(String[] args) {
        double[] dReal = {0.9, 0.8};
        double[] dFake = {0.1, 0.2};
        System.out.println("GAN objective  V(D,G) = E[log D(x)] + E[log(1 − D(G(z)))]");
        System.out.println("  D(x) on real samples    = " + Arrays2D.format(dReal));
        System.out.println("  D(G(z)) on fake samples = " + Arrays2D.format(dFake));
        System.out.println("  V = (ln 0.9 + ln 0.8)/2 + (ln(1−0.1) + ln(1−0.2))/2 = " + Arrays2D.format(value(dReal, dFake)));
        System.out.println("  discriminator loss −V                     = " + Arrays2D.format(discriminatorLoss(dReal, dFake)));
        System.out.println("  saturating generator loss E[log(1−D(G(z)))] = (ln 0.9 + ln 0.8)/2 = "
                + Arrays2D.format(saturatingGeneratorLoss(dFake)));
        System.out.println("  non-saturating generator loss −E[log D(G(z))] = −(ln 0.1 + ln 0.2)/2 = "
                + Arrays2D.format(nonSaturatingGeneratorLoss(dFake)));
        double[] half = {0.5, 0.5};
        System.out.println("  at the equilibrium D = 1/2 everywhere: V = 2·ln(1/2) = −ln 4 = " + Arrays2D.format(value(half, half)));
        System.out.println("  Why practice uses the non-saturating loss: the generator's gradient per fake sample");
        System.out.println("      d = D(G(z))   ∂/∂d log(1−d)   ∂/∂d (−log d)   ∂/∂a log(1−σ(a))   ∂/∂a (−log σ(a))");
        for (double d : new double[] {0.5, 0.1, 0.01}) {
            System.out.printf(java.util.Locale.ROOT, "      %-12s  %-15s %-15s %-18s %s%n", Arrays2D.format(d),
                    Arrays2D.format(saturatingGradient(d)), Arrays2D.format(nonSaturatingGradient(d)),
                    Arrays2D.format(saturatingGradientWrtLogit(d)), Arrays2D.format(nonSaturatingGradientWrtLogit(d)));
        }
        System.out.println("  When D rejects the fakes (d → 0) the saturating gradient w.r.t. D's score a vanishes (−0.01),");
        System.out.println("  the non-saturating one stays near −1 (−0.99), and w.r.t. d it is −100 instead of −1.01.");
    }
}

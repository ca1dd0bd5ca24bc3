package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.gan.GanTrainer;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LeakyReLU;
import dev.nabla.nn.LogisticDiscriminator;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.History;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The seed's one-dimensional GAN: a generator {@code G(z) = x} learns to turn Gaussian noise into
 * samples of a target {@code N(mean, std²)}, against the seed's logistic discriminator
 * {@code D(x) = 1/(1 + exp(−(x−μ)/σ))} or a small MLP. Reports the two-sample Kolmogorov–Smirnov
 * statistic {@code sup_x |F_generated(x) − F_target(x)|} between generated and fresh target samples
 * (Commons Math), before and after training, and ends with {@code ks_statistic=<value>}. Both
 * learning rates decay by {@code --lr-decay} per epoch: the game oscillates around its equilibrium, and
 * smaller steps let it settle.
 *
 * <p>The logistic D is increasing in x whatever μ and σ, so all it can teach G is "move right" (or
 * left): G's mean reaches the target, then drifts past it while D flattens, and the spread is not
 * learned. The MLP discriminator can reject samples on both sides and matches mean and spread.
 */
@Command(name = "gan-1d", mixinStandardHelpOptions = true,
        description = "Train a GAN on a 1-D Gaussian and report the Kolmogorov–Smirnov statistic.")
public final class Gan1D implements Callable<Integer> {
    @Option(names = "--discriminator", description = "logistic (the seed's) or mlp (default: ${DEFAULT-VALUE})")
    String discriminator = "mlp";

    @Option(names = "--generator", description = "affine (G(z) = a·z + b) or mlp (default: ${DEFAULT-VALUE})")
    String generator = "affine";

    @Option(names = "--target-mean", description = "default: ${DEFAULT-VALUE}")
    double targetMean = 4;

    @Option(names = "--target-std", description = "standard deviation of the target (default: ${DEFAULT-VALUE})")
    double targetStd = 1.25;

    @Option(names = "--noise-dim", description = "default: ${DEFAULT-VALUE}")
    int noiseDim = 1;

    @Option(names = "--samples", description = "real training samples (default: ${DEFAULT-VALUE})")
    int samples = 8192;

    @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
    int epochs = 30;

    @Option(names = "--batch-size", description = "default: ${DEFAULT-VALUE}")
    int batchSize = 64;

    @Option(names = "--learning-rate", description = "Adam's step for both networks (default: ${DEFAULT-VALUE})")
    double learningRate = 5e-3;

    @Option(names = "--lr-decay", description = "both learning rates × this after each epoch, so the "
            + "oscillations of the game die down (default: ${DEFAULT-VALUE})")
    double learningRateDecay = 0.95;

    @Option(names = "--d-steps", description = "discriminator steps per generator step (default: ${DEFAULT-VALUE})")
    int discriminatorSteps = 1;

    @Option(names = "--eval-samples", description = "samples per side of the KS test (default: ${DEFAULT-VALUE})")
    int evalSamples = 5000;

    @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
    long seed = 42;

    @Option(names = "--out", description = "folder for the loss curves (default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "gan-1d");

    @Override
    public Integer call() throws Exception {
        Layer g = switch (generator) {
            case "affine" -> new Dense(1);
            case "mlp" -> new Sequential(new Dense(16), new LeakyReLU(0.2), new Dense(16), new LeakyReLU(0.2),
                    new Dense(1));
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--generator must be affine or mlp, got '" + generator + "'");
        };
        Layer d = switch (discriminator) {
            case "logistic" -> new LogisticDiscriminator().outputLogits(true);
            case "mlp" -> new Sequential(new Dense(16).activation(Activation.TANH), new Dense(16).activation(Activation.TANH),
                    new Dense(1));
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--discriminator must be logistic or mlp, got '" + discriminator + "'");
        };
        g.seed(seed);
        d.seed(seed + 1);
        Adam gOptimizer = new Adam(learningRate).beta1(0.5);
        Adam dOptimizer = new Adam(learningRate).beta1(0.5);
        GanTrainer gan = new GanTrainer(g, d, gOptimizer, dOptimizer, noiseDim).discriminatorSteps(discriminatorSteps)
                .seed(seed);
        SplittableRandom data = new SplittableRandom(seed + 2);
        Dataset real = Dataset.of(gaussian(data, samples), Tensor.zeros(samples, 1));
        double[] target = toDouble(gaussian(data, evalSamples));
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();

        double[] before = toDouble(gan.generate(evalSamples));
        System.out.printf(Locale.ROOT, "target N(%.2f, %.2f²); %s generator vs %s discriminator, %d samples, %d epochs%n",
                targetMean, targetStd, generator, discriminator, samples, epochs);
        System.out.printf(Locale.ROOT, "before training: generated mean %.3f, std %.3f, KS statistic %.4f%n",
                mean(before), std(before), ks.kolmogorovSmirnovStatistic(before, target));
        int every = Math.max(1, epochs / 10);
        gan.callbacks((t, epoch, logs) -> {
            double next = learningRate * Math.pow(learningRateDecay, epoch + 1);
            gOptimizer.setLearningRate(next);
            dOptimizer.setLearningRate(next);
            if ((epoch + 1) % every == 0 || epoch + 1 == epochs) {
                double[] x = toDouble(t.generate(evalSamples));
                System.out.printf(Locale.ROOT, "epoch %3d: d_loss %.4f  g_loss %.4f  D(real) %.3f  D(fake) %.3f  "
                                + "generated mean %.3f, std %.3f%s%n", epoch + 1, logs.get("d_loss"), logs.get("g_loss"),
                        logs.get("d_real"), logs.get("d_fake"), mean(x), std(x), d instanceof LogisticDiscriminator l
                                ? String.format(Locale.ROOT, "  (D: μ %.3f, σ %.3f)", l.mu(), l.sigma()) : "");
            }
        });
        long start = System.nanoTime();
        History history = gan.fit(real, epochs, batchSize);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] after = toDouble(gan.generate(evalSamples));
        double statistic = ks.kolmogorovSmirnovStatistic(after, target);
        double p = ks.kolmogorovSmirnovTest(after, target);
        Files.createDirectories(out);
        GanCurves.write(gan.steps(), history, "1-D GAN (" + discriminator + " D)", out.resolve("losses-" + discriminator
                + ".png"));
        System.out.printf(Locale.ROOT, "trained in %.1f s (%d steps); generated mean %.3f, std %.3f (target %.3f, %.3f)%n",
                seconds, gan.steps().get("d_loss").size(), mean(after), std(after), targetMean, targetStd);
        System.out.printf(Locale.ROOT, "two-sample KS test, %d vs %d samples: statistic %.4f, p-value %.3g%n",
                evalSamples, evalSamples, statistic, p);
        System.out.printf(Locale.ROOT, "ks_statistic=%.4f%n", statistic);
        return 0;
    }

    private Tensor gaussian(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (targetMean + targetStd * rng.nextGaussian());
        }
        return Tensor.wrap(x, n, 1);
    }

    private static double[] toDouble(Tensor t) {
        float[] v = t.toArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double std(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Gan1D()).execute(args));
    }
}

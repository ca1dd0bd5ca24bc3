package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.data.Mnist;
import dev.nabla.gan.GanTrainer;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Conv2DTranspose;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.LeakyReLU;
import dev.nabla.nn.Model;
import dev.nabla.nn.Reshape;
import dev.nabla.nn.Sequential;
import dev.nabla.ops.Ops;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A DCGAN on MNIST with the seed's generator structure — Dense → LeakyReLU(0.2) →
 * BatchNormalization(momentum 0.8) → Reshape → Conv2DTranspose (×2 upsampling) → … → tanh — against a
 * small strided-convolution discriminator; images are scaled to [−1, 1]. {@code --conditional}
 * appends the one-hot digit to the noise and, as ten constant planes, to the discriminator's input.
 *
 * <p>Writes a 10 × 10 grid of samples after every epoch (one row per digit when conditional), the
 * loss curves and the generator. Quality is measured with the seed CNN as classifier (trained once
 * and saved, or loaded with {@code --classifier}): the Inception Score and the Fréchet distance of
 * its penultimate-layer features to real training images, for generated images and for real test
 * images (the ceiling). Ends with {@code inception_score=<v>} and {@code frechet_distance=<v>}.
 */
@Command(name = "mnist-gan", mixinStandardHelpOptions = true,
        description = "Train a (conditional) DCGAN on MNIST and score its samples (fetch the data with "
                + "scripts/fetch-data.sh mnist).")
public final class MnistGan implements Callable<Integer> {
    @Option(names = "--epochs", description = "passes over the training images (default: ${DEFAULT-VALUE})")
    int epochs = 3;

    @Option(names = "--train-limit", description = "use only the first N training images, 0 = all 60,000 "
            + "(default: ${DEFAULT-VALUE})")
    int trainLimit = 0;

    @Option(names = "--batch-size", description = "default: ${DEFAULT-VALUE}")
    int batchSize = 64;

    @Option(names = "--noise-dim", description = "length of the noise vector z (default: ${DEFAULT-VALUE})")
    int noiseDim = 64;

    @Option(names = "--channels", description = "generator channels at 7×7 (halved at 14×14); the discriminator "
            + "uses half and all of it (default: ${DEFAULT-VALUE})")
    int channels = 64;

    @Option(names = "--learning-rate", description = "Adam's step for both networks (default: ${DEFAULT-VALUE})")
    double learningRate = 2e-4;

    @Option(names = "--beta1", description = "Adam's β₁ (default: ${DEFAULT-VALUE}, as DCGAN)")
    double beta1 = 0.5;

    @Option(names = "--real-label", description = "target for real images, < 1 smooths (default: ${DEFAULT-VALUE})")
    double realLabel = 0.9;

    @Option(names = "--d-steps", description = "discriminator steps per generator step (default: ${DEFAULT-VALUE})")
    int discriminatorSteps = 1;

    @Option(names = "--conditional", description = "label-conditioned GAN: ask for a given digit")
    boolean conditional;

    @Option(names = "--classifier", description = "seed CNN used for the scores; trained and saved there if the "
            + "file does not exist (default: <out>/../classifier.nabla)")
    Path classifierPath;

    @Option(names = "--generator", description = "score this saved generator (a generator.nabla of an earlier run "
            + "with the same --conditional and --noise-dim) instead of training one")
    Path generatorPath;

    @Option(names = "--eval-samples", description = "images per set for the scores (default: ${DEFAULT-VALUE})")
    int evalSamples = 10_000;

    @Option(names = "--seed", description = "weights, noise and shuffling (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--out", description = "folder for grids, curves and the generator "
            + "(default: build-output/mnist-gan/<conditional|unconditional>)")
    Path out;

    /** The generator: z (+ one-hot label) → a 1 × 28 × 28 image in [−1, 1]. */
    static Sequential generator(int channels) {
        return new Sequential(
                new Dense(channels * 7 * 7),
                new LeakyReLU(0.2),
                new BatchNormalization().momentum(0.8),
                new Reshape(channels, 7, 7),
                new Conv2DTranspose(channels / 2, 4).strides(2).padding("same"),     // 14 × 14
                new LeakyReLU(0.2),
                new BatchNormalization().momentum(0.8),
                new Conv2DTranspose(1, 4).strides(2).padding("same").activation(Activation.TANH));   // 28 × 28
    }

    /** The discriminator: an image (+ ten label planes) → one logit. */
    static Sequential discriminator(int channels) {
        return new Sequential(
                new Conv2D(channels / 2, 3).strides(2).padding("same"),      // 14 × 14
                new LeakyReLU(0.2),
                new Conv2D(channels, 3).strides(2).padding("same"),          // 7 × 7
                new LeakyReLU(0.2),
                new Dropout(0.3),
                new Flatten(),
                new Dense(1));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Mnist.cacheDir().resolve("mnist");
        Dataset train = Mnist.train(dir);
        Dataset test = Mnist.test(dir);
        if (out == null) {
            out = Path.of("build-output", "mnist-gan", conditional ? "conditional" : "unconditional");
        }
        if (classifierPath == null) {
            classifierPath = out.resolveSibling("classifier.nabla");
        }
        Files.createDirectories(out);
        Dataset gan = trainLimit > 0 && trainLimit < train.size() ? train.slice(0, trainLimit) : train;
        gan = Dataset.of(gan.x().mul(2f).sub(1f), gan.y());      // [0, 1] → [−1, 1]

        Sequential g;
        if (generatorPath != null) {
            Model loaded = Model.load(generatorPath);
            if (!(loaded instanceof Sequential s)) {
                throw new IllegalArgumentException("--generator " + generatorPath + " holds a " + loaded.getClass()
                        .getSimpleName() + ", expected the Sequential generator MnistGan saves");
            }
            g = s;
        } else {
            g = generator(channels);
            g.seed(seed);
        }
        Sequential d = discriminator(channels);
        d.seed(seed + 1);
        GanTrainer trainer = new GanTrainer(g, d, new Adam(learningRate).beta1(beta1), new Adam(learningRate).beta1(beta1),
                noiseDim).realLabel(realLabel).discriminatorSteps(discriminatorSteps).seed(seed);
        if (conditional) {
            trainer.conditional(10);
        }
        SampleGrid grid = new SampleGrid(trainer, 10, seed + 2);
        long start = System.nanoTime();
        long[] epochStart = {start};
        trainer.callbacks((t, epoch, logs) -> {
            long now = System.nanoTime();
            System.out.printf(Locale.ROOT, "epoch %d/%d: d_loss %.4f  g_loss %.4f  D(real) %.3f  D(fake) %.3f  (%.0f s)%n",
                    epoch + 1, epochs, logs.get("d_loss"), logs.get("g_loss"), logs.get("d_real"), logs.get("d_fake"),
                    (now - epochStart[0]) / 1e9);
            epochStart[0] = now;
            try {
                grid.write(out.resolve(String.format(Locale.ROOT, "samples-epoch-%02d.png", epoch + 1)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the sample grid: " + e.getMessage(), e);
            }
        });
        int trainedEpochs = generatorPath == null ? epochs : 0;
        if (generatorPath == null) {
            System.out.printf(Locale.ROOT, "training a %s DCGAN on %d MNIST images, %d epoch(s), batch %d%n",
                    conditional ? "conditional" : "unconditional", gan.size(), epochs, batchSize);
            History history = trainer.fit(gan, epochs, batchSize);
            GanCurves.write(trainer.steps(), history, "MNIST " + (conditional ? "conditional " : "") + "DCGAN",
                    out.resolve("losses.png"));
            g.save(out.resolve("generator.nabla"), Map.of("conditional", conditional, "noise_dim", noiseDim,
                    "epochs", epochs, "seed", seed));
        } else {
            System.out.println("scoring the saved generator " + generatorPath + " (no training)");
            grid.write(out.resolve("samples-loaded.png"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Sequential classifier = classifier(train, test);
        int n = Math.min(evalSamples, test.size());
        Tensor fakes = generated(trainer, n).add(1f).mul(0.5f);          // back to [0, 1] for the classifier
        GanQuality.Outputs reference = GanQuality.classify(classifier, train.x().slice(0, 0, n).contiguous(), 250);
        GanQuality.Outputs real = GanQuality.classify(classifier, test.x().slice(0, 0, n).contiguous(), 250);
        GanQuality.Outputs generated = GanQuality.classify(classifier, fakes, 250);
        GanQuality.Gaussian ref = GanQuality.Gaussian.of(reference.features());
        double realIs = GanQuality.inceptionScore(real.probabilities());
        double realFd = GanQuality.frechetDistance(GanQuality.Gaussian.of(real.features()), ref);
        double is = GanQuality.inceptionScore(generated.probabilities());
        double fd = GanQuality.frechetDistance(GanQuality.Gaussian.of(generated.features()), ref);
        if (trainedEpochs > 0) {
            System.out.printf(Locale.ROOT, "trained %d epoch(s) in %.0f s (%.0f s per epoch); grids, losses.png and the "
                    + "generator in %s%n", trainedEpochs, seconds, seconds / trainedEpochs, out);
        }
        System.out.printf(Locale.ROOT, "scores with the seed CNN, %d images per set; Fréchet distance to %d real "
                + "training images:%n", n, n);
        System.out.printf(Locale.ROOT, "  real test images: inception score %.3f, Fréchet distance %.3f (the ceiling)%n",
                realIs, realFd);
        System.out.printf(Locale.ROOT, "  generated images: inception score %.3f, Fréchet distance %.3f%n", is, fd);
        System.out.printf(Locale.ROOT, "real_inception_score=%.3f%n", realIs);
        System.out.printf(Locale.ROOT, "real_frechet_distance=%.3f%n", realFd);
        System.out.printf(Locale.ROOT, "inception_score=%.3f%n", is);
        System.out.printf(Locale.ROOT, "frechet_distance=%.3f%n", fd);
        return 0;
    }

    /**
     * {@code n} samples in [−1, 1], generated in chunks of {@value #GENERATE_CHUNK} so that scoring 10,000 images
     * fits in a small heap; a conditional GAN draws every digit equally often.
     */
    private static Tensor generated(GanTrainer trainer, int n) {
        Tensor z = trainer.noise(n);
        Tensor labels = null;
        if (trainer.classes() > 0) {
            int[] digits = new int[n];
            for (int i = 0; i < n; i++) {
                digits[i] = i % trainer.classes();
            }
            labels = Dataset.oneHot(digits, trainer.classes());
        }
        List<Tensor> chunks = new ArrayList<>();
        for (int from = 0; from < n; from += GENERATE_CHUNK) {
            int to = Math.min(n, from + GENERATE_CHUNK);
            chunks.add(trainer.generate(z.slice(0, from, to).contiguous(),
                    labels == null ? null : labels.slice(0, from, to).contiguous()));
        }
        return Ops.concat(0, chunks.toArray(new Tensor[0]));
    }

    private static final int GENERATE_CHUNK = 500;

    /** The seed CNN from {@link #classifierPath}, or trained for one epoch on all training images and saved there. */
    private Sequential classifier(Dataset train, Dataset test) throws IOException {
        if (Files.exists(classifierPath)) {
            Model loaded = Model.load(classifierPath);
            if (!(loaded instanceof Sequential)) {
                throw new IllegalArgumentException("--classifier " + classifierPath + " holds a " + loaded.getClass()
                        .getSimpleName() + ", expected the seed CNN (a Sequential)");
            }
            System.out.println("classifier loaded from " + classifierPath);
            return (Sequential) loaded;
        }
        System.out.println("training the seed CNN as classifier (1 epoch, 60,000 images); saved to " + classifierPath);
        Sequential cnn = MnistCnn.seedCnn();
        cnn.seed(seed);
        cnn.compile(new Adam(1e-3), Losses.categoricalCrossentropy(), Metrics.accuracy());
        cnn.fit(train, Fit.epochs(1).batchSize(64).seed(seed));
        System.out.printf(Locale.ROOT, "classifier test accuracy %.4f%n", cnn.evaluate(test).get("accuracy"));
        Files.createDirectories(classifierPath.toAbsolutePath().getParent());
        cnn.save(classifierPath);
        return cnn;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MnistGan()).execute(args));
    }
}

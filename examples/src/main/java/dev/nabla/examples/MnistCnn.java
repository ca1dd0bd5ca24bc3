package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.data.Mnist;
import dev.nabla.data.augment.Compose;
import dev.nabla.data.augment.RandomFlip;
import dev.nabla.data.augment.RandomRotation;
import dev.nabla.data.augment.RandomShift;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.train.Callback;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import dev.nabla.train.LearningRateScheduler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The seed's diagnosis CNN, Keras-style, trained on MNIST (or Fashion-MNIST):
 * Conv2D(32,3×3,relu) → MaxPool(2) → Conv2D(64,3×3,relu) → MaxPool(2) → Conv2D(128,3×3,relu) →
 * MaxPool(2) → Flatten → Dense(128,relu) → Dense(10,softmax), Adam, categorical cross-entropy; the
 * learning rate is multiplied by {@code --lr-decay} after each epoch, or follows a half cosine from its
 * start value to 0 over the run with {@code --cosine}; {@code --label-smoothing} softens the targets.
 * Writes the model, its summary and the training curves; ends with {@code test_accuracy=<value>}.
 */
@Command(name = "mnist-cnn", mixinStandardHelpOptions = true,
        description = "Train the seed CNN on MNIST or Fashion-MNIST (fetch the data with scripts/fetch-data.sh).")
public final class MnistCnn implements Callable<Integer> {
    @Option(names = "--data", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE})")
    String data = "mnist";

    @Option(names = "--epochs", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs = 1;

    @Option(names = "--batch-size", description = "default: ${DEFAULT-VALUE}")
    int batchSize = 64;

    @Option(names = "--learning-rate", description = "Adam's step size (default: ${DEFAULT-VALUE})")
    double learningRate = 1e-3;

    @Option(names = "--lr-decay", description = "learning rate × this after each epoch (default: ${DEFAULT-VALUE})")
    double learningRateDecay = 0.8;

    @Option(names = "--cosine", description = "learning rate = start · ½(1 + cos(π·epoch/epochs)) instead of --lr-decay")
    boolean cosine;

    @Option(names = "--augment", arity = "0..1", fallbackValue = "default", description = "augment training images: "
            + "'default' (or no value) = random shifts of ±2 pixels plus rotations of ±10° (mnist) or plus horizontal flips (fashion-mnist); "
            + "'flip' = horizontal flips only; 'none' (default: ${DEFAULT-VALUE})")
    String augment = "none";

    @Option(names = "--label-smoothing", description = "targets become (1 − s)·one-hot + s/10, as Keras's "
            + "label_smoothing (default: ${DEFAULT-VALUE})")
    double labelSmoothing = 0;

    @Option(names = "--train-limit", description = "use only the first N training images, 0 = all 60,000 "
            + "(default: ${DEFAULT-VALUE}, a one-minute demo)")
    int trainLimit = 12_000;

    @Option(names = "--seed", description = "weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--out", description = "folder for the model, summary and curves (default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "mnist-cnn");

    /** The seed's CNN. */
    public static Sequential seedCnn() {
        return new Sequential(
                new Conv2D(32, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(64, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Conv2D(128, 3).activation(Activation.RELU),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(128).activation(Activation.RELU),
                new Dense(10).activation(Activation.SOFTMAX));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Mnist.cacheDir().resolve(data);
        Dataset train = Mnist.train(dir);
        Dataset test = Mnist.test(dir);
        if (trainLimit > 0 && trainLimit < train.size()) {
            train = train.slice(0, trainLimit);
        }
        String dataHash = sha256(dir.resolve("train-images-idx3-ubyte"));
        Sequential model = seedCnn();
        model.seed(seed);
        model.build(1, 28, 28);
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.txt"), model.summary());
        model.compile(new Adam(learningRate), Losses.categoricalCrossentropy(false, (float) labelSmoothing),
                Metrics.accuracy());
        System.out.printf(Locale.ROOT, "training on %d %s images, testing on %d%n", train.size(), data, test.size());
        long start = System.nanoTime();
        Fit fit = Fit.epochs(epochs).batchSize(batchSize).seed(seed).validation(test);
        switch (augment) {
            case "none" -> { }
            case "flip" -> fit.augmentation(new RandomFlip(true, false));
            case "default" -> fit.augmentation(data.startsWith("fashion")
                    ? new Compose(new RandomFlip(true, false), new RandomShift(2, 2))
                    : new Compose(new RandomShift(2, 2), new RandomRotation(10)));
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--augment must be default, flip or none, got '" + augment + "'");
        }
        History history = model.fit(train, fit
                .callbacks(new LearningRateScheduler(this::learningRateAt),
                        new HeapAfterEpoch()));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data", data);
        provenance.put("data_sha256_train_images", dataHash);
        provenance.put("train_images", train.size());
        provenance.put("epochs", epochs);
        provenance.put("batch_size", batchSize);
        provenance.put("optimizer", "Adam");
        provenance.put("learning_rate", learningRate);
        provenance.put("learning_rate_schedule", cosine ? "cosine over " + epochs + " epochs"
                : "× " + learningRateDecay + " per epoch");
        provenance.put("label_smoothing", labelSmoothing);
        provenance.put("augmentation", augment.equals("none") ? "none" : String.valueOf(fit.augmentation()));
        provenance.put("seed", seed);
        return TrainedModelReport.finish(model, test, history, provenance, out, data + "-cnn.nabla", "seed CNN on " + data,
                epochs, seconds);
    }

    /** The learning rate of an epoch (0-based) under the chosen schedule. */
    double learningRateAt(int epoch) {
        return cosine ? learningRate * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs))
                : learningRate * Math.pow(learningRateDecay, epoch);
    }

    /** Prints the heap in use after a full collection at the end of each epoch (to show it does not grow). */
    static final class HeapAfterEpoch implements Callback {
        @Override
        public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "  heap in use after GC: %.1f MiB (max %.0f MiB)%n",
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.maxMemory() / 1048576.0);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MnistCnn()).execute(args));
    }
}

package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.data.Mnist;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import dev.nabla.train.LearningRateScheduler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The seed's surgical sequence model, LSTM(128, return sequences) → LSTM(128) → Dense(10, softmax),
 * trained on row-sequential MNIST: each image is read as a sequence of 28 time steps (its rows) of 28
 * features. Adam with gradient clipping; the learning rate is multiplied by {@code --lr-decay} after each
 * epoch. Writes the model, its summary and the training curves; ends with {@code test_accuracy=<value>}.
 */
@Command(name = "sequence-mnist", mixinStandardHelpOptions = true,
        description = "Train the seed's LSTM sequence model on row-sequential MNIST.")
public final class SequenceMnist implements Callable<Integer> {
    @Option(names = "--epochs", description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs = 1;

    @Option(names = "--batch-size", description = "default: ${DEFAULT-VALUE}")
    int batchSize = 64;

    @Option(names = "--learning-rate", description = "Adam's step size (default: ${DEFAULT-VALUE})")
    double learningRate = 2e-3;

    @Option(names = "--lr-decay", description = "learning rate × this after each epoch (default: ${DEFAULT-VALUE})")
    double learningRateDecay = 0.7;

    @Option(names = "--train-limit", description = "use only the first N training images, 0 = all 60,000 "
            + "(default: ${DEFAULT-VALUE})")
    int trainLimit = 12_000;

    @Option(names = "--seed", description = "weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--out", description = "folder for the model, summary and curves (default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "sequence-mnist");

    /** The seed's sequence model for inputs of {@code features} values per time step. */
    public static Sequential seedLstm(int classes) {
        return new Sequential(
                new LSTM(128).returnSequences(true),
                new LSTM(128),
                new Dense(classes).activation(Activation.SOFTMAX));
    }

    /** MNIST images {@code (n, 1, 28, 28)} as sequences {@code (n, 28 rows, 28 pixels)}. */
    static Dataset rowSequences(Dataset images) {
        int n = images.size();
        return Dataset.of(images.x().reshape(n, 28, 28), images.y());
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Mnist.cacheDir().resolve("mnist");
        Dataset train = rowSequences(Mnist.train(dir));
        Dataset test = rowSequences(Mnist.test(dir));
        if (trainLimit > 0 && trainLimit < train.size()) {
            train = train.slice(0, trainLimit);
        }
        Sequential model = seedLstm(10);
        model.seed(seed);
        model.build(28, 28);
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.txt"), model.summary());
        System.out.print(model.summary());
        Adam adam = new Adam(learningRate);
        adam.clipNorm(1.0);
        model.compile(adam, Losses.categoricalCrossentropy(), Metrics.accuracy());
        System.out.printf(Locale.ROOT, "training on %d row sequences (28 steps × 28 features), testing on %d%n",
                train.size(), test.size());
        long start = System.nanoTime();
        History history = model.fit(train, Fit.epochs(epochs).batchSize(batchSize).seed(seed).validation(test)
                .callbacks(new LearningRateScheduler(epoch -> learningRate * Math.pow(learningRateDecay, epoch)),
                        new MnistCnn.HeapAfterEpoch()));
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data", "mnist, rows as time steps");
        provenance.put("data_sha256_train_images", MnistCnn.sha256(dir.resolve("train-images-idx3-ubyte")));
        provenance.put("train_sequences", train.size());
        provenance.put("epochs", epochs);
        provenance.put("batch_size", batchSize);
        provenance.put("optimizer", "Adam, clipnorm 1.0");
        provenance.put("learning_rate", learningRate);
        provenance.put("learning_rate_decay_per_epoch", learningRateDecay);
        provenance.put("seed", seed);
        return TrainedModelReport.finish(model, test, history, provenance, out, "sequence-mnist-lstm.nabla",
                "seed LSTM on row-sequential MNIST", epochs, seconds);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SequenceMnist()).execute(args));
    }
}

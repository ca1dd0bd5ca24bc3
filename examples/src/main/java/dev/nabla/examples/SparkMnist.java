package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.data.Mnist;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.spark.AveragingTrainer;
import dev.nabla.spark.SparkPredictor;
import dev.nabla.spark.StepListener;
import dev.nabla.spark.SyncTrainer;
import dev.nabla.spark.TrainingReport;
import dev.nabla.spark.TrainingSet;
import dev.nabla.train.Callback;
import dev.nabla.train.CsvLogger;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import dev.nabla.train.LearningRateScheduler;
import dev.nabla.train.ModelCheckpoint;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The seed CNN ({@link MnistCnn#seedCnn()}) trained on MNIST with Apache Spark — synchronous
 * data-parallel SGD or parameter averaging — or, for comparison, on one machine with nn-core's
 * {@code fit}. Prints the throughput (examples/s), the time in compute and in aggregation, then
 * scores the test images with a broadcast model ({@link SparkPredictor}) and ends with
 * {@code test_accuracy=<value>}. The nn-core fit callbacks run on the driver in every mode:
 * {@code --validation N} holds out the last N training images (giving {@code val_loss} and
 * {@code val_accuracy}), {@code --early-stopping P} stops after P epochs without a better
 * {@code val_loss} and restores the best weights, {@code --cosine} anneals the learning rate per
 * epoch, {@code --csv} logs one row per epoch, {@code --checkpoint} keeps the best model.
 *
 * <p>Without {@code --master} it runs Spark in local mode with {@code --cores} cores; under
 * {@code spark-submit} the master comes from there. Run with {@code -Dnabla.threads=1} so that each
 * Spark task computes on one core (see docs/distributed.md).
 */
@Command(name = "spark-mnist", mixinStandardHelpOptions = true,
        description = "Train the seed CNN on MNIST with Spark (sync or averaging) or locally, and report examples/s.")
public final class SparkMnist implements Callable<Integer> {
    @Option(names = "--mode", description = "sync, averaging or local (nn-core fit, no Spark) (default: ${DEFAULT-VALUE})")
    String mode = "sync";

    @Option(names = "--k", description = "local steps between averages, averaging mode (default: ${DEFAULT-VALUE})")
    int k = 4;

    @Option(names = "--cores", description = "local[N] cores when no master is set (default: ${DEFAULT-VALUE})")
    int cores = 2;

    @Option(names = "--master", description = "Spark master URL; default: spark-submit's, else local[--cores]")
    String master;

    @Option(names = "--partitions", description = "training partitions, 0 = one per core (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
    int epochs = 1;

    @Option(names = "--batch-size", description = "global batch (sync, local); averaging: per worker = this / "
            + "partitions (default: ${DEFAULT-VALUE})")
    int batchSize = 64;

    @Option(names = "--learning-rate", description = "Adam's step size (default: ${DEFAULT-VALUE})")
    double learningRate = 1e-3;

    @Option(names = "--train-limit", description = "first N training images, 0 = all 60,000 (default: ${DEFAULT-VALUE})")
    int trainLimit = 4_000;

    @Option(names = "--test-limit", description = "first N test images, 0 = all 10,000 (default: ${DEFAULT-VALUE})")
    int testLimit = 0;

    @Option(names = "--seed", description = "weights and shuffling (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--validation", description = "hold out the last N training images for val_loss/val_accuracy "
            + "after each epoch, 0 = none (default: ${DEFAULT-VALUE})")
    int validation;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "stop after PATIENCE epochs "
            + "without a lower val_loss (loss without --validation) and restore the best weights")
    Integer patience;

    @Option(names = "--cosine", description = "anneal the learning rate per epoch: lr·(1 + cos(π·epoch/epochs))/2")
    boolean cosine;

    @Option(names = "--csv", description = "append one CSV row per epoch (loss, val_loss, val_accuracy) to this file")
    Path csv;

    @Option(names = "--checkpoint", description = "save the model of the best val_loss (loss without --validation) "
            + "to this .nabla file")
    Path checkpoint;

    @Option(names = "--log-every", description = "print every N-th step (default: ${DEFAULT-VALUE})")
    int logEvery = 20;

    private EarlyStopping stopping;

    @Override
    public Integer call() throws Exception {
        Dataset train = Mnist.train(Mnist.cacheDir().resolve("mnist"));
        Dataset test = Mnist.test(Mnist.cacheDir().resolve("mnist"));
        if (trainLimit > 0 && trainLimit < train.size()) {
            train = train.slice(0, trainLimit);
        }
        if (testLimit > 0 && testLimit < test.size()) {
            test = test.slice(0, testLimit);
        }
        Dataset held = null;
        if (validation > 0) {
            if (validation >= train.size()) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--validation " + validation
                        + " leaves no training images of " + train.size());
            }
            held = train.slice(train.size() - validation, train.size());
            train = train.slice(0, train.size() - validation);
        }
        Sequential model = MnistCnn.seedCnn();
        model.seed(seed);
        model.build(1, 28, 28);
        model.compile(new Adam(learningRate), Losses.categoricalCrossentropy(), Metrics.accuracy());
        System.out.printf(Locale.ROOT, "mode=%s train=%d validation=%d test=%d epochs=%d batch=%d nabla.threads=%s%n",
                mode, train.size(), held == null ? 0 : held.size(), test.size(), epochs, batchSize,
                System.getProperty("nabla.threads", "(all cores)"));
        Fit fit = Fit.epochs(epochs).batchSize(batchSize).seed(seed).validation(held)
                .callbacks(callbacks(held != null)).verbose(true);
        if (mode.equals("local")) {
            long start = System.nanoTime();
            History history = model.fit(train, fit);
            double s = (System.nanoTime() - start) / 1e9;
            printEpochs(history, held != null);
            System.out.printf(Locale.ROOT, "single machine: %d examples in %.1f s: %.1f examples/s%n",
                    (long) train.size() * epochs, s, train.size() * (double) epochs / s);
            System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", model.evaluate(test).get("accuracy"));
            return 0;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("nabla-spark-mnist");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[" + cores + "]").config("spark.ui.enabled", "false");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int p = partitions > 0 ? partitions : sc.defaultParallelism();
            TrainingReport report;
            History history;
            try (TrainingSet data = TrainingSet.of(sc, train, p)) {
                StepListener log = StepListener.printEvery(logEvery);
                if (mode.equals("sync")) {
                    SyncTrainer trainer = new SyncTrainer(model).listener(log);
                    history = trainer.fit(data, fit);
                    report = trainer.report();
                } else if (mode.equals("averaging")) {
                    int perWorker = Math.max(1, batchSize / p);
                    System.out.printf(Locale.ROOT, "parameter averaging: k=%d, %d partitions × batch %d%n", k, p,
                            perWorker);
                    AveragingTrainer trainer = new AveragingTrainer(model, k, perWorker).listener(log);
                    history = trainer.fit(data, fit);
                    report = trainer.report();
                } else {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--mode: sync, averaging or "
                            + "local, got " + mode);
                }
            }
            System.out.println("training: " + report);
            printEpochs(history, held != null);
            System.out.printf(Locale.ROOT, "examples_per_second=%.1f aggregation_share=%.3f partitions=%d%n",
                    report.examplesPerSecond(), report.aggregationShare(), p);
            System.out.printf(Locale.ROOT, "test_accuracy=%.4f%n", score(sc, model, test, p));
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** Epochs run, the best monitored value, and what early stopping did. */
    private void printEpochs(History history, boolean validated) {
        String monitor = validated ? "val_loss" : "loss";
        List<Double> values = history.get(monitor);
        int best = 0;
        for (int e = 1; e < values.size(); e++) {
            best = values.get(e) < values.get(best) ? e : best;
        }
        System.out.printf(Locale.ROOT, "epochs_run=%d best_%s=%.4f (epoch %d)%n", history.epochs(), monitor,
                values.get(best), best + 1);
        if (stopping != null) {
            System.out.println(stopping.stoppedEpoch() < 0 ? "early stopping: ran all epochs; weights of the best "
                    + "epoch restored" : "early stopping: stopped after epoch " + (stopping.stoppedEpoch() + 1)
                    + "; weights of epoch " + (best + 1) + " restored");
        }
    }

    /** The callbacks the options ask for, in the order they run. */
    private Callback[] callbacks(boolean validated) {
        String monitor = validated ? "val_loss" : "loss";
        List<Callback> list = new ArrayList<>();
        if (cosine) {
            double base = learningRate;
            int total = epochs;
            list.add(new LearningRateScheduler(e -> base * (1 + Math.cos(Math.PI * e / total)) / 2));
        }
        if (csv != null) {
            list.add(new CsvLogger(csv));
        }
        if (checkpoint != null) {
            list.add(new ModelCheckpoint(checkpoint, monitor).bestOnly());
        }
        if (patience != null) {
            stopping = new EarlyStopping(monitor, patience).restoreBestWeights();
            list.add(stopping);
        }
        return list.toArray(new Callback[0]);
    }

    /** Accuracy of a broadcast model over the test images, scored on the executors. */
    private static double score(JavaSparkContext sc, Sequential model, Dataset test, int partitions) {
        float[] x = test.x().toArray();
        float[] y = test.y().toArray();
        List<float[]> images = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            images.add(java.util.Arrays.copyOfRange(x, i * 784, (i + 1) * 784));
        }
        List<float[]> outputs;
        try (SparkPredictor predictor = new SparkPredictor(model, sc)) {
            JavaRDD<float[]> scored = predictor.predict(sc.parallelize(images, partitions));
            outputs = scored.collect();
        }
        int correct = 0;
        for (int i = 0; i < outputs.size(); i++) {
            float[] o = outputs.get(i);
            int best = 0;
            for (int c = 1; c < o.length; c++) {
                best = o[c] > o[best] ? c : best;
            }
            correct += y[i * 10 + best] == 1f ? 1 : 0;
        }
        return (double) correct / outputs.size();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkMnist()).execute(args));
    }
}

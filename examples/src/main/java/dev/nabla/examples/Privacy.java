package dev.nabla.examples;

import dev.nabla.data.Dataset;
import dev.nabla.data.Mnist;
import dev.nabla.loss.Losses;
import dev.nabla.medical.diagnosis.BreastCancerTable;
import dev.nabla.medical.diagnosis.ColumnStandardizer;
import dev.nabla.tensor.Tensor;
import dev.nabla.io.ModelFile;
import dev.nabla.medical.imaging.Volume;
import dev.nabla.medical.privacy.Accuracy;
import dev.nabla.medical.privacy.DicomDeidentifier;
import dev.nabla.medical.provenance.ModelCard;
import dev.nabla.medical.provenance.Provenance;
import dev.nabla.medical.provenance.SubgroupMetrics;
import dev.nabla.medical.privacy.FederatedAveraging;
import dev.nabla.medical.privacy.Partitions;
import dev.nabla.medical.privacy.Site;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.ops.Ops;
import dev.nabla.train.Fit;
import dev.nabla.medical.privacy.DpFit;
import dev.nabla.metrics.Metrics;
import dev.nabla.train.History;
import dev.nabla.medical.privacy.EpsilonLogger;
import dev.nabla.medical.privacy.PrivacySpent;
import dev.nabla.medical.privacy.RdpAccountant;
import dev.nabla.medical.privacy.Sampling;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Privacy for medical training (issue 11).
 * <pre>
 *   epsilon  ε of a DP-SGD run (n, batch, σ, epochs, δ) from the RDP accountant, or σ for a target ε
 *   dpsgd    the seed CNN trained on MNIST with DP-SGD; ε at δ after every epoch, test accuracy at the end
 *   fedavg   federated averaging across simulated hospital sites vs centralised training
 *   card     train a model with provenance and write its model card
 *   deid     read a DICOM file or series de-identified (PS3.15 Basic Profile) and show the header before/after
 *   deidentify  write de-identified DICOM files (same profile, applied to the file, sequences included) into a folder
 * </pre>
 */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Differential privacy, federated averaging, provenance, model cards and DICOM de-identification.",
        subcommands = {Privacy.Epsilon.class, Privacy.DpSgdCommand.class, Privacy.FedAvg.class, Privacy.Card.class, Privacy.Deid.class,
                Privacy.Deidentify.class})
public final class Privacy implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** ε for DP-SGD hyper-parameters, as TF Privacy's compute_dp_sgd_privacy. */
    @Command(name = "epsilon", mixinStandardHelpOptions = true,
            description = "ε of DP-SGD with sampling rate batch/n (RDP accountant: Poisson, or sampling without "
                    + "replacement for fixed-size batches), or the σ that reaches --target-epsilon.")
    static final class Epsilon implements Callable<Integer> {
        @Option(names = "--sampling", converter = SamplingName.class,
                description = "poisson (add/remove-one) or fixed (fixed-size batches without replacement, replace-one) "
                        + "(default: poisson)")
        Sampling sampling = Sampling.POISSON;
        @Option(names = "--n", description = "training examples (default: ${DEFAULT-VALUE})")
        int n = 60_000;
        @Option(names = "--batch-size", description = "default: ${DEFAULT-VALUE}")
        int batchSize = 256;
        @Option(names = "--noise", description = "noise multiplier σ (default: ${DEFAULT-VALUE})")
        double noise = 1.1;
        @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
        double epochs = 60;
        @Option(names = "--delta", description = "default: ${DEFAULT-VALUE}")
        double delta = 1e-5;
        @Option(names = "--target-epsilon", description = "print the σ reaching this ε instead")
        Double target;

        @Override
        public Integer call() {
            long steps = (long) Math.ceil(epochs * n / batchSize);
            double q = (double) batchSize / n;
            if (target != null) {
                double sigma = RdpAccountant.noiseForEpsilon(sampling, q, steps, target, delta);
                System.out.printf(Locale.ROOT, "noise_multiplier=%.4f reaches ε ≤ %.3f at δ = %.0e over %d steps at q = %.5f "
                        + "(%s sampling)%n", sigma, target, delta, steps, q, sampling);
                return 0;
            }
            PrivacySpent p = RdpAccountant.dpSgdEpsilon(sampling, n, batchSize, noise, epochs, delta);
            System.out.printf(Locale.ROOT, "DP-SGD, %s sampling, q = %.5f, σ = %s, %d steps: %s%n", sampling, q, noise, steps, p);
            System.out.printf(Locale.ROOT, "epsilon=%.6f%n", p.epsilon());
            return 0;
        }
    }

    /** Reads {@code --sampling poisson|fixed} (also the enum names). */
    static final class SamplingName implements CommandLine.ITypeConverter<Sampling> {
        @Override
        public Sampling convert(String value) {
            return Sampling.parse(value);
        }
    }

    /** The seed CNN on MNIST with DP-SGD. */
    @Command(name = "dpsgd", mixinStandardHelpOptions = true,
            description = "Train the seed CNN on MNIST with DP-SGD (per-example clipping + Gaussian noise).")
    static final class DpSgdCommand implements Callable<Integer> {
        @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
        int epochs = 1;
        @Option(names = "--batch-size", description = "expected batch size; q = batch/n (default: ${DEFAULT-VALUE})")
        int batchSize = 256;
        @Option(names = "--noise", description = "noise multiplier σ (default: ${DEFAULT-VALUE})")
        double noise = 1.1;
        @Option(names = "--target-epsilon", description = "choose σ so that the run ends at this ε (overrides --noise)")
        Double targetEpsilon;
        @Option(names = "--clip", description = "per-example L2 clipping norm C (default: ${DEFAULT-VALUE})")
        double clip = 1.0;
        @Option(names = "--optimizer", description = "sgd (with --momentum) or adam (default: ${DEFAULT-VALUE})")
        String optimizer = "sgd";
        @Option(names = "--learning-rate", description = "step size (default: ${DEFAULT-VALUE})")
        double learningRate = 0.5;
        @Option(names = "--momentum", description = "SGD momentum (default: ${DEFAULT-VALUE})")
        double momentum = 0.9;
        @Option(names = "--delta", description = "default: ${DEFAULT-VALUE}")
        double delta = 1e-5;
        @Option(names = "--sampling", converter = SamplingName.class,
                description = "poisson, or fixed (fixed-size batches drawn without replacement, accounted with the "
                        + "replace-one analysis) (default: poisson)")
        Sampling sampling = Sampling.POISSON;
        @Option(names = "--train-limit", description = "first N training images, 0 = all 60,000 (default: ${DEFAULT-VALUE})")
        int trainLimit = 0;
        @Option(names = "--test-limit", description = "first N test images, 0 = all 10,000 (default: ${DEFAULT-VALUE})")
        int testLimit = 0;
        @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
        long seed = 42;
        @Option(names = "--model", description = "seed (the seed CNN, 240k weights) or tfp (TensorFlow Privacy's MNIST "
                + "tutorial CNN, 26k weights: a published reference point) (default: ${DEFAULT-VALUE})")
        String modelName = "seed";

        @Override
        public Integer call() throws Exception {
            Sequential model = switch (modelName) {
                case "seed" -> MnistCnn.seedCnn();
                case "tfp" -> tfPrivacyTutorialCnn();
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "--model must be seed or tfp, got '" + modelName + "'");
            };
            Path dir = Mnist.cacheDir().resolve("mnist");
            Dataset train = Mnist.train(dir);
            Dataset test = Mnist.test(dir);
            if (trainLimit > 0 && trainLimit < train.size()) {
                train = train.slice(0, trainLimit);
            }
            if (testLimit > 0 && testLimit < test.size()) {
                test = test.slice(0, testLimit);
            }
            int n = train.size();
            double q = (double) batchSize / n;
            long steps = (long) epochs * (n / batchSize);
            double sigma = targetEpsilon == null ? noise
                    : RdpAccountant.noiseForEpsilon(sampling, q, steps, targetEpsilon, delta);
            model.seed(seed);
            model.build(1, 28, 28);
            Optimizer opt = "adam".equalsIgnoreCase(optimizer) ? new Adam(learningRate)
                    : new SGD(learningRate).momentum(momentum);
            model.compile(opt, Losses.categoricalCrossentropy(), Metrics.accuracy());
            DpFit dp = new DpFit(clip, sigma, sampling, delta, seed + 1);
            System.out.printf(Locale.ROOT, "model %s (%,d weights)%n", modelName, model.countParams());
            System.out.printf(Locale.ROOT, "DP-SGD via Model.fit on %d MNIST images (test %d): %s sampling, q = %.5f, σ = %.4f, "
                            + "C = %s, %s lr %s momentum %s, %d epochs = %d steps, δ = %.0e%n",
                    n, test.size(), sampling, q, sigma, clip, optimizer, learningRate, momentum, epochs, steps, delta);
            long start = System.nanoTime();
            History h = model.fit(train, dp.applyTo(Fit.epochs(epochs).batchSize(batchSize).seed(seed)
                    .callbacks(new EpsilonLogger(System.out))));
            double seconds = (System.nanoTime() - start) / 1e9;
            double acc = Accuracy.of(model, test);
            System.out.printf(Locale.ROOT, "trained in %.0f s; %s%n", seconds, dp.spent());
            System.out.printf(Locale.ROOT, "epsilon=%.4f delta=%.0e sigma=%.4f test_accuracy=%.4f%n",
                    h.last("epsilon"), delta, sigma, acc);
            return 0;
        }
    }

    /**
     * The CNN of TensorFlow Privacy's MNIST tutorial ({@code tutorials/mnist_dpsgd_tutorial_keras.py}):
     * Conv2D(16, 8×8, stride 2, same, relu) → MaxPool(2, stride 1) → Conv2D(32, 4×4, stride 2, valid, relu) →
     * MaxPool(2, stride 1) → Flatten → Dense(32, relu) → Dense(10) (softmax here; logits there, same loss).
     */
    static Sequential tfPrivacyTutorialCnn() {
        return new Sequential(
                new Conv2D(16, 8).strides(2).padding("same").activation(Activation.RELU),
                new MaxPool2D(2).strides(1),
                new Conv2D(32, 4).strides(2).activation(Activation.RELU),
                new MaxPool2D(2).strides(1),
                new Flatten(),
                new Dense(32).activation(Activation.RELU),
                new Dense(10).activation(Activation.SOFTMAX));
    }

    /** Federated averaging on the WDBC table vs centralised training on the same split. */
    @Command(name = "fedavg", mixinStandardHelpOptions = true,
            description = "FedAvg across simulated hospitals (IID and label-skewed) vs centralised SGD, on WDBC or MNIST (--task).")
    static final class FedAvg implements Callable<Integer> {
        @Option(names = "--sites", description = "default: ${DEFAULT-VALUE}")
        int sites = 5;
        @Option(names = "--rounds", description = "default: ${DEFAULT-VALUE}")
        int rounds = 30;
        @Option(names = "--local-epochs", description = "default: ${DEFAULT-VALUE}")
        int localEpochs = 1;
        @Option(names = "--batch-size", description = "default: ${DEFAULT-VALUE}")
        int batchSize = 16;
        @Option(names = "--learning-rate", description = "default: ${DEFAULT-VALUE}")
        double learningRate = 0.05;
        @Option(names = "--update-clip", description = "clip each site's update to this L2 norm and add noise (with --update-noise)")
        double updateClip = 0;
        @Option(names = "--update-noise", description = "σ of the site-level Gaussian noise (default: ${DEFAULT-VALUE})")
        double updateNoise = 0;
        @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
        long seed = 7;
        @Option(names = "--task", description = "wdbc (30-feature table, Dense(16)-Dense(2)) or mnist (default: ${DEFAULT-VALUE})")
        String task = "wdbc";
        @Option(names = "--model", description = "mnist only: mlp (Flatten-Dense(200,relu)-Dense(200,relu)-Dense(10), "
                + "McMahan et al.'s 2NN) or cnn (the seed CNN) (default: ${DEFAULT-VALUE})")
        String model = "mlp";
        @Option(names = "--train-limit", description = "mnist only: the first N of the 60,000 training images "
                + "(0 = all; default: ${DEFAULT-VALUE}); the test set is always all 10,000")
        int trainLimit = 10_000;
        @Option(names = "--shards-per-site", description = "label-sorted shards per site in the non-IID split "
                + "(default: ${DEFAULT-VALUE}: about 2 labels per site with 10 classes and 5 sites)")
        int shardsPerSite = 2;

        @Override
        public Integer call() throws Exception {
            if (task.equalsIgnoreCase("mnist")) {
                return mnist();
            }
            if (!task.equalsIgnoreCase("wdbc")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--task must be wdbc or mnist, got " + task);
            }
            Dataset all = BreastCancerTable.load().toDataset();
            int[] perm = new int[all.size()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = perm.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            int nTrain = (int) Math.round(0.8 * all.size());
            Dataset trainRaw = subset(all, Arrays.copyOfRange(perm, 0, nTrain));
            Dataset testRaw = subset(all, Arrays.copyOfRange(perm, nTrain, perm.length));
            Dataset train = standardized(trainRaw, trainRaw);
            Dataset test = standardized(testRaw, trainRaw);
            Supplier<Sequential> arch = () -> new Sequential(new Dense(16).activation(Activation.RELU),
                    new Dense(2).activation(Activation.SOFTMAX)).seed(seed);
            System.out.printf(Locale.ROOT, "WDBC: %d training rows, %d test rows (seeded 80/20 split, seed %d); %d sites, "
                    + "%d rounds × %d local epochs, batch %d, SGD lr %s%n", train.size(), test.size(), seed, sites, rounds,
                    localEpochs, batchSize, learningRate);

            Sequential central = arch.get();
            central.build(BreastCancerTable.FEATURES.size());
            central.compile(new SGD(learningRate), Losses.categoricalCrossentropy());
            central.fit(train, Fit.epochs(rounds * localEpochs).batchSize(batchSize).seed(seed).verbose(false));
            double centralAcc = Accuracy.of(central, test);
            System.out.printf(Locale.ROOT, "centralised     %d epochs            test accuracy %.4f%n", rounds * localEpochs, centralAcc);

            for (String split : List.of("iid", "label-skewed")) {
                List<Site> siteList = split.equals("iid") ? Partitions.iid(train, sites, seed)
                        : Partitions.labelSkewed(train, sites, 2, seed);
                FederatedAveraging fed = new FederatedAveraging(arch, new int[] {BreastCancerTable.FEATURES.size()},
                        Losses.categoricalCrossentropy(), siteList, seed)
                        .learningRate(learningRate).localEpochs(localEpochs).localBatchSize(batchSize);
                if (updateClip > 0) {
                    fed.withUpdateNoise(updateClip, updateNoise);
                }
                for (int round = 0; round < rounds; round++) {
                    fed.round();
                }
                double acc = Accuracy.of(fed.globalModel(), test);
                StringBuilder sizes = new StringBuilder();
                for (Site s : siteList) {
                    sizes.append(sizes.length() == 0 ? "" : "/").append(s.size());
                }
                System.out.printf(Locale.ROOT, "fedavg %-12s sites %s  test accuracy %.4f%s%n", split, sizes, acc,
                        updateClip > 0 ? String.format(Locale.ROOT, "  (site-level %s)", fed.spent(1e-5)) : "");
            }
            return 0;
        }

        /** FedAvg on MNIST (IID and label-skewed sites) against centralised SGD on the same training images. */
        private Integer mnist() throws Exception {
            Path dir = Mnist.cacheDir().resolve("mnist");
            Dataset train = Mnist.train(dir);
            Dataset test = Mnist.test(dir);
            if (trainLimit > 0 && trainLimit < train.size()) {
                train = train.slice(0, trainLimit);
            }
            boolean cnn = model.equalsIgnoreCase("cnn");
            if (!cnn && !model.equalsIgnoreCase("mlp")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--model must be mlp or cnn, got " + model);
            }
            Supplier<Sequential> arch = cnn ? () -> MnistCnn.seedCnn().seed(seed)
                    : () -> new Sequential(new Flatten(), new Dense(200).activation(Activation.RELU),
                            new Dense(200).activation(Activation.RELU), new Dense(10).activation(Activation.SOFTMAX)).seed(seed);
            int[] shape = {1, 28, 28};
            System.out.printf(Locale.ROOT, "MNIST: first %d training images, all %d test images; model %s; %d sites, "
                            + "%d rounds × %d local epochs, batch %d, SGD lr %s, seed %d%n", train.size(), test.size(),
                    cnn ? "seed CNN" : "2NN MLP (200-200)", sites, rounds, localEpochs, batchSize, learningRate, seed);

            long t0 = System.nanoTime();
            Sequential central = arch.get();
            central.build(shape);
            central.compile(new SGD(learningRate), Losses.categoricalCrossentropy());
            central.fit(train, Fit.epochs(rounds * localEpochs).batchSize(batchSize).seed(seed).verbose(false));
            System.out.printf(Locale.ROOT, "centralised     %d epochs on %d images            test accuracy %.4f  (%.0f s)%n",
                    rounds * localEpochs, train.size(), Accuracy.of(central, test), (System.nanoTime() - t0) / 1e9);

            for (String split : List.of("iid", "label-skewed")) {
                long t1 = System.nanoTime();
                List<Site> siteList = split.equals("iid") ? Partitions.iid(train, sites, seed)
                        : Partitions.labelSkewed(train, sites, shardsPerSite, seed);
                FederatedAveraging fed = new FederatedAveraging(arch, shape, Losses.categoricalCrossentropy(), siteList, seed)
                        .learningRate(learningRate).localEpochs(localEpochs).localBatchSize(batchSize);
                if (updateClip > 0) {
                    fed.withUpdateNoise(updateClip, updateNoise);
                }
                StringBuilder curve = new StringBuilder();
                for (int round = 1; round <= rounds; round++) {
                    fed.round();
                    if (round % Math.max(1, rounds / 5) == 0 || round == rounds) {
                        curve.append(String.format(Locale.ROOT, " r%d=%.4f", round, Accuracy.of(fed.globalModel(), test)));
                    }
                }
                double acc = Accuracy.of(fed.globalModel(), test);
                StringBuilder sizes = new StringBuilder();
                for (Site s : siteList) {
                    sizes.append(sizes.length() == 0 ? "" : "/").append(s.size());
                }
                System.out.printf(Locale.ROOT, "fedavg %-12s sites %s  test accuracy %.4f  (%.0f s; after rounds:%s)%s%n",
                        split, sizes, acc, (System.nanoTime() - t1) / 1e9, curve,
                        updateClip > 0 ? String.format(Locale.ROOT, "  (site-level %s)", fed.spent(1e-5)) : "");
            }
            return 0;
        }

        static Dataset subset(Dataset d, int[] rows) {
            return Dataset.of(Ops.indexSelect(d.x(), 0, rows).detach().contiguous(),
                    Ops.indexSelect(d.y(), 0, rows).detach().contiguous());
        }

        /** {@code data} in z-scores with the column means and deviations of {@code reference} (the training split). */
        static Dataset standardized(Dataset data, Dataset reference) {
            int d = reference.x().size(1);
            float[] z = ColumnStandardizer.fit(rows(reference)).apply(rows(data));
            return Dataset.of(Tensor.of(z, data.size(), d), data.y());
        }

        private static float[][] rows(Dataset data) {
            float[] x = data.x().contiguous().toArray();
            int d = data.x().size(1);
            float[][] rows = new float[data.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(x, i * d, (i + 1) * d);
            }
            return rows;
        }
    }

    /** A WDBC classifier trained (optionally with DP-SGD) with full provenance, saved with its model card. */
    @Command(name = "card", mixinStandardHelpOptions = true,
            description = "Train a WDBC malignancy classifier with provenance; write model.nabla and model-card.md.")
    static final class Card implements Callable<Integer> {
        @Option(names = "--epochs", description = "default: ${DEFAULT-VALUE}")
        int epochs = 30;
        @Option(names = "--batch-size", description = "default: ${DEFAULT-VALUE}")
        int batchSize = 32;
        @Option(names = "--learning-rate", description = "SGD step (default: ${DEFAULT-VALUE})")
        double learningRate = 0.1;
        @Option(names = "--noise", description = "train with DP-SGD at this noise multiplier (0 = plain SGD; default: ${DEFAULT-VALUE})")
        double noise = 0;
        @Option(names = "--clip", description = "DP-SGD clipping norm (default: ${DEFAULT-VALUE})")
        double clip = 1.0;
        @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
        long seed = 7;
        @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})")
        Path out = Path.of("build-output", "privacy-card");

        @Override
        public Integer call() throws Exception {
            Path file = BreastCancerTable.defaultPath();
            Dataset all = BreastCancerTable.read(file).toDataset();
            int[] perm = permutation(all.size(), seed);
            int nTrain = (int) Math.round(0.8 * all.size());
            Dataset trainRaw = FedAvg.subset(all, Arrays.copyOfRange(perm, 0, nTrain));
            Dataset testRaw = FedAvg.subset(all, Arrays.copyOfRange(perm, nTrain, perm.length));
            Dataset train = FedAvg.standardized(trainRaw, trainRaw);
            Dataset test = FedAvg.standardized(testRaw, trainRaw);
            Sequential model = new Sequential(new Dense(16).activation(Activation.RELU),
                    new Dense(2).activation(Activation.SOFTMAX)).seed(seed);
            model.build(BreastCancerTable.FEATURES.size());
            Provenance prov = new Provenance("wdbc-malignancy-mlp")
                    .codeVersion(Provenance.gitCommit(Path.of(".")))
                    .dataset("wdbc breast_cancer.csv (file)", file)
                    .dataset("training split (contents)", train)
                    .dataset("test split (contents)", test)
                    .seed(seed)
                    .hyperParameter("architecture", "Dense(16, relu) → Dense(2, softmax)")
                    .hyperParameter("split", "seeded 80/20 shuffle, " + train.size() + " train / " + test.size() + " test")
                    .hyperParameter("standardisation", "training-split mean and standard deviation")
                    .hyperParameter("optimizer", "SGD lr " + learningRate)
                    .hyperParameter("epochs", epochs)
                    .hyperParameter("batch_size", batchSize)
                    .intendedUse("Demonstration of provenance and model cards on the public UCI WDBC table "
                            + "(fine-needle-aspirate features → malignant/benign). Not a medical device; not for diagnosis.")
                    .limitations("569 patients from one centre (Wisconsin, early 1990s); no demographic labels, so the "
                            + "subgroups below are tumour-size bands derived from the 'mean radius' feature, not patient groups.");
            if (noise > 0) {
                model.compile(new SGD(learningRate), Losses.categoricalCrossentropy());
                DpFit dp = new DpFit(clip, noise, Sampling.POISSON, 1e-5, seed);
                model.fit(train, dp.applyTo(Fit.epochs(epochs).batchSize(batchSize).seed(seed).verbose(false)));
                prov.hyperParameter("dp_sgd", "σ = " + noise + ", C = " + clip + ", Poisson q = " + batchSize + "/" + train.size())
                        .metric("dp_epsilon_at_delta_1e-5", dp.spent().epsilon());
            } else {
                model.compile(new SGD(learningRate), Losses.categoricalCrossentropy());
                model.fit(train, Fit.epochs(epochs).batchSize(batchSize).seed(seed).verbose(false));
            }
            int[] pred = Accuracy.predictions(model, test.x());
            int[] truth = Accuracy.labels(test.y());
            // Subgroups: tumour-size band by the raw 'mean radius' (column 0) against the training-split tertiles.
            float[] trainRadius = column(trainRaw, 0);
            float[] sorted = trainRadius.clone();
            Arrays.sort(sorted);
            float t1 = sorted[sorted.length / 3];
            float t2 = sorted[2 * sorted.length / 3];
            float[] radius = column(testRaw, 0);
            String[] band = new String[radius.length];
            for (int i = 0; i < band.length; i++) {
                band[i] = radius[i] < t1 ? "1 small (radius < " + t1 + ")" : radius[i] < t2 ? "2 medium" : "3 large (radius ≥ " + t2 + ")";
            }
            SubgroupMetrics groups = SubgroupMetrics.compute(pred, truth, band, 0); // positive = malignant (0)
            prov.metric("test_accuracy", groups.groups().get("overall").accuracy())
                    .metric("test_sensitivity_malignant", groups.groups().get("overall").sensitivity())
                    .metric("test_specificity_malignant", groups.groups().get("overall").specificity());
            Files.createDirectories(out);
            Path modelFile = out.resolve("model.nabla");
            model.save(modelFile, prov.toMetadata());
            String md = ModelCard.markdown(model, Provenance.fromMetadata(ModelFile.metadata(modelFile)), groups,
                    "tumour-size band, positive class = malignant");
            ModelCard.write(out.resolve("model-card.md"), md);
            System.out.println(md);
            System.out.printf(Locale.ROOT, "wrote %s and %s%n", modelFile, out.resolve("model-card.md"));
            return 0;
        }

        private static float[] column(Dataset d, int c) {
            float[] x = d.x().contiguous().toArray();
            int f = d.x().size(1);
            float[] out = new float[d.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = x[i * f + c];
            }
            return out;
        }
    }

    /** De-identifies a DICOM file or series on import and prints what changed (values of removed tags are not shown). */
    @Command(name = "deid", mixinStandardHelpOptions = true,
            description = "Read DICOM de-identified (PS3.15 Basic Profile + modified dates); list kept/replaced/removed tags.")
    static final class Deid implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", description = "a .dcm file or a folder holding one series (default: pydicom CT_small.dcm)",
                arity = "0..1")
        Path input;
        @Option(names = "--key-file", description = "secret key (≥ 16 bytes) for pseudonyms, UIDs and date shifts; "
                + "default: $NABLA_DEID_KEY, else a random key for this run only")
        Path keyFile;
        @Option(names = "--retain-characteristics", description = "keep sex, age, size, weight")
        boolean retain;

        @Override
        public Integer call() throws Exception {
            Path in = input != null ? input : dev.nabla.medical.imaging.DataSets.require("dicom", "pydicom/CT_small.dcm");
            byte[] key;
            if (keyFile != null) {
                key = Files.readAllBytes(keyFile);
            } else if (System.getenv("NABLA_DEID_KEY") != null) {
                key = System.getenv("NABLA_DEID_KEY").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                System.out.println("(random key for this run: pseudonyms, UIDs and date shifts will differ next time)");
            }
            DicomDeidentifier d = new DicomDeidentifier(key);
            if (retain) {
                d.retainPatientCharacteristics();
            }
            Volume v = d.read(in);
            Map<String, String> after = v.metadata();
            Map<String, String> before = dev.nabla.medical.imaging.DicomReader.header(
                    Files.isDirectory(in) ? firstDicom(in) : in);
            int removed = 0;
            int replaced = 0;
            for (String tag : before.keySet()) {
                if (!after.containsKey(tag)) {
                    removed++;
                } else if (!after.get(tag).equals(before.get(tag))) {
                    replaced++;
                    System.out.printf(Locale.ROOT, "replaced %s → %s%n", tag, after.get(tag));
                }
            }
            System.out.printf(Locale.ROOT, "%s: %d×%d×%d voxels; %d header attributes: %d kept, %d replaced, %d removed "
                    + "(values of removed attributes are not printed); %d attributes after de-identification%n",
                    in.getFileName(), v.nx(), v.ny(), v.nz(), before.size(), before.size() - removed - replaced, replaced,
                    removed, after.size());
            return 0;
        }

        private static Path firstDicom(Path dir) throws java.io.IOException {
            try (var s = Files.list(dir)) {
                return s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".dcm")).sorted().findFirst()
                        .orElseThrow(() -> new java.io.IOException(dir + ": no .dcm file"));
            }
        }
    }

    /** Writes de-identified copies of DICOM files (PS3.15 Basic Profile + modified dates) into a folder. */
    @Command(name = "deidentify", mixinStandardHelpOptions = true,
            description = "Write de-identified DICOM files (PS3.15 Table E.1-1 Basic Profile, 620 rows; dates shifted "
                    + "per patient, UIDs "
                    + "remapped by a keyed HMAC, private tags removed, pixels byte-identical) into --out, each named "
                    + "<new SOP Instance UID>.dcm.")
    static final class Deidentify implements Callable<Integer> {
        @Option(names = "--in", required = true, description = "a DICOM file, or a folder searched (16 levels) for "
                + "files with the DICM marker")
        Path input;
        @Option(names = "--out", required = true, description = "output folder (created; files are written via a "
                + "temporary file and renamed)")
        Path out;
        @Option(names = "--key-file", description = "secret key (≥ 16 bytes) for pseudonyms, UIDs and date shifts; "
                + "default: $NABLA_DEID_KEY, else a random key for this run only")
        Path keyFile;
        @Option(names = "--retain-characteristics", description = "keep sex, age, size, weight")
        boolean retain;
        @Option(names = "--allow-burned-in", description = "accept files with Burned In Annotation = YES (their "
                + "pixels are NOT cleaned)")
        boolean allowBurnedIn;

        @Override
        public Integer call() throws Exception {
            DicomDeidentifier d = new DicomDeidentifier(key(keyFile));
            if (retain) {
                d.retainPatientCharacteristics();
            }
            if (allowBurnedIn) {
                d.allowBurnedInAnnotation();
            }
            List<Path> files = new java.util.ArrayList<>();
            Path outAbs = out.toAbsolutePath().normalize();
            if (Files.isDirectory(input)) {
                try (var s = Files.walk(input, 16)) {
                    for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                        if (Files.isRegularFile(p) && !p.toAbsolutePath().normalize().startsWith(outAbs)
                                && !p.getFileName().toString().startsWith(".") && hasDicmMarker(p)) {
                            files.add(p);
                        }
                    }
                }
            } else {
                files.add(input);
            }
            if (files.isEmpty()) {
                System.err.println(input + ": no DICOM files (with the DICM marker at byte 128)");
                return 1;
            }
            dev.nabla.medical.privacy.DeidentifiedDicomWriter w = new dev.nabla.medical.privacy.DeidentifiedDicomWriter(d);
            int ok = 0;
            int failed = 0;
            long removed = 0;
            long replaced = 0;
            int converted = 0;
            long start = System.nanoTime();
            for (Path f : files) {
                try {
                    var r = w.writeInto(f, out);
                    ok++;
                    removed += r.removed();
                    replaced += r.replaced();
                    if (r.converted()) {
                        converted++;
                    }
                    System.out.printf(Locale.ROOT, "%s → %s  (%d removed, %d replaced, %d kept)%s%n", f,
                            r.output().getFileName(), r.removed(), r.replaced(), r.kept(), r.converted()
                                    ? "  [" + r.sourceTransferSyntax() + " → Explicit VR Little Endian]" : "");
                } catch (java.io.IOException e) {
                    failed++;
                    System.err.println("refused: " + e.getMessage());
                }
            }
            System.out.printf(Locale.ROOT, "%d of %d files de-identified into %s (%d elements removed, %d replaced; "
                    + "%d converted from big-endian or deflated to explicit little endian; %.1f s)%s%n", ok,
                    files.size(), out, removed, replaced, converted, (System.nanoTime() - start) / 1e9,
                    failed > 0 ? "; " + failed + " refused, nothing written for them" : "");
            return failed > 0 ? 1 : 0;
        }

        private static boolean hasDicmMarker(Path p) throws java.io.IOException {
            try (var in = Files.newInputStream(p)) {
                byte[] h = in.readNBytes(132);
                return h.length == 132 && h[128] == 'D' && h[129] == 'I' && h[130] == 'C' && h[131] == 'M';
            }
        }
    }

    /** The de-identification key: the file, else $NABLA_DEID_KEY, else a random one (said so). */
    static byte[] key(Path keyFile) throws java.io.IOException {
        if (keyFile != null) {
            return Files.readAllBytes(keyFile);
        }
        if (System.getenv("NABLA_DEID_KEY") != null) {
            return System.getenv("NABLA_DEID_KEY").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        System.out.println("(random key for this run: pseudonyms, UIDs and date shifts will differ next time; "
                + "pass --key-file or set NABLA_DEID_KEY to keep them stable)");
        return key;
    }

    static int[] permutation(int n, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Privacy()).execute(args));
    }
}

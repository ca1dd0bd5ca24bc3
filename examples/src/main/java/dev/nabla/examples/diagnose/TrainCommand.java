package dev.nabla.examples.diagnose;

import dev.nabla.medical.diagnosis.TabularDiagnosis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code diagnose train}: cross-validates, then trains and saves the final model with its provenance. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a diagnosis model (wdbc: CV estimate + final model on all cases; lesion: SIMULATED lesions; "
                + "images: your own class-folder images, threshold chosen on a validation split).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--task", description = "wdbc, lesion or images (default: ${DEFAULT-VALUE})")
    Task task = Task.WDBC;

    @Option(names = "--data", description = "wdbc: breast_cancer.csv (default: the data cache); images: a folder with one sub-folder per class")
    Path data;

    @Option(names = "--folds", description = "cross-validation folds (default: ${DEFAULT-VALUE})")
    int folds = 10;

    @Option(names = "--epochs", description = "epochs (default: 60 for wdbc)")
    Integer epochs;

    @Option(names = "--hidden", description = "wdbc hidden units (default: ${DEFAULT-VALUE})")
    int hidden = 16;

    @Option(names = "--seed", description = "seed of folds, weights, shuffling, bootstrap (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--bootstrap", description = "bootstrap replicates (default: ${DEFAULT-VALUE})")
    int replicates = 2000;

    @Option(names = "--positive", description = "images: the positive class folder (default: the second in sorted order)")
    String positive;

    @Option(names = "--window", description = "images: DICOM window WIDTH/LEVEL in HU (e.g. 80/40) or a preset "
            + "(brain, subdural, stroke, soft-tissue, lung, bone, liver); default: min-max per image")
    String window;

    @Option(names = "--size", description = "images: square network input, pixels (default: ${DEFAULT-VALUE})")
    int size = 64;

    @Option(names = "--skip-bad", description = "images: skip unreadable files (counted and listed) instead of failing")
    boolean skipBad;

    @Option(names = "--target-sensitivity", description = "images: choose the threshold on the validation split for "
            + "this sensitivity (default: ${DEFAULT-VALUE})")
    double targetSensitivity = 0.9;

    @Option(names = "--youden", description = "images: choose the threshold by Youden's J instead")
    boolean youden;

    @Option(names = "--batch", description = "images: batch size (default: ${DEFAULT-VALUE})")
    int batch = 32;

    @Option(names = "--lr", description = "images: Adam learning rate (default: ${DEFAULT-VALUE})")
    double learningRate = 1e-3;

    @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "diagnose");

    @Override
    public Integer call() throws Exception {
        if (task == Task.IMAGES) {
            return ImagesTask.train(new ImagesTask.TrainOptions(data, positive, window, size, skipBad,
                    epochs == null ? 15 : epochs, batch, learningRate, targetSensitivity, youden, seed, replicates, out));
        }
        if (task == Task.LESION) {
            return LesionTask.train(out, seed, epochs);
        }
        TabularDiagnosis d = TabularDiagnosis.defaults(seed);
        TabularDiagnosis settings = new TabularDiagnosis(hidden, d.dropout(), epochs == null ? d.epochs() : epochs,
                d.batchSize(), d.learningRate(), seed);
        Wdbc.Result r = Wdbc.crossValidate(data, settings, folds, replicates);
        System.out.print(r.report().table());
        System.out.printf(Locale.ROOT, "cross-validation took %.1f s%n", r.seconds());
        Files.createDirectories(out);
        r.report().writePlots(out, "wdbc-", "WDBC MLP, " + folds + "-fold CV (out-of-fold)");
        TabularDiagnosis.Trained finalModel = settings.train(r.table().features(), r.table().labels());
        Path file = out.resolve("wdbc.nabla");
        Map<String, Object> meta = Wdbc.provenance(r, folds);
        finalModel.save(file, meta);
        System.out.println("model (trained on all 569 cases; its CV estimate above): " + file);
        System.out.println("plots: " + out.resolve("wdbc-roc.png") + ", wdbc-pr.png, wdbc-calibration.png");
        r.report().lines().forEach(System.out::println);
        return 0;
    }
}

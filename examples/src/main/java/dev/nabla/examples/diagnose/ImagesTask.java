package dev.nabla.examples.diagnose;

import dev.nabla.io.ModelFile;
import dev.nabla.medical.clinical.Bootstrap;
import dev.nabla.medical.clinical.ScoredCases;
import dev.nabla.medical.clinical.Thresholds;
import dev.nabla.medical.diagnosis.DiagnosticReport;
import dev.nabla.medical.diagnosis.ImageFolder;
import dev.nabla.medical.diagnosis.LesionDetection;
import dev.nabla.medical.explain.CaseReport;
import dev.nabla.medical.explain.GradCam;
import dev.nabla.medical.explain.HeatMap;
import dev.nabla.medical.explain.Saliency;
import dev.nabla.medical.imaging.Window;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --task images}: the seed CNN on the user's own class-folder images (one sub-folder per class, two
 * classes): seeded stratified 70/15/15 split, the decision threshold chosen on the validation split, the clinical
 * report with CIs on the test split, a model file carrying its provenance; evaluation on a new folder and
 * explanation of a single file.
 */
final class ImagesTask {
    static final String INTENDED_USE = "Research and engineering evaluation on the user's own images. NOT FOR CLINICAL USE.";
    static final double VALIDATION = 0.15;
    static final double TEST = 0.15;

    private ImagesTask() {
    }

    /** Options of {@code train --task images}. */
    record TrainOptions(Path data, String positive, String window, int size, boolean skipBad, int epochs, int batch,
                        double learningRate, double targetSensitivity, boolean youden, long seed, int replicates, Path out) {
    }

    static Window window(String spec) {
        if (spec == null || spec.equalsIgnoreCase("minmax") || spec.equalsIgnoreCase("min-max")) {
            return null;
        }
        if (spec.contains("/")) {
            String[] f = spec.split("/");
            try {
                return new Window(Double.parseDouble(f[0].trim()), Double.parseDouble(f[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--window '" + spec + "': expected WIDTH/LEVEL in HU (e.g. 80/40) or a "
                        + "preset name (brain, subdural, stroke, soft-tissue, lung, bone, liver)");
            }
        }
        return Window.preset(spec);
    }

    static String describe(Window w) {
        return w == null ? "min-max per image" : String.format(Locale.ROOT, "%g/%g", w.width(), w.level());
    }

    static int train(TrainOptions o) throws Exception {
        if (o.data() == null) {
            throw new IllegalArgumentException("--task images needs --data DIR (one sub-folder per class)");
        }
        if (o.size() < 22) {
            throw new IllegalArgumentException("--size " + o.size() + ": the seed CNN (three valid 3×3 convolutions, "
                    + "each followed by 2×2 pooling) needs at least 22 pixels");
        }
        Window window = window(o.window());
        ImageFolder folder = ImageFolder.read(o.data(), o.positive(), window, o.size(), o.skipBad());
        List<String> classes = folder.classes();
        System.out.printf(Locale.ROOT, "classes: negative '%s' (%d images), positive '%s' (%d images)%s%n", classes.get(0),
                folder.count(0), classes.get(1), folder.count(1),
                o.positive() == null ? " — positive = the second folder in sorted order; change with --positive" : "");
        reportSkipped(folder);
        ImageFolder.Split split = folder.split(VALIDATION, TEST, o.seed());
        String splitText = String.format(Locale.ROOT, "stratified %d/%d/%d %% train/validation/test, seed %d: %d/%d/%d images",
                Math.round(100 * (1 - VALIDATION - TEST)), Math.round(100 * VALIDATION), Math.round(100 * TEST), o.seed(),
                split.train().size(), split.validation().size(), split.test().size());
        System.out.println("split: " + splitText);
        System.out.println("preprocessing: grey levels, " + (window == null ? "min-max to [0,1] per image"
                : "DICOM window " + describe(window) + " HU (PNG/JPEG: min-max)") + ", area-resampled to " + o.size() + "x"
                + o.size() + ", z-scored per image");
        LesionDetection.Settings s = new LesionDetection.Settings(o.size(), new double[0], new double[0], 0, 0, 0,
                o.epochs(), o.batch(), o.learningRate(), o.seed());
        long start = System.nanoTime();
        Sequential model = LesionDetection.train(ImageFolder.samples(split.train()), s, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "trained the seed CNN in %.1f s (%d epochs, %d training images)%n", seconds,
                o.epochs(), split.train().size());
        ScoredCases val = score(model, split.validation());
        Thresholds.OperatingPoint op = o.youden() ? Thresholds.youden(val) : Thresholds.forSensitivity(val, o.targetSensitivity());
        String rule = o.youden() ? "Youden J on the validation split"
                : String.format(Locale.ROOT, "sensitivity >= %.2f on the validation split", o.targetSensitivity());
        double threshold = withMargin(val, op.threshold());
        System.out.printf(Locale.ROOT, "threshold chosen on validation (%d images): %.6f (%s; validation sensitivity %.3f, "
                + "specificity %.3f; placed midway to the next lower validation score, same validation operating point)%n",
                split.validation().size(), threshold, rule, op.sensitivity(), op.specificity());
        ScoredCases test = score(model, split.test());
        Files.createDirectories(o.out());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("task", "images");
        meta.put("data_folder", o.data().toAbsolutePath().toString());
        meta.put("data_sha256", folder.sha256());
        meta.put("classes", classes.get(0) + "," + classes.get(1));
        meta.put("positive_class", classes.get(1));
        meta.put("size", o.size());
        meta.put("window", describe(window));
        meta.put("split", splitText);
        meta.put("seed", o.seed());
        meta.put("epochs", o.epochs());
        meta.put("architecture", "Conv32-Pool-Conv64-Pool-Conv128-Pool-Dense128-softmax, input 1x" + o.size() + "x"
                + o.size() + ", each image z-scored");
        meta.put("threshold", threshold);
        meta.put("threshold_rule", rule);
        meta.put("train_seconds", seconds);
        meta.put("skipped_files", folder.skipped().size());
        meta.putAll(report(test, threshold, o.seed(), o.replicates(), o.out(), "images-test-",
                "test split of " + o.data().getFileName()));
        meta.put("intended_use", INTENDED_USE);
        Path file = o.out().resolve("images.nabla");
        model.save(file, meta);
        System.out.println("model: " + file + " (provenance: data sha256 " + folder.sha256().substring(0, 16) + "…)");
        return 0;
    }

    /**
     * The ROC threshold {@code t} (the lowest score still called positive) moved down to the midpoint between
     * {@code t} and the next lower validation score: no validation case changes side, but a new case scoring a
     * hair below {@code t} (a saturated softmax gives t ≈ 1) is not called negative by rounding alone.
     */
    static double withMargin(ScoredCases val, double t) {
        double below = Double.NEGATIVE_INFINITY;
        for (double s : val.scores()) {
            if (s < t && s > below) {
                below = s;
            }
        }
        return below == Double.NEGATIVE_INFINITY ? t : (t + below) / 2;
    }

    /** Prints the test report at 0.5 and at the validation threshold; returns the provenance summary. */
    private static Map<String, Object> report(ScoredCases cases, double threshold, long seed, int replicates, Path out,
                                              String prefix, String title) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (double t : new double[] {0.5, threshold}) {
            boolean chosen = t == threshold;
            DiagnosticReport r = DiagnosticReport.of(cases, t, new Bootstrap(replicates, 0.95, seed));
            System.out.println(chosen ? "— at the threshold chosen on the validation split:" : "— at threshold 0.5:");
            System.out.print(r.table());
            String tag = chosen ? "validation_threshold" : "threshold_0.5";
            for (String line : r.lines()) {
                System.out.println(tag + "." + line);
            }
            for (String m : new String[] {"accuracy", "sensitivity", "specificity"}) {
                summary.put("test_" + m + "_" + tag, r.interval(m).toString());
            }
            if (chosen) {
                summary.put("test_roc_auc", r.interval("roc_auc").toString());
                if (r.calibration() != null) {
                    summary.put("test_ece", String.format(Locale.ROOT, "%.4f", r.calibration().expectedCalibrationError()));
                }
                System.out.println("plots: " + r.writePlots(out, prefix, title));
            }
        }
        return summary;
    }

    private static void reportSkipped(ImageFolder folder) {
        if (!folder.skipped().isEmpty()) {
            System.out.println("skipped " + folder.skipped().size() + " unreadable file(s) (--skip-bad):");
            folder.skipped().forEach(f -> System.out.println("  " + f));
        }
    }

    static ScoredCases score(Model model, List<ImageFolder.Item> items) {
        double[] s = LesionDetection.scores(model, ImageFolder.samples(items));
        int[] y = items.stream().mapToInt(ImageFolder.Item::label).toArray();
        return ScoredCases.of(s, y);
    }

    private static Map<String, Object> requireImagesModel(Path model) throws IOException {
        if (model == null) {
            throw new IllegalArgumentException("--task images needs --model FILE (written by diagnose train --task images)");
        }
        if (!Files.isRegularFile(model)) {
            throw new IOException(model + ": model file not found; train one with ./nabla diagnose train --task images");
        }
        Map<String, Object> meta = ModelFile.metadata(model);
        if (!"images".equals(String.valueOf(meta.get("task")))) {
            throw new IOException(model + ": not an images-task model (task = " + meta.get("task") + ")");
        }
        return meta;
    }

    static int evaluate(Path modelFile, Path data, boolean skipBad, Double thresholdOverride, long seed, int replicates,
                        Path out) throws Exception {
        Map<String, Object> meta = requireImagesModel(modelFile);
        if (data == null) {
            throw new IllegalArgumentException("--task images needs --data DIR (same class sub-folders as training)");
        }
        String[] classes = String.valueOf(meta.get("classes")).split(",");
        int size = ((Number) meta.get("size")).intValue();
        Window window = window(String.valueOf(meta.get("window")).equals("min-max per image") ? null
                : String.valueOf(meta.get("window")));
        ImageFolder folder = ImageFolder.read(data, classes[1], window, size, skipBad);
        if (!folder.classes().get(0).equals(classes[0])) {
            throw new IOException(data + ": class folders " + folder.classes() + " do not match the model's " + List.of(classes));
        }
        reportSkipped(folder);
        Model model = Model.load(modelFile, false);
        double threshold = thresholdOverride != null ? thresholdOverride : ((Number) meta.get("threshold")).doubleValue();
        System.out.printf(Locale.ROOT, "%d images: '%s' %d, '%s' %d (positive); threshold %.4f (%s)%n", folder.items().size(),
                classes[0], folder.count(0), classes[1], folder.count(1), threshold,
                thresholdOverride != null ? "--threshold" : "chosen on the training run's validation split");
        Files.createDirectories(out);
        ScoredCases cases = score(model, folder.items());
        DiagnosticReport r = DiagnosticReport.of(cases, threshold, new Bootstrap(replicates, 0.95, seed));
        System.out.print(r.table());
        r.lines().forEach(System.out::println);
        System.out.println("plots: " + r.writePlots(out, "images-eval-", data.getFileName().toString()));
        return 0;
    }

    static int explain(Path modelFile, Path image, String layer, double alpha, Path out) throws Exception {
        Map<String, Object> meta = requireImagesModel(modelFile);
        if (image == null) {
            throw new IllegalArgumentException("--task images needs --image FILE (PNG, JPEG or single-slice DICOM)");
        }
        String[] classes = String.valueOf(meta.get("classes")).split(",");
        int size = ((Number) meta.get("size")).intValue();
        String win = String.valueOf(meta.get("window"));
        Window window = window(win.equals("min-max per image") ? null : win);
        float[][] pixels = ImageFolder.load(image, window, size);
        Model model = Model.load(modelFile, false);
        Tensor x = LesionDetection.images(ImageFolder.samples(List.of(new ImageFolder.Item(image, 0, pixels))));
        double p = model.predict(x).get(0, 1);
        double threshold = ((Number) meta.get("threshold")).doubleValue();
        String conv = layer != null ? layer : GradCam.lastConvolution(model);
        float[][] cam = GradCam.map(model, conv, x, 1);
        Tensor g = Saliency.gradient(model, x, 1);
        float[][] sal = new float[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                sal[i][j] = g.get(0, 0, i, j);
            }
        }
        int k = Math.max(1, 256 / size);
        Files.createDirectories(out);
        String name = image.getFileName().toString();
        String id = "images-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
        BufferedImage in = HeatMap.enlarge(HeatMap.grey(pixels), k);
        BufferedImage camImg = HeatMap.enlarge(HeatMap.overlay(pixels, cam, HeatMap.Colormap.JET, alpha), k);
        BufferedImage salImg = HeatMap.enlarge(HeatMap.overlay(pixels, sal, HeatMap.Colormap.HOT, alpha), k);
        Path panels = HeatMap.write(HeatMap.panels(new String[] {"input", "Grad-CAM " + conv, "saliency"}, in, camImg,
                salImg), out.resolve(id + "-panels.png"));
        Path camPng = HeatMap.write(camImg, out.resolve(id + "-gradcam.png"));
        Path salPng = HeatMap.write(salImg, out.resolve(id + "-saliency.png"));
        String call = p >= threshold ? classes[1] : classes[0];
        System.out.printf(Locale.ROOT, "%s: P(%s) = %.6f, threshold %.6f → %s%nprobability=%.6f%n", image, classes[1], p,
                threshold, call, p);
        CaseReport report = new CaseReport("Image classification — case report", name)
                .step("read " + image + (name.toLowerCase(Locale.ROOT).endsWith(".dcm") ? " (DICOM, HU)" : ""))
                .step("intensity: " + (window == null || !name.toLowerCase(Locale.ROOT).endsWith(".dcm")
                        ? "min-max to [0, 1]" : "window " + win + " HU to [0, 1]"))
                .step("area-resampled to " + size + "×" + size + ", z-scored over its own pixels")
                .prediction(call, p, threshold)
                .figure(panels, "input, Grad-CAM of " + conv + " and gradient saliency (P(" + classes[1] + "))")
                .figure(camPng, "Grad-CAM of layer " + conv + ", jet, α " + alpha)
                .figure(salPng, "gradient saliency |∂P(" + classes[1] + ")/∂x|, hot, α " + alpha)
                .provenance("model file", modelFile.toString())
                .provenance(meta)
                .intendedUse(String.valueOf(meta.getOrDefault("intended_use", INTENDED_USE)));
        System.out.println("report: " + report.write(out.resolve(id + ".md")));
        return 0;
    }
}

package dev.nabla.examples.diagnose;

import dev.nabla.io.ModelFile;
import dev.nabla.medical.diagnosis.BreastCancerTable;
import dev.nabla.medical.diagnosis.LesionDetection;
import dev.nabla.medical.diagnosis.LesionDetection.Sample;
import dev.nabla.medical.diagnosis.TabularDiagnosis;
import dev.nabla.medical.explain.CaseReport;
import dev.nabla.medical.explain.GradCam;
import dev.nabla.medical.explain.HeatMap;
import dev.nabla.medical.explain.Occlusion;
import dev.nabla.medical.explain.Saliency;
import dev.nabla.nn.Model;
import dev.nabla.tensor.Tensor;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code diagnose explain}: heat maps of one case and its Markdown report. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain one case: Grad-CAM, gradient saliency and occlusion heat maps over the input slice "
                + "(lesion task, SIMULATED lesions) or feature saliency (wdbc), and a per-case Markdown report.")
final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--task", description = "lesion, wdbc or images (default: ${DEFAULT-VALUE})")
    Task task = Task.LESION;

    @Option(names = "--case", description = "test-case index (lesion: in the held-out test set; wdbc: row of the table); "
            + "default: lesion — the first MRI test image with a high-contrast mid-size lesion, wdbc — 0")
    Integer caseIndex;

    @Option(names = "--model", description = "images: the model file from train --task images")
    Path model;

    @Option(names = "--image", description = "images: the file to explain (PNG, JPEG or single-slice DICOM)")
    Path image;

    @Option(names = "--layer", description = "Grad-CAM layer (default: the last Conv2D)")
    String layer;

    @Option(names = "--patch", description = "occlusion patch, pixels (default: ${DEFAULT-VALUE})")
    int patch = 4;

    @Option(names = "--stride", description = "occlusion stride, pixels (default: ${DEFAULT-VALUE})")
    int stride = 2;

    @Option(names = "--alpha", description = "overlay opacity (default: ${DEFAULT-VALUE})")
    double alpha = 0.6;

    @Option(names = "--pointing", description = "lesion: test images with a lesion scored by the pointing game "
            + "(default: ${DEFAULT-VALUE})")
    int pointing = 80;

    @Option(names = "--seed", description = "must match the training run (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--out", description = "folder with the trained models; figures and report go here "
            + "(default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "diagnose");

    @Override
    public Integer call() throws Exception {
        if (task == Task.IMAGES) {
            return ImagesTask.explain(model, image, layer, alpha, out);
        }
        return task == Task.WDBC ? wdbc() : lesion();
    }

    private int lesion() throws Exception {
        Path file = out.resolve("lesion.nabla");
        if (!Files.exists(file)) {
            throw new IOException(file + " not found; train it first with ./nabla diagnose train --task lesion");
        }
        Model model = Model.load(file, false);
        Map<String, Object> meta = ModelFile.metadata(file);
        Object epochs = meta.get("epochs");
        LesionTask.Data data = LesionTask.data(seed, epochs == null ? null : ((Number) epochs).intValue());
        List<Sample> test = data.test();
        int index = caseIndex != null ? caseIndex : firstCase(test);
        if (index < 0 || index >= test.size()) {
            throw new IllegalArgumentException("--case " + index + " is outside 0.." + (test.size() - 1));
        }
        Sample s = test.get(index);
        int size = s.image().length;
        String conv = layer != null ? layer : GradCam.lastConvolution(model);
        Tensor x = LesionDetection.images(List.of(s));
        float p = model.predict(x).get(0, 1);
        float[][] cam = GradCam.map(model, conv, x, 1);
        float[][] sal = squeeze(Saliency.gradient(model, x, 1));
        float mean = mean(s.image());
        float[][] occ = new Occlusion(patch, stride, mean).map(model, x, 1);
        String id = String.format(Locale.ROOT, "lesion-case%d", index);
        int k = 6;
        BufferedImage input = HeatMap.enlarge(HeatMap.grey(s.image()), k);
        BufferedImage camImg = HeatMap.enlarge(HeatMap.overlay(s.image(), cam, HeatMap.Colormap.JET, alpha), k);
        BufferedImage salImg = HeatMap.enlarge(HeatMap.overlay(s.image(), sal, HeatMap.Colormap.HOT, alpha), k);
        BufferedImage occImg = HeatMap.enlarge(HeatMap.overlay(s.image(), positive(occ), HeatMap.Colormap.JET, alpha), k);
        String tag = s.label() == 1 ? " — SIMULATED lesion" : " — no lesion";
        Path inputPng = HeatMap.write(HeatMap.panels(new String[] {"input" + tag}, input), out.resolve(id + "-input.png"));
        Path camPng = HeatMap.write(HeatMap.panels(new String[] {"Grad-CAM " + conv + tag}, camImg),
                out.resolve(id + "-gradcam.png"));
        Path salPng = HeatMap.write(HeatMap.panels(new String[] {"saliency" + tag}, salImg), out.resolve(id + "-saliency.png"));
        Path occPng = HeatMap.write(HeatMap.panels(new String[] {"occlusion" + tag}, occImg),
                out.resolve(id + "-occlusion.png"));
        List<BufferedImage> panels = new ArrayList<>(List.of(input, camImg, salImg, occImg));
        List<String> captions = new ArrayList<>(List.of("input (" + s.modality() + ")", "Grad-CAM " + conv, "saliency",
                "occlusion"));
        if (s.mask() != null) {
            panels.add(HeatMap.enlarge(HeatMap.overlay(s.image(), s.mask(), HeatMap.Colormap.JET, 0.5), k));
            captions.add("SIMULATED lesion mask");
        }
        Path panelPng = HeatMap.write(HeatMap.panels(captions.toArray(new String[0]), panels.toArray(new BufferedImage[0])),
                out.resolve(id + "-panels.png"));
        System.out.printf(Locale.ROOT, "case %d: %s slice %d, %s; P(lesion) = %.4f%n", index, s.modality(), s.position(),
                s.label() == 1 ? "SIMULATED lesion (" + s.lesion().shape() + ", radius " + String.format(Locale.ROOT, "%.2f",
                        s.lesion().radius()) + " px, contrast " + s.lesion().contrast() + ")" : "no lesion", p);
        System.out.printf(Locale.ROOT, "probability=%.4f%n", p);
        double[] hits = pointingGame(model, conv, test);
        System.out.printf(Locale.ROOT, "pointing game on %d held-out images with a SIMULATED lesion (max of the map inside "
                + "the lesion, dilated 1 px): Grad-CAM %.3f, saliency %.3f%n", (int) hits[2], hits[0], hits[1]);
        System.out.printf(Locale.ROOT, "pointing_gradcam=%.4f%npointing_saliency=%.4f%n", hits[0], hits[1]);
        CaseReport report = new CaseReport("Lesion detection — case report", id + " (" + s.modality() + " slice "
                + s.position() + ")")
                .note("The lesion in this image (if any) is SIMULATED: " + LesionTask.NOTE + ".")
                .step(s.modality().equals("CT")
                        ? "CT slice in HU, brain window level 40 / width 80 HU mapped to [0, 1] (clipped)"
                        : "T1 MRI slice divided by the 99.5th percentile of brain voxels")
                .step("block-averaged by " + (s.modality().equals("CT") ? LesionTask.factorCt(size) : LesionTask.factorMri(size))
                        + " and centred on a " + size + "×" + size + " canvas")
                .step(s.label() == 1 ? String.format(Locale.ROOT, "SIMULATED lesion inserted: %s, radius %.2f px, elongation "
                        + "%.2f, contrast %+.2f, partial-volume blur σ %.2f px", s.lesion().shape(), s.lesion().radius(),
                        s.lesion().elongation(), s.lesion().contrast(), s.lesion().blur()) : "no lesion inserted")
                .step("Gaussian scanner noise σ 0.03 added")
                .step("z-scored over the image's own pixels (the network's input)")
                .prediction(p >= 0.5 ? "lesion" : "no lesion", p, 0.5)
                .truth(s.label() == 1 ? "lesion (SIMULATED)" : "no lesion")
                .figure(panelPng, "input, Grad-CAM, saliency, occlusion and the SIMULATED lesion mask")
                .figure(inputPng, "input slice (" + s.modality() + ", " + size + "×" + size + ", enlarged ×" + k + ")")
                .figure(camPng, "Grad-CAM of layer " + conv + " (ReLU of the gradient-weighted activation), jet, α " + alpha)
                .figure(salPng, "gradient saliency |∂P(lesion)/∂x|, hot, α " + alpha)
                .figure(occPng, "occlusion: drop of P(lesion) when a " + patch + "×" + patch + " patch (stride " + stride
                        + ") is set to the image mean")
                .provenance("model file", file.toString())
                .provenance(meta)
                .provenance("pointing game (Grad-CAM, saliency)", String.format(Locale.ROOT, "%.3f, %.3f on %d test images",
                        hits[0], hits[1], (int) hits[2]))
                .intendedUse(String.valueOf(meta.getOrDefault("intended_use", "Research and teaching only.")));
        Path md = report.write(out.resolve(id + ".md"));
        System.out.println("report: " + md);
        return 0;
    }

    private static int firstCase(List<Sample> test) {
        for (int i = 0; i < test.size(); i++) {
            Sample s = test.get(i);
            if (s.modality().equals("MRI") && s.label() == 1 && s.contrastLevel() == 2 && s.radiusLevel() == 1) {
                return i;
            }
        }
        return 0;
    }

    /** Fractions of lesion images whose Grad-CAM / saliency maximum lies in the (1-px dilated) lesion; and the count. */
    private double[] pointingGame(Model model, String conv, List<Sample> test) {
        int n = 0;
        int camHits = 0;
        int salHits = 0;
        List<Sample> positives = test.stream().filter(t -> t.label() == 1).toList();
        int step = Math.max(1, positives.size() / Math.max(1, pointing));
        Progress bar = new Progress(Math.min(pointing, positives.size() / step), "pointing game");
        for (int i = 0; i < positives.size() && n < pointing; i += step) {
            Sample s = positives.get(i);
            Tensor x = LesionDetection.images(List.of(s));
            int n2 = s.image().length;
            float[][] cam = HeatMap.resize(GradCam.map(model, conv, x, 1), n2, n2);
            camHits += inside(argmax(cam), s.mask()) ? 1 : 0;
            salHits += inside(argmax(squeeze(Saliency.gradient(model, x, 1))), s.mask()) ? 1 : 0;
            n++;
            bar.show(n);
        }
        return new double[] {(double) camHits / n, (double) salHits / n, n};
    }

    private static int[] argmax(float[][] m) {
        int[] best = {0, 0};
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                if (m[i][j] > m[best[0]][best[1]]) {
                    best = new int[] {i, j};
                }
            }
        }
        return best;
    }

    private static boolean inside(int[] p, float[][] mask) {
        for (int di = -1; di <= 1; di++) {
            for (int dj = -1; dj <= 1; dj++) {
                int i = p[0] + di;
                int j = p[1] + dj;
                if (i >= 0 && j >= 0 && i < mask.length && j < mask[0].length && mask[i][j] > 0.1f) {
                    return true;
                }
            }
        }
        return false;
    }

    private static float[][] squeeze(Tensor t) {
        int h = t.size(2);
        int w = t.size(3);
        float[][] m = new float[h][w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                m[i][j] = t.get(0, 0, i, j);
            }
        }
        return m;
    }

    private static float[][] positive(float[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = Math.max(0, out[i][j]);
            }
        }
        return out;
    }

    private static float mean(float[][] m) {
        double s = 0;
        for (float[] r : m) {
            for (float v : r) {
                s += v;
            }
        }
        return (float) (s / (m.length * m[0].length));
    }

    private int wdbc() throws Exception {
        Path file = out.resolve("wdbc.nabla");
        if (!Files.exists(file)) {
            throw new IOException(file + " not found; train it first with ./nabla diagnose train --task wdbc");
        }
        TabularDiagnosis.Trained trained = TabularDiagnosis.Trained.load(file);
        Map<String, Object> meta = ModelFile.metadata(file);
        BreastCancerTable table = BreastCancerTable.load();
        int index = caseIndex == null ? 0 : caseIndex;
        if (index < 0 || index >= table.size()) {
            throw new IllegalArgumentException("--case " + index + " is outside 0.." + (table.size() - 1));
        }
        float[][] row = {table.features()[index]};
        float p = trained.probabilities(row)[0];
        Tensor z = Tensor.of(trained.standardizer().apply(row), 1, row[0].length);
        float[] g = Saliency.logitGradient((dev.nabla.nn.Sequential) trained.model(), z, 0).toArray();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> -Math.abs(g[i])));
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add(BreastCancerTable.FEATURES.get(order.get(i)));
            values.add((double) g[order.get(i)]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
                .title("WDBC case " + index + ": ∂logit(malignant)/∂z (z-scored features), top 10")
                .xAxisTitle("feature").yAxisTitle("gradient").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("gradient", names, values);
        String id = "wdbc-case" + index;
        Path png = dev.nabla.medical.Png.write(BitmapEncoder.getBufferedImage(chart), out.resolve(id + "-saliency.png"));
        String truth = table.labels()[index] == 1 ? "malignant" : "benign";
        System.out.printf(Locale.ROOT, "case %d: P(malignant) = %.4f, reference %s%nprobability=%.4f%n", index, p, truth, p);
        CaseReport report = new CaseReport("WDBC diagnosis — case report", id)
                .note("This case is part of the data the final model was trained on: the probability is in-sample. "
                        + "The model's honest performance is its cross-validation estimate in the provenance below.")
                .step("30 fine-needle-aspirate nucleus features read from breast_cancer.csv, row " + index)
                .step("z-scored with the training means and deviations stored in the model file")
                .prediction(p >= 0.5 ? "malignant" : "benign", p, 0.5)
                .truth(truth)
                .figure(png, "gradient saliency ∂logit(malignant)/∂z of the 10 most influential features (sign: direction; the logit, because the sigmoid saturates)")
                .provenance("model file", file.toString())
                .provenance(meta)
                .intendedUse(String.valueOf(meta.getOrDefault("intended_use", "Research and teaching only.")));
        for (int i = 0; i < 10; i++) {
            report.explanation(String.format(Locale.ROOT, "%s = %.4g, gradient %+.4f", names.get(i),
                    row[0][order.get(i)], values.get(i)));
        }
        System.out.println("report: " + report.write(out.resolve(id + ".md")));
        return 0;
    }
}

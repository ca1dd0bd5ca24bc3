package dev.nabla.examples.diagnose;

import dev.nabla.medical.provenance.Provenance;
import dev.nabla.medical.clinical.Bootstrap;
import dev.nabla.medical.clinical.ClinicalPlots;
import dev.nabla.medical.clinical.ConfidenceInterval;
import dev.nabla.medical.clinical.RocCurve;
import dev.nabla.medical.clinical.ScoredCases;
import dev.nabla.medical.diagnosis.AnatomySlice;
import dev.nabla.medical.diagnosis.DiagnosticReport;
import dev.nabla.medical.diagnosis.LesionDetection;
import dev.nabla.medical.diagnosis.LesionDetection.Sample;
import dev.nabla.medical.diagnosis.LesionDetection.Settings;
import dev.nabla.medical.diagnosis.LesionSlices;
import dev.nabla.medical.explain.HeatMap;
import dev.nabla.medical.imaging.DataSets;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The lesion-detection task: real MRI/CT anatomy with SIMULATED lesions. */
final class LesionTask {
    static final String NOTE = "SIMULATED lesions inserted into real MRI/CT slices — not real pathology";
    /** Block-averaging factor of the 181×217 (1 mm) MRI slices: ⌈217/size⌉. */
    static int factorMri(int size) {
        return (int) Math.ceil(217.0 / size);
    }

    /** Block-averaging factor of the 256×256 (0.957 mm) CT slices: ⌈256/size⌉. */
    static int factorCt(int size) {
        return (int) Math.ceil(256.0 / size);
    }

    private LesionTask() {
    }

    /** Slices, settings and the generated sets. */
    record Data(List<AnatomySlice> slices, Settings settings, List<Sample> train, List<Sample> test) {
    }

    static Data data(long seed, Integer epochs) throws IOException {
        Settings d = Settings.defaults(seed);
        Settings s = new Settings(d.size(), d.contrasts(), d.radii(), d.noise(), d.trainVariants(), d.testRepeats(),
                epochs == null ? d.epochs() : epochs, d.batchSize(), d.learningRate(), seed);
        List<AnatomySlice> slices = new ArrayList<>(LesionSlices.mri(s.size()));
        slices.addAll(LesionSlices.ct(s.size()));
        List<Sample> train = LesionDetection.trainingSet(slices, s);
        List<Sample> test = LesionDetection.testSet(slices, s);
        for (String m : new String[] {"MRI", "CT"}) {
            long all = slices.stream().filter(x -> x.modality().equals(m)).count();
            long tr = slices.stream().filter(x -> x.modality().equals(m) && LesionDetection.isTrain(x.position())).count();
            long te = slices.stream().filter(x -> x.modality().equals(m) && LesionDetection.isTest(x.position())).count();
            long trainImgs = train.stream().filter(x -> x.modality().equals(m)).count();
            long testPos = test.stream().filter(x -> x.modality().equals(m) && x.label() == 1).count();
            long testNeg = test.stream().filter(x -> x.modality().equals(m) && x.label() == 0).count();
            System.out.printf(Locale.ROOT, "%s: %d usable slices, %d train / %d test positions (split by position, "
                    + "guard 2); %d training images, %d test images with a lesion, %d without%n", m, all, tr, te, trainImgs,
                    testPos, testNeg);
        }
        System.out.println("NOTE: " + NOTE);
        return new Data(slices, s, train, test);
    }

    static int train(Path out, long seed, Integer epochs) throws Exception {
        Data data = data(seed, epochs);
        Files.createDirectories(out);
        writeExamples(data.test(), out.resolve("lesion-examples.png"));
        long start = System.nanoTime();
        Sequential model = LesionDetection.train(data.train(), data.settings(), true);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "trained the seed CNN in %.1f s on %d images (%d epochs)%n", seconds,
                data.train().size(), data.settings().epochs());
        Map<String, Object> summary = evaluateModel(model, data, out, 2000);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("task", "lesion");
        meta.put("data_note", NOTE);
        meta.put("mri", "Colin27 T1 ch2.nii.gz (mricron-data), sha256 " + Provenance.sha256(DataSets.require("brain-mri", "ch2.nii.gz")));
        meta.put("ct", "InVesalius Cranium head CT matrix.dat, sha256 "
                + Provenance.sha256(DataSets.require("head-ct", "matrix.dat")));
        meta.put("split", "slice position blocks of 12, every 4th block held out, 2 guard slices each side");
        meta.put("architecture", "Conv32-Pool-Conv64-Pool-Conv128-Pool-Dense128-softmax, input 1x" + data.settings().size() + "x" + data.settings().size() + ", each image z-scored");
        meta.put("epochs", data.settings().epochs());
        meta.put("seed", seed);
        meta.put("train_seconds", seconds);
        meta.putAll(summary);
        meta.put("intended_use", "Research and teaching demonstration of lesion detectability on SIMULATED lesions. "
                + "NOT FOR CLINICAL USE.");
        Path file = out.resolve("lesion.nabla");
        model.save(file, meta);
        System.out.println("model: " + file);
        return 0;
    }

    static int evaluate(Path out, long seed, int replicates) throws Exception {
        Path file = out.resolve("lesion.nabla");
        if (!Files.exists(file)) {
            throw new IOException(file + " not found; train it first with ./nabla diagnose train --task lesion");
        }
        Model model = Model.load(file, false);
        Object epochs = dev.nabla.io.ModelFile.metadata(file).get("epochs");
        Data data = data(seed, epochs == null ? null : ((Number) epochs).intValue());
        evaluateModel(model, data, out, replicates);
        return 0;
    }

    /** Scores the test set; prints and plots the AUCs; returns the summary for the provenance. */
    static Map<String, Object> evaluateModel(Model model, Data data, Path out, int replicates) throws IOException {
        Settings s = data.settings();
        double[] scores = LesionDetection.scores(model, data.test());
        Map<String, Object> summary = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<RocCurve> rocs = new ArrayList<>();
        for (String m : new String[] {"MRI", "CT"}) {
            ScoredCases cases = LesionDetection.cases(data.test(), scores, m, -1, -1);
            ConfidenceInterval auc = new Bootstrap(replicates, 0.95, s.seed()).interval(cases, RocCurve::mannWhitneyAuc);
            System.out.printf(Locale.ROOT, "%s (%s), all levels: ROC AUC %s%n", m, "SIMULATED lesions", auc);
            DiagnosticReport r = DiagnosticReport.of(cases, 0.5, new Bootstrap(replicates, 0.95, s.seed()));
            System.out.print(r.table());
            r.writePlots(out, "lesion-" + m.toLowerCase(Locale.ROOT) + "-", m + ", SIMULATED lesions, held-out slices");
            String key = "roc_auc_" + m.toLowerCase(Locale.ROOT);
            summary.put(key, auc.toString());
            System.out.printf(Locale.ROOT, "%s=%.4f%n%s_ci95=%.4f,%.4f%n", key, auc.estimate(), key, auc.lower(), auc.upper());
            System.out.printf(Locale.ROOT, "accuracy_%s=%.4f%n", m.toLowerCase(Locale.ROOT), r.interval("accuracy").estimate());
            names.add(m);
            rocs.add(RocCurve.of(cases));
        }
        ClinicalPlots.rocs(names, rocs, "Lesion detection — SIMULATED lesions, held-out slices", out.resolve("lesion-roc.png"));
        Map<String, double[][]> det = LesionDetection.detectability(data.test(), scores, s);
        String table = LesionDetection.table(det, s, factorMri(s.size()), factorCt(s.size()) * 0.957);
        System.out.print(table);
        Files.writeString(out.resolve("lesion-detectability.md"), "# Detectability — " + NOTE + "\n\n" + table);
        List<String> series = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : det.entrySet()) {
            for (int z = 0; z < s.radii().length; z++) {
                double mm = s.radii()[z] * (e.getKey().equals("CT") ? factorCt(s.size()) * 0.957 : factorMri(s.size()));
                series.add(String.format(Locale.ROOT, "%s r=%.1f mm", e.getKey(), mm));
                xs.add(s.contrasts().clone());
                ys.add(e.getValue()[z].clone());
                for (int c = 0; c < s.contrasts().length; c++) {
                    System.out.printf(Locale.ROOT, "auc_%s_r%.2f_c%.2f=%.4f%n", e.getKey().toLowerCase(Locale.ROOT),
                            s.radii()[z], s.contrasts()[c], e.getValue()[z][c]);
                }
            }
        }
        ClinicalPlots.lines("Detectability (ROC AUC) vs contrast — SIMULATED lesions",
                "lesion contrast (normalised units; CT: ×80 HU)", "ROC AUC", series, xs, ys, out.resolve("lesion-detectability.png"));
        System.out.println("wrote " + out.resolve("lesion-detectability.png") + ", lesion-roc.png, lesion-detectability.md");
        return summary;
    }

    /** A panel of test images: per modality one without and two with a SIMULATED lesion (outlined by the caption). */
    static void writeExamples(List<Sample> test, Path png) throws IOException {
        List<BufferedImage> imgs = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        for (String m : new String[] {"MRI", "CT"}) {
            Sample neg = test.stream().filter(t -> t.modality().equals(m) && t.label() == 0).findFirst().orElse(null);
            if (neg == null) {
                continue;
            }
            imgs.add(HeatMap.enlarge(HeatMap.grey(neg.image()), 6));
            caps.add(m + " no lesion");
            test.stream().filter(t -> t.modality().equals(m) && t.label() == 1 && t.contrastLevel() == 2
                    && t.radiusLevel() == 2).findFirst().ifPresent(t -> {
                        imgs.add(HeatMap.enlarge(HeatMap.grey(t.image()), 6));
                        caps.add(m + " SIMULATED lesion");
                        imgs.add(HeatMap.enlarge(HeatMap.overlay(t.image(), t.mask(), HeatMap.Colormap.JET, 0.5), 6));
                        caps.add("(its mask)");
                    });
        }
        HeatMap.write(HeatMap.panels(caps.toArray(new String[0]), imgs.toArray(new BufferedImage[0])), png);
    }
}

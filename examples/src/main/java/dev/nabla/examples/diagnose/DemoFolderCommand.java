package dev.nabla.examples.diagnose;

import dev.nabla.medical.diagnosis.AnatomySlice;
import dev.nabla.medical.diagnosis.LesionDetection;
import dev.nabla.medical.diagnosis.LesionDetection.Sample;
import dev.nabla.medical.diagnosis.LesionDetection.Settings;
import dev.nabla.medical.diagnosis.LesionSlices;
import dev.nabla.medical.imaging.Image2D;
import dev.nabla.medical.imaging.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code diagnose demo-folder}: writes a class-folder data set ({@code normal/}, {@code lesion/}) of PNG slices
 * of the real Colin27 T1 MRI and InVesalius head CT with SIMULATED lesions, to try {@code train --task images}
 * on something like a user's own folder.
 */
@Command(name = "demo-folder", mixinStandardHelpOptions = true,
        description = "Write a class-folder PNG data set (normal/, lesion/) of real MRI/CT slices, half with a "
                + "SIMULATED lesion, to try 'train --task images'. The lesions are SIMULATED, not real pathology.")
final class DemoFolderCommand implements Callable<Integer> {
    @Option(names = "--out", description = "folder to create (default: ${DEFAULT-VALUE})")
    Path out = Path.of("build-output", "diagnose", "demo-folder");

    @Option(names = "--size", description = "slice side, pixels (default: ${DEFAULT-VALUE})")
    int size = 64;

    @Option(names = "--variants", description = "images per slice position, half with a lesion (default: ${DEFAULT-VALUE})")
    int variants = 2;

    @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
    long seed = 42;

    @Override
    public Integer call() throws Exception {
        double k = size / 32.0; // lesion radii in pixels scale with the slice size (1-3 px at 32)
        Settings s = new Settings(size, new double[] {0.15, 0.3, 0.6}, new double[] {k, 2 * k, 3 * k}, 0.03, variants, 1,
                1, 32, 1e-3, seed);
        List<AnatomySlice> slices = new ArrayList<>(LesionSlices.mri(size));
        slices.addAll(LesionSlices.ct(size));
        // the slice positions of the lesion task's training blocks (3 of every 4 blocks of 12): per slice, half of
        // the variants without and half with a SIMULATED lesion of a random contrast and radius level
        List<Sample> all = LesionDetection.trainingSet(slices, s);
        int[] n = new int[2];
        for (Sample t : all) {
            String cls = t.label() == 1 ? "lesion" : "normal";
            Path f = out.resolve(cls).resolve(String.format(Locale.ROOT, "%s-%03d-%04d.png", t.modality().toLowerCase(Locale.ROOT),
                    t.position(), n[t.label()]++));
            Files.createDirectories(f.getParent());
            float[] d = new float[size * size];
            for (int i = 0; i < size; i++) {
                System.arraycopy(t.image()[i], 0, d, i * size, size);
            }
            ImageFiles.writePng(new Image2D(d, size, size), f, 1.0, 0.5); // [0, 1] → 0–255, clipped
        }
        Files.writeString(out.resolve("README.txt"), "Real anatomy (Colin27 T1 MRI, InVesalius head CT), " + size + "x"
                + size + " PNG, grey = clamp(v, 0, 1) * 255. lesion/ holds SIMULATED lesions (LesionSimulator: contrast "
                + "0.15/0.3/0.6, radius " + k + "/" + 2 * k + "/" + 3 * k + " px, partial-volume blur, noise 0.03); normal/ "
                + "the same slices with noise only. NOT real pathology. Adjacent slices of one head are correlated: a "
                + "random image split is optimistic. Seed " + seed + ".\n");
        System.out.printf(Locale.ROOT, "wrote %d normal and %d lesion (SIMULATED) PNGs to %s%n", n[0], n[1], out);
        return 0;
    }
}

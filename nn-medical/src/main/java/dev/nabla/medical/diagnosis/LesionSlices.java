package dev.nabla.medical.diagnosis;

import dev.nabla.medical.imaging.DataSets;
import dev.nabla.medical.imaging.Image2D;
import dev.nabla.medical.imaging.InVesaliusReader;
import dev.nabla.medical.imaging.NiftiReader;
import dev.nabla.medical.imaging.Plane;
import dev.nabla.medical.imaging.Volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Real slices for the SIMULATED-lesion detection task.
 * <ul>
 *   <li>MRI: the Colin27 T1 ({@code ch2.nii.gz}), axial slices; tissue = the brain of {@code ch2bet.nii.gz};
 *   intensities divided by the 99.5th percentile of brain voxels.</li>
 *   <li>CT: the InVesalius head CT (int16 HU), slices along its slice axis (coronal in that project);
 *   the brain window (level 40, width 80 HU) maps to [0, 1]; tissue = voxels within 10–60 HU (brain
 *   parenchyma and other soft tissue).</li>
 * </ul>
 * Each slice is block-averaged by the integer factor {@code ⌈max(w, h)/size⌉} and centred on a
 * {@code size×size} canvas (background 0); a resampled pixel is tissue when at least ¾ of its block
 * is. Slices with fewer than {@code size²/12} tissue pixels are left out. Fetch the data with {@code scripts/fetch-data.sh brain-mri} and {@code head-ct}.
 */
public final class LesionSlices {
    private LesionSlices() {
    }

    /** The MRI slices from the data cache. */
    public static List<AnatomySlice> mri(int size) throws IOException {
        return mri(DataSets.require("brain-mri", "ch2.nii.gz"), DataSets.require("brain-mri", "ch2bet.nii.gz"), size);
    }

    /** The CT slices from the data cache. */
    public static List<AnatomySlice> ct(int size) throws IOException {
        return ct(DataSets.require("head-ct", ""), size);
    }

    /** Axial MRI slices of {@code t1} with the brain of {@code brain} (same grid) as tissue. */
    public static List<AnatomySlice> mri(Path t1, Path brain, int size) throws IOException {
        Volume v = NiftiReader.read(t1);
        Volume b = NiftiReader.read(brain);
        v.requireSameGrid(b, "brain mask " + brain);
        float[] d = v.data();
        float[] bd = b.data();
        int count = 0;
        for (float x : bd) {
            count += x > 0 ? 1 : 0;
        }
        float[] inBrain = new float[count];
        for (int i = 0, k = 0; i < d.length; i++) {
            if (bd[i] > 0) {
                inBrain[k++] = d[i];
            }
        }
        Arrays.sort(inBrain);
        float scale = inBrain[(int) (0.995 * (inBrain.length - 1))];
        List<AnatomySlice> out = new ArrayList<>();
        for (int k = 0; k < v.sliceCount(Plane.AXIAL); k++) {
            Image2D img = v.slice(Plane.AXIAL, k);
            Image2D msk = b.slice(Plane.AXIAL, k);
            float[][] pixels = rows(img, 1 / scale, 0);
            boolean[][] tissue = mask(msk, 1e-6f, Float.MAX_VALUE);
            add(out, "MRI", k, pixels, tissue, size);
        }
        return out;
    }

    /** CT slices of an InVesalius project folder or {@code .inv3} file. */
    public static List<AnatomySlice> ct(Path project, int size) throws IOException {
        Volume v = InVesaliusReader.read(project);
        List<AnatomySlice> out = new ArrayList<>();
        for (int k = 0; k < v.sliceCount(Plane.AXIAL); k++) {
            Image2D img = v.slice(Plane.AXIAL, k);
            float[][] pixels = rows(img, 1 / 80f, 0f); // brain window: level 40, width 80 → HU 0..80 ↦ 0..1
            for (float[] r : pixels) {
                for (int j = 0; j < r.length; j++) {
                    r[j] = Math.max(0, Math.min(1, r[j]));
                }
            }
            add(out, "CT", k, pixels, mask(img, 10, 60), size);
        }
        return out;
    }

    private static void add(List<AnatomySlice> out, String modality, int k, float[][] pixels, boolean[][] tissue, int size) {
        int h = pixels.length;
        int w = pixels[0].length;
        int f = (int) Math.ceil(Math.max(w, h) / (double) size);
        int dh = h / f;
        int dw = w / f;
        int top = (size - dh) / 2;
        int left = (size - dw) / 2;
        float[][] img = new float[size][size];
        boolean[][] t = new boolean[size][size];
        for (int i = 0; i < dh; i++) {
            for (int j = 0; j < dw; j++) {
                double s = 0;
                int inside = 0;
                for (int a = 0; a < f; a++) {
                    for (int c = 0; c < f; c++) {
                        s += pixels[i * f + a][j * f + c];
                        inside += tissue[i * f + a][j * f + c] ? 1 : 0;
                    }
                }
                img[top + i][left + j] = (float) (s / (f * f));
                t[top + i][left + j] = inside * 4 >= 3 * f * f;
            }
        }
        AnatomySlice slice = new AnatomySlice(modality, k, img, t);
        if (slice.tissuePixels() >= size * size / 12) {
            out.add(slice);
        }
    }

    private static float[][] rows(Image2D img, float scale, float offset) {
        float[][] r = new float[img.height()][img.width()];
        float[] d = img.data();
        for (int i = 0; i < img.height(); i++) {
            for (int j = 0; j < img.width(); j++) {
                r[i][j] = d[i * img.width() + j] * scale + offset;
            }
        }
        return r;
    }

    private static boolean[][] mask(Image2D img, float lo, float hi) {
        boolean[][] m = new boolean[img.height()][img.width()];
        float[] d = img.data();
        for (int i = 0; i < img.height(); i++) {
            for (int j = 0; j < img.width(); j++) {
                float v = d[i * img.width() + j];
                m[i][j] = v >= lo && v <= hi;
            }
        }
        return m;
    }
}

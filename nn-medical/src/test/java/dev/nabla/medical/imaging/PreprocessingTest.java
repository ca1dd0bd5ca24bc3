package dev.nabla.medical.imaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreprocessingTest {
    @TempDir
    Path tmp;

    @Test
    void windowingByHand() {
        // brain W 80 / L 40 → [0, 80] HU onto [0, 1]
        assertEquals(0.0f, Window.BRAIN.map(-1000));
        assertEquals(0.0f, Window.BRAIN.map(0));
        assertEquals(0.25f, Window.BRAIN.map(20));
        assertEquals(0.5f, Window.BRAIN.map(40));
        assertEquals(1.0f, Window.BRAIN.map(80));
        // lung W 1500 / L −600 → [−1350, 150]: −600 is the middle, −1050 is 0.2
        assertEquals(0.5f, Window.LUNG.map(-600), 1e-6f);
        assertEquals(0.2f, Window.LUNG.map(-1050), 1e-6f);
        assertEquals(Window.SOFT_TISSUE, Window.preset("soft-tissue"));
        assertEquals(400.0, Window.SOFT_TISSUE.width());
        assertThrows(IllegalArgumentException.class, () -> new Window(0, 40));
        assertThrows(IllegalArgumentException.class, () -> Window.preset("kidney"));
    }

    @Test
    void normalisationByHand() {
        float[] v = {1, 2, 3, 4};
        // μ = 2.5, σ = sqrt(1.25)
        float s = (float) Math.sqrt(1.25);
        assertArrayEquals(new float[] {-1.5f / s, -0.5f / s, 0.5f / s, 1.5f / s}, Intensity.zScore(v), 1e-6f);
        // masked: only {3, 4} → μ = 3.5, σ = 0.5
        assertArrayEquals(new float[] {-5, -3, -1, 1}, Intensity.zScore(v, new float[] {0, 0, 1, 1}), 1e-6f);
        assertArrayEquals(new float[] {0, 1f / 3, 2f / 3, 1}, Intensity.minMax(v), 1e-6f);
        // NumPy: np.percentile([0..10], 25) = 2.5 ; np.percentile([1,2,3,4], 50) = 2.5
        float[] ramp = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(2.5, Intensity.percentile(ramp, 25), 1e-9);
        assertEquals(2.5, Intensity.percentile(v, 50), 1e-9);
        float[] clipped = Intensity.percentileClip(ramp, 10, 90); // p10 = 1, p90 = 9
        assertEquals(1f, clipped[0]);
        assertEquals(9f, clipped[10]);
        assertEquals(5f, clipped[5]);
    }

    @Test
    void gaussianKernelSumsToOneWithTheTextbookWeights() {
        double[] k = Filters.gaussianKernel(1.0);
        assertEquals(7, k.length); // radius ⌈3σ⌉ = 3
        double sum = 0;
        for (double x : k) {
            sum += x;
        }
        assertEquals(1.0, sum, 1e-12);
        // exp(−t²/2) for t = 0..3: 1, 0.606531, 0.135335, 0.011109; their two-sided sum is 2.505949
        assertEquals(1 / 2.505949, k[3], 1e-6);
        assertEquals(0.606531 / 2.505949, k[2], 1e-6);
        assertEquals(0.011109 / 2.505949, k[0], 1e-6);
        // a centred impulse spreads into the outer product of the kernel; a constant image stays constant
        float[] d = new float[81];
        d[40] = 1;
        Image2D out = Filters.gaussian(new Image2D(d, 9, 9), 1.0);
        assertEquals(k[3] * k[3], out.get(4, 4), 1e-6);
        assertEquals(k[3] * k[2], out.get(5, 4), 1e-6);
        double total = 0;
        for (float x : out.data()) {
            total += x;
        }
        assertEquals(1.0, total, 1e-5);
        float[] flat = new float[81];
        java.util.Arrays.fill(flat, 7f);
        for (float x : Filters.gaussian(new Image2D(flat, 9, 9), 2.0).data()) {
            assertEquals(7f, x, 1e-4f);
        }
        // σ in mm: with 2 mm pixels, σ = 2 mm is σ = 1 pixel
        Image2D wide = new Image2D(d.clone(), 9, 9, 2, 2);
        assertEquals(k[3] * k[3], Filters.gaussian(wide, 2.0).get(4, 4), 1e-6);
    }

    @Test
    void medianOnATinyImage() {
        // 3×3 window around the centre of {1..9 with 100 at the centre}: sorted 1,2,3,4,6,7,8,9,100 → 6
        Image2D img = Image2D.of(new float[][] {{1, 2, 3}, {4, 100, 6}, {7, 8, 9}});
        Image2D m = Filters.median(img, 1);
        assertEquals(6f, m.get(1, 1));
        // corner (0,0) with replicated borders: {1,1,2,1,1,2,4,4,100} → sorted 1,1,1,1,2,2,4,4,100 → 2
        assertEquals(2f, m.get(0, 0));
    }

    @Test
    void equalisationOfAKnownHistogram() {
        // values 0,0,0,0,1,1,2,3 in 4 bins: cdf 4,6,7,8, cdf_min 4 → (cdf − 4)/(8 − 4) = 0, .5, .75, 1
        float[] v = {0, 0, 0, 0, 1, 1, 2, 3};
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.5f, 0.5f, 0.75f, 1}, Histograms.equalize(v, 4), 1e-6f);
    }

    @Test
    void claheClipsTheHistogramAsComputedByHand() {
        // 8×8 image, one tile, 48 pixels at 0 and 16 at 3, 4 bins over [0, 3]: h = [48, 0, 0, 16], n = 64
        float[] d = new float[64];
        for (int i = 48; i < 64; i++) {
            d[i] = 3;
        }
        Image2D img = new Image2D(d, 8, 8);
        // no effective clipping (limit 100·64/4 = 1600): m = [48, 48, 48, 64]/64
        Image2D free = Histograms.clahe(img, 1, 1, 100, 4);
        assertEquals(0.75f, free.get(0, 0), 1e-6f);
        assertEquals(1f, free.get(0, 7), 1e-6f);
        // clip 1.5 → limit 24: [24, 0, 0, 16], excess 24 → +6 each → [30, 6, 6, 22]; m(0) = 30/64
        Image2D clipped = Histograms.clahe(img, 1, 1, 1.5, 4);
        assertEquals(30f / 64, clipped.get(0, 0), 1e-6f);
        assertEquals(1f, clipped.get(0, 7), 1e-6f);
        assertTrue(clipped.get(0, 0) < free.get(0, 0), "clipping must reduce the contrast stretch");
    }

    @Test
    void claheStaysInTheUnitIntervalAndBlendsTiles() {
        java.util.Random rng = new java.util.Random(3);
        float[] d = new float[64 * 48];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextGaussian() * 10 + (i % 64) * 2); // a ramp plus noise
        }
        Image2D out = Histograms.clahe(new Image2D(d, 64, 48), 4, 3, 2.0, 256);
        assertTrue(out.min() >= 0 && out.max() <= 1, out.min() + ".." + out.max());
        // the ramp puts the left quarter in the dark part of the global range; local equalisation lifts it,
        // the more so the higher the clip limit: identity (min–max) < CLAHE clip 2 < CLAHE without clipping
        Image2D noClip = Histograms.clahe(new Image2D(d, 64, 48), 4, 3, 1000, 256);
        float[] identity = Intensity.minMax(d);
        double[] means = new double[3];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 8; x++) { // columns that only tile column 0 maps
                means[0] += identity[y * 64 + x];
                means[1] += out.get(x, y);
                means[2] += noClip.get(x, y);
            }
        }
        assertTrue(means[0] < means[1] && means[1] < means[2], java.util.Arrays.toString(means));
        assertThrows(IllegalArgumentException.class, () -> Histograms.clahe(new Image2D(d, 64, 48), 100, 3, 2, 256));
    }

    @Test
    void trilinearResamplingReproducesALinearFieldAndNearestKeepsLabels() {
        int n = 6;
        float[] d = new float[n * n * n];
        float[] lab = new float[n * n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    d[i + n * (j + n * k)] = 2 * i + 3 * j + 5 * k;
                    lab[i + n * (j + n * k)] = (i + j + k) % 3;
                }
            }
        }
        Volume v = new Volume(d, n, n, n, 2, 2, 2);
        Volume r = Resample.toSpacing(v, 1, 1, 1); // new voxel i' sits at old index i'/2
        assertArrayEquals(new int[] {12, 12, 12}, r.dims());
        assertArrayEquals(new double[] {1, 1, 1}, r.spacing(), 1e-12);
        assertEquals(2 * 1.5 + 3 * 2.5 + 5 * 0.5, r.get(3, 5, 1), 1e-4); // interior: exact
        assertEquals(v.affine()[0][3], r.affine()[0][3], 1e-12);          // first voxel centre kept
        assertEquals(1.0, r.affine()[0][0], 1e-12);
        Volume labels = new Volume(lab, new int[] {n, n, n}, new double[] {2, 2, 2}, null, Modality.LABELS, null);
        Volume rl = Resample.toSpacing(labels, 1, 1, 1);
        for (float x : rl.data()) {
            assertTrue(x == 0 || x == 1 || x == 2, "nearest neighbour invented label " + x);
        }
        assertEquals(labels.get(2, 1, 0), rl.get(4, 2, 0));
    }

    @Test
    void imageResizeAreaAveragesAndSpacingFollows() {
        Image2D img = Image2D.of(new float[][] {{1, 3, 5, 7}, {1, 3, 5, 7}});
        Image2D half = Resample.resize(img, 2, 1, Resample.Interpolation.AREA);
        assertArrayEquals(new float[] {2, 6}, half.data(), 1e-6f);
        assertEquals(2.0, half.spacingX(), 1e-12);
        assertEquals(2.0, half.spacingY(), 1e-12);
        Image2D lin = Resample.resize(img, 8, 2, Resample.Interpolation.LINEAR);
        assertEquals(2.5, lin.get(2, 0), 1e-6); // x' = 2 → source x = 2.5 · 4/8 − 0.5 = 0.75 → 1 + 0.75 · (3 − 1)
    }

    @Test
    void pipelineComposesAndWritesBeforeAfterPictures() throws IOException {
        float[] d = new float[16 * 16 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = i % 97 - 20;
        }
        Volume v = new Volume(d, 16, 16, 3, 1, 1, 1);
        Preprocessing.Pipeline p = Preprocessing.pipeline(Preprocessing.median(1), Preprocessing.window(Window.BRAIN),
                Preprocessing.minMax()).snapshots(tmp);
        Volume out = p.apply(v);
        Volume byHand = Preprocessing.minMax().apply(Preprocessing.window(Window.BRAIN).apply(Filters.median(v, 1, false)));
        assertArrayEquals(byHand.data(), out.data(), 0f);
        assertTrue(Files.exists(tmp.resolve("01-median_r1_.png")), tmp.toFile().list().length + " files");
        assertTrue(Files.exists(tmp.resolve("02-window_W80_L40_.png")));
        assertEquals(16 * 2 + 4, ImageFiles.read(tmp.resolve("03-minmax.png")).width()); // two panels + gap
        assertEquals("median(r1) → window(W80 L40) → minmax", p.name());
        Image2D one = Preprocessing.window(Window.BRAIN).apply(new Image2D(new float[] {40, 80}, 2, 1));
        assertArrayEquals(new float[] {0.5f, 1f}, one.data());
    }
}

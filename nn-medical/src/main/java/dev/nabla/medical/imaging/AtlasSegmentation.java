package dev.nabla.medical.imaging;

import dev.nabla.data.Dataset;
import dev.nabla.optim.Adam;
import dev.nabla.optim.schedule.CosineDecay;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Callback;
import dev.nabla.train.Fit;
import dev.nabla.train.History;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Learned segmentation on real anatomy: a {@link UNet2D} trained with {@link MultiClassDice} on axial slices of
 * the Colin27 T1 MRI ({@code ch2.nii.gz}) against the AAL atlas ({@code aal.nii.gz}, 116 labels, names in
 * {@code aal.nii.txt}) merged into a handful of classes (see {@link #classOfAal}):
 * <pre>
 *   0 background (everything AAL leaves unlabelled: outside the brain, white matter, CSF)
 *   1 left cerebral cortex   (AAL 1–90, odd, except 71–78)
 *   2 right cerebral cortex  (AAL 1–90, even, except 71–78)
 *   3 deep grey nuclei       (AAL 71–78: caudate, putamen, pallidum, thalamus, both sides)
 *   4 cerebellum             (AAL 91–116: hemispheres and vermis)
 * </pre>
 * Slices: every axial slice with at least one labelled voxel, resized to {@code width × height} (area average
 * for the image, nearest neighbour for the labels), intensities divided by the volume's maximum. Split: slice
 * {@code k} is held out when {@code k % holdoutEvery == holdoutOffset}; the rest train. All slices come from
 * one brain and neighbouring 1-mm slices are strongly correlated, so held-out Dice measures interpolation
 * between slices of this subject, not generalisation to new subjects.
 */
public final class AtlasSegmentation {
    /** Class names, index = class. */
    public static final List<String> CLASSES = List.of("background", "left cortex", "right cortex",
            "deep grey nuclei", "cerebellum");

    /** Settings of a run. */
    public static final class Config {
        /** Slice width after resizing (divisible by 2^depth). */
        public int width = 64;
        /** Slice height after resizing (divisible by 2^depth). */
        public int height = 80;
        /** Slice k is held out when {@code k % holdoutEvery == holdoutOffset}. */
        public int holdoutEvery = 5;
        /** See {@link #holdoutEvery}. */
        public int holdoutOffset = 2;
        /** U-Net filters at the first level. */
        public int baseFilters = 8;
        /** U-Net poolings. */
        public int depth = 3;
        /** Training epochs. */
        public int epochs = 30;
        /** Batch size. */
        public int batchSize = 8;
        /** Adam learning rate. */
        public double learningRate = 3e-3;
        /** Seed of the weights and the shuffling. */
        public long seed = 7;
        /** Cosine decay of the learning rate to 0 over all steps (Loshchilov and Hutter, 2017) instead of a constant rate. */
        public boolean cosine = true;
        /** Show the progress bar and per-epoch lines. */
        public boolean verbose = true;
        /** At most this many training slices, evenly spread (quick runs). */
        public int maxTrainSlices = Integer.MAX_VALUE;
    }

    /** The prepared slices. */
    public record Slices(Tensor x, Tensor y, int[] labels, int[] sliceIndex, int width, int height) {
        /** Number of slices. */
        public int count() {
            return sliceIndex.length;
        }
    }

    /** What a run measured. */
    public record Result(double[] dice, double meanDiceForeground, int trainSlices, int testSlices, int[] testSliceIndex,
                         History history, double trainSeconds, UNet2D model, Slices test, int[] predicted) {
    }

    private AtlasSegmentation() {
    }

    /** The merged class of an AAL label (0–116); see the class comment. */
    public static int classOfAal(int aal) {
        if (aal <= 0) {
            return 0;
        }
        if (aal >= 71 && aal <= 78) {
            return 3;
        }
        if (aal <= 90) {
            return aal % 2 == 1 ? 1 : 2;
        }
        if (aal <= 116) {
            return 4;
        }
        throw new IllegalArgumentException("AAL label " + aal + " outside 0..116");
    }

    /** Reads the AAL names file ({@code index name code} per line, CRLF) as index → name. */
    public static Map<Integer, String> aalNames(Path file) throws IOException {
        Map<Integer, String> m = new LinkedHashMap<>();
        int line = 0;
        for (String s : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            line++;
            s = s.trim();
            if (s.isEmpty()) {
                continue;
            }
            String[] f = s.split("\\s+");
            try {
                m.put(Integer.parseInt(f[0]), f[1]);
            } catch (RuntimeException e) {
                throw new ImagingException(file, "line " + line + ": expected 'index name code', got '" + s + "'");
            }
        }
        return m;
    }

    /**
     * The slices of {@code t1} / {@code aal} selected by {@code keep(k)}, resized and one-hot encoded.
     *
     * @throws IllegalArgumentException when the two volumes do not share a grid
     */
    public static Slices slices(Volume t1, Volume aal, Config c, java.util.function.IntPredicate keep) {
        t1.requireSameGrid(aal, "AtlasSegmentation: T1 image and AAL label map");
        int classes = CLASSES.size();
        float scale = 1f / Math.max(1e-6f, t1.max());
        List<float[]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int k = 0; k < t1.sliceCount(Plane.AXIAL); k++) {
            Image2D lab = aal.slice(Plane.AXIAL, k);
            boolean any = false;
            for (float v : lab.data()) {
                if (v > 0) {
                    any = true;
                    break;
                }
            }
            if (!any || !keep.test(k)) {
                continue;
            }
            Image2D img = Resample.resize(t1.slice(Plane.AXIAL, k), c.width, c.height, Resample.Interpolation.AREA);
            Image2D l = Resample.resize(lab, c.width, c.height, Resample.Interpolation.NEAREST);
            float[] x = img.data();
            for (int i = 0; i < x.length; i++) {
                x[i] *= scale;
            }
            int[] y = new int[l.data().length];
            for (int i = 0; i < y.length; i++) {
                y[i] = classOfAal(Math.round(l.data()[i]));
            }
            xs.add(x);
            ys.add(y);
            idx.add(k);
        }
        int n = xs.size();
        int px = c.width * c.height;
        float[] x = new float[n * px];
        float[] y = new float[n * classes * px];
        int[] labels = new int[n * px];
        for (int s = 0; s < n; s++) {
            System.arraycopy(xs.get(s), 0, x, s * px, px);
            int[] ys1 = ys.get(s);
            for (int p = 0; p < px; p++) {
                y[(s * classes + ys1[p]) * px + p] = 1f;
                labels[s * px + p] = ys1[p];
            }
        }
        return new Slices(Tensor.wrap(x, n, 1, c.height, c.width), Tensor.wrap(y, n, classes, c.height, c.width),
                labels, idx.stream().mapToInt(Integer::intValue).toArray(), c.width, c.height);
    }

    /** Arg-max class per pixel of a {@code (N, C, H, W)} probability tensor. */
    public static int[] argmax(Tensor probs) {
        int[] s = probs.shape();
        float[] p = probs.toArray();
        int px = s[2] * s[3];
        int[] out = new int[s[0] * px];
        for (int n = 0; n < s[0]; n++) {
            for (int i = 0; i < px; i++) {
                int best = 0;
                float bv = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < s[1]; c++) {
                    float v = p[(n * s[1] + c) * px + i];
                    if (v > bv) {
                        bv = v;
                        best = c;
                    }
                }
                out[n * px + i] = best;
            }
        }
        return out;
    }

    /** Predicts in batches of 16 (inference mode). */
    public static int[] predict(UNet2D model, Tensor x) {
        int n = x.shape()[0];
        int[] s = x.shape();
        int px = s[2] * s[3];
        int[] out = new int[n * px];
        float[] all = x.toArray();
        for (int from = 0; from < n; from += 16) {
            int to = Math.min(n, from + 16);
            float[] part = java.util.Arrays.copyOfRange(all, from * s[1] * px, to * s[1] * px);
            int[] p = argmax(model.predict(Tensor.wrap(part, to - from, s[1], s[2], s[3])));
            System.arraycopy(p, 0, out, from * px, p.length);
        }
        return out;
    }

    /** Trains on the training slices and measures Dice per class on the held-out ones. */
    public static Result run(Volume t1, Volume aal, Config c, Callback... callbacks) {
        Slices train = slices(t1, aal, c, k -> k % c.holdoutEvery != c.holdoutOffset);
        Slices test = slices(t1, aal, c, k -> k % c.holdoutEvery == c.holdoutOffset);
        if (train.count() > c.maxTrainSlices) { // evenly thinned, for quick runs
            int keepN = c.maxTrainSlices;
            java.util.Set<Integer> keepK = new java.util.HashSet<>();
            for (int i = 0; i < keepN; i++) {
                keepK.add(train.sliceIndex()[(int) ((long) i * train.count() / keepN)]);
            }
            train = slices(t1, aal, c, k -> k % c.holdoutEvery != c.holdoutOffset && keepK.contains(k));
        }
        UNet2D net = new UNet2D(CLASSES.size(), c.baseFilters, c.depth, c.seed);
        long steps = (long) c.epochs * ((train.count() + c.batchSize - 1) / c.batchSize);
        net.compile(c.cosine ? new Adam(new CosineDecay(c.learningRate, Math.max(1, steps))) : new Adam(c.learningRate),
                new MultiClassDice(1f, true));
        long t0 = System.nanoTime();
        History h = net.fit(Dataset.of(train.x(), train.y()),
                Fit.epochs(c.epochs).batchSize(c.batchSize).seed(c.seed).verbose(c.verbose).callbacks(callbacks));
        double seconds = (System.nanoTime() - t0) / 1e9;
        int[] pred = predict(net, test.x());
        double[] dice = Overlap.dicePerClass(pred, test.labels(), CLASSES.size());
        double sum = 0;
        int n = 0;
        for (int k = 1; k < dice.length; k++) {
            if (!Double.isNaN(dice[k])) {
                sum += dice[k];
                n++;
            }
        }
        return new Result(dice, n == 0 ? Double.NaN : sum / n, train.count(), test.count(), test.sliceIndex(), h,
                seconds, net, test, pred);
    }

    /**
     * Writes {@code dir/slice-<k>.png} for the given held-out positions: image | atlas truth | prediction, the
     * labels blended over the image, enlarged {@code zoom} times.
     */
    public static List<Path> writeOverlays(Result r, Path dir, int zoom, int... positions) throws IOException {
        List<Path> written = new ArrayList<>();
        Slices t = r.test();
        int px = t.width() * t.height();
        float[] x = t.x().toArray();
        for (int pos : positions) {
            if (pos < 0 || pos >= t.count()) {
                continue;
            }
            Image2D img = new Image2D(java.util.Arrays.copyOfRange(x, pos * px, (pos + 1) * px), t.width(), t.height());
            float[] truth = new float[px];
            float[] pred = new float[px];
            for (int i = 0; i < px; i++) {
                truth[i] = t.labels()[pos * px + i];
                pred[i] = r.predicted()[pos * px + i];
            }
            Path file = dir.resolve(String.format(Locale.ROOT, "slice-%03d.png", t.sliceIndex()[pos]));
            ImageFiles.writePanels(file, zoom,
                    ImageFiles.overlay(img, new Image2D(new float[px], t.width(), t.height()), 1, 0.5, 0),
                    ImageFiles.overlay(img, new Image2D(truth, t.width(), t.height()), 1, 0.5, 0.45),
                    ImageFiles.overlay(img, new Image2D(pred, t.width(), t.height()), 1, 0.5, 0.45));
            written.add(file);
        }
        return written;
    }
}

package dev.nabla.medical.diagnosis;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.medical.clinical.RocCurve;
import dev.nabla.medical.clinical.ScoredCases;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.MaxPool2D;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Lesion detection on real anatomy with <b>SIMULATED</b> lesions: the seed's CNN
 * (Conv32-Pool-Conv64-Pool-Conv128-Pool-Dense128-softmax) learns to tell a slice with an inserted
 * lesion from the same kind of slice without one, and its ROC AUC is measured per lesion contrast and
 * size on held-out slices (a detectability table).
 *
 * <p>The split is by slice position: the slices of each volume are cut into blocks of 12 consecutive
 * positions; every fourth block is held out for testing, less 2 guard slices at each of its ends, so
 * no test slice has a training slice within 2 positions. Lesions are bright: hyperintense on the T1 MRI
 * (as an enhancing lesion) and hyperdense on CT (as a haemorrhage). Scanner noise of the same σ is added
 * to every image, with or without a lesion. The network sees each image z-scored over its own pixels
 * ({@link #images}).
 */
public final class LesionDetection {
    private LesionDetection() {
    }

    /**
     * The experiment's settings.
     *
     * @param size      side of the square input, pixels
     * @param contrasts lesion contrast levels (fraction of the normalised range)
     * @param radii     lesion radius levels (pixels of the resampled slice)
     * @param noise     scanner noise σ (normalised units)
     * @param trainVariants images per training slice (half with a lesion)
     * @param testRepeats   lesion images per test slice and (contrast, radius) level
     * @param epochs    training epochs
     * @param seed      seeds the lesions, the noise, the weights and the shuffling
     */
    public record Settings(int size, double[] contrasts, double[] radii, double noise, int trainVariants, int testRepeats,
                           int epochs, int batchSize, double learningRate, long seed) {
        /**
         * 32×32 (whole slices at about 7–8 mm per pixel: small enough for a loaded 2-core machine), contrasts
         * 0.15/0.3/0.6, radii 1/2/3 px, σ 0.03, 16 variants per training slice, 2 repeats, 15 epochs, batch 32, Adam 1e-3.
         */
        public static Settings defaults(long seed) {
            return new Settings(32, new double[] {0.15, 0.3, 0.6}, new double[] {1.0, 2.0, 3.0}, 0.03, 16, 2, 15, 32, 1e-3,
                    seed);
        }
    }

    /** One image: label 1 = a SIMULATED lesion was inserted (then {@code lesion} and its {@code mask} are set). */
    public record Sample(float[][] image, int label, String modality, int position, Lesion lesion, float[][] mask,
                         int contrastLevel, int radiusLevel) {
    }

    /** True when slice position {@code k} belongs to the test blocks. */
    public static boolean isTest(int k) {
        int block = k / 12;
        int within = k % 12;
        return block % 4 == 3 && within >= 2 && within < 10;
    }

    /** True when slice position {@code k} belongs to the training blocks (not test, not a guard slice). */
    public static boolean isTrain(int k) {
        int block = k / 12;
        return block % 4 != 3;
    }

    /** The seed's CNN for {@code size×size} single-channel inputs, 2 classes (no lesion, lesion). */
    public static Sequential seedCnn(int size, long seed) {
        Sequential model = new Sequential(
                new Conv2D(32, 3).activation(Activation.RELU).name("conv1"),
                new MaxPool2D(2),
                new Conv2D(64, 3).activation(Activation.RELU).name("conv2"),
                new MaxPool2D(2),
                new Conv2D(128, 3).activation(Activation.RELU).name("conv3"),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(128).activation(Activation.RELU),
                new Dense(2).activation(Activation.SOFTMAX));
        model.seed(seed).name("lesion_cnn");
        model.build(1, size, size);
        return model;
    }

    /** Training images: per training slice, {@code trainVariants} images, half with a lesion of a random level. */
    public static List<Sample> trainingSet(List<AnatomySlice> slices, Settings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        List<Sample> out = new ArrayList<>();
        for (AnatomySlice slice : slices) {
            if (!isTrain(slice.position())) {
                continue;
            }
            for (int v = 0; v < s.trainVariants(); v++) {
                if (v % 2 == 0) {
                    out.add(negative(slice, s, rng));
                } else {
                    out.add(positive(slice, s, rng.nextInt(s.contrasts().length), rng.nextInt(s.radii().length), rng));
                }
            }
        }
        return out;
    }

    /**
     * Test images: per test slice, {@code testRepeats} lesion images at every (contrast, radius) level and
     * {@code 3 · testRepeats} images without a lesion.
     */
    public static List<Sample> testSet(List<AnatomySlice> slices, Settings s) {
        SplittableRandom rng = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
        List<Sample> out = new ArrayList<>();
        for (AnatomySlice slice : slices) {
            if (!isTest(slice.position())) {
                continue;
            }
            for (int r = 0; r < s.testRepeats(); r++) {
                for (int c = 0; c < s.contrasts().length; c++) {
                    for (int z = 0; z < s.radii().length; z++) {
                        out.add(positive(slice, s, c, z, rng));
                    }
                }
            }
            for (int r = 0; r < 3 * s.testRepeats(); r++) {
                out.add(negative(slice, s, rng));
            }
        }
        return out;
    }

    static Sample negative(AnatomySlice slice, Settings s, SplittableRandom rng) {
        float[][] img = copy(slice.image());
        LesionSimulator.addNoise(img, s.noise(), rng);
        return new Sample(img, 0, slice.modality(), slice.position(), null, null, -1, -1);
    }

    static Sample positive(AnatomySlice slice, Settings s, int contrastLevel, int radiusLevel, SplittableRandom rng) {
        int n = slice.tissuePixels();
        int pick = rng.nextInt(n);
        int cy = 0;
        int cx = 0;
        outer:
        for (int i = 0; i < s.size(); i++) {
            for (int j = 0; j < s.size(); j++) {
                if (slice.tissue()[i][j] && pick-- == 0) {
                    cy = i;
                    cx = j;
                    break outer;
                }
            }
        }
        boolean irregular = rng.nextBoolean();
        Lesion lesion = new Lesion(cx + rng.nextDouble() - 0.5, cy + rng.nextDouble() - 0.5,
                s.radii()[radiusLevel] * (0.9 + 0.2 * rng.nextDouble()), 1 + 0.8 * rng.nextDouble(),
                rng.nextDouble() * Math.PI, irregular ? 0.2 + 0.3 * rng.nextDouble() : 0,
                s.contrasts()[contrastLevel], 0.4 + 0.5 * rng.nextDouble(), 0.3 * s.noise());
        float[][][] inserted = LesionSimulator.insert(slice.image(), lesion, rng);
        LesionSimulator.addNoise(inserted[0], s.noise(), rng);
        return new Sample(inserted[0], 1, slice.modality(), slice.position(), lesion, inserted[1], contrastLevel, radiusLevel);
    }

    /** The samples as a (n, 1, size, size) tensor, each image z-scored over its own pixels: {@code (x − mean) / sd}. */
    public static Tensor images(List<Sample> samples) {
        int size = samples.get(0).image().length;
        int plane = size * size;
        float[] x = new float[samples.size() * plane];
        for (int n = 0; n < samples.size(); n++) {
            float[][] img = samples.get(n).image();
            double sum = 0;
            double sq = 0;
            for (float[] row : img) {
                for (float v : row) {
                    sum += v;
                    sq += (double) v * v;
                }
            }
            double mean = sum / plane;
            double sd = Math.sqrt(Math.max(1e-12, sq / plane - mean * mean));
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    x[n * plane + i * size + j] = (float) ((img[i][j] - mean) / sd);
                }
            }
        }
        return Tensor.of(x, samples.size(), 1, size, size);
    }

    /** Trains the seed CNN on {@code train} (the nn-core progress bar when {@code verbose}). */
    public static Sequential train(List<Sample> train, Settings s, boolean verbose) {
        Sequential model = seedCnn(s.size(), s.seed());
        model.compile(new Adam(s.learningRate()), Losses.categoricalCrossentropy());
        int[] labels = train.stream().mapToInt(Sample::label).toArray();
        model.fit(Dataset.of(images(train), Dataset.oneHot(labels, 2)),
                Fit.epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed()).verbose(verbose));
        return model;
    }

    /** P(lesion) of each sample, in batches of 128. */
    public static double[] scores(Model model, List<Sample> samples) {
        double[] out = new double[samples.size()];
        for (int start = 0; start < samples.size(); start += 128) {
            List<Sample> chunk = samples.subList(start, Math.min(samples.size(), start + 128));
            Tensor p = model.predict(images(chunk));
            for (int i = 0; i < chunk.size(); i++) {
                out[start + i] = p.get(i, 1);
            }
        }
        return out;
    }

    /** The scored test cases of one modality (null = all): every lesion image against every lesion-free one. */
    public static ScoredCases cases(List<Sample> test, double[] scores, String modality, int contrastLevel, int radiusLevel) {
        List<Double> s = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            Sample t = test.get(i);
            if (modality != null && !t.modality().equals(modality)) {
                continue;
            }
            if (t.label() == 1 && ((contrastLevel >= 0 && t.contrastLevel() != contrastLevel)
                    || (radiusLevel >= 0 && t.radiusLevel() != radiusLevel))) {
                continue;
            }
            s.add(scores[i]);
            y.add(t.label());
        }
        return ScoredCases.of(s.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToInt(Integer::intValue).toArray());
    }

    /** ROC AUC per (modality, radius level, contrast level): {@code [modality][radius][contrast]}. */
    public static Map<String, double[][]> detectability(List<Sample> test, double[] scores, Settings s) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String m : new String[] {"MRI", "CT"}) {
            double[][] auc = new double[s.radii().length][s.contrasts().length];
            boolean any = test.stream().anyMatch(t -> t.modality().equals(m));
            if (!any) {
                continue;
            }
            for (int z = 0; z < s.radii().length; z++) {
                for (int c = 0; c < s.contrasts().length; c++) {
                    auc[z][c] = RocCurve.mannWhitneyAuc(cases(test, scores, m, c, z));
                }
            }
            out.put(m, auc);
        }
        return out;
    }

    /** The detectability table as Markdown (rows: modality × radius; columns: contrast). */
    public static String table(Map<String, double[][]> auc, Settings s, double mmPerPixelMri, double mmPerPixelCt) {
        StringBuilder sb = new StringBuilder("ROC AUC on held-out slices, SIMULATED lesions\n\n| modality | radius |");
        for (double c : s.contrasts()) {
            sb.append(String.format(Locale.ROOT, " contrast %.2f |", c));
        }
        sb.append("\n|---|---|").append("---|".repeat(s.contrasts().length)).append('\n');
        for (Map.Entry<String, double[][]> e : auc.entrySet()) {
            double mm = e.getKey().equals("CT") ? mmPerPixelCt : mmPerPixelMri;
            for (int z = 0; z < s.radii().length; z++) {
                sb.append(String.format(Locale.ROOT, "| %s | %.2f px (%.1f mm) |", e.getKey(), s.radii()[z], s.radii()[z] * mm));
                for (int c = 0; c < s.contrasts().length; c++) {
                    sb.append(String.format(Locale.ROOT, " %.3f |", e.getValue()[z][c]));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}

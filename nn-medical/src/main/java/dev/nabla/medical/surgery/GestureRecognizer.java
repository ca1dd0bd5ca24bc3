package dev.nabla.medical.surgery;

import dev.nabla.data.Dataset;
import dev.nabla.io.ModelFile;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Bidirectional;
import dev.nabla.nn.Dense;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import dev.nabla.nn.TimeDistributed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frame-wise gesture recognition from kinematics: the seed's sequence model LSTM(u, return sequences) →
 * LSTM(u) → Dense(softmax), adapted to label every frame — both LSTMs return sequences and the classifier
 * is {@code TimeDistributed(Dense(15, softmax))} — and a bidirectional variant that also sees the future
 * (offline only: it cannot stream).
 *
 * <p>Pipeline: downsample 30 → 30/{@code downsample} Hz, z-score with a {@link Standardizer} fitted on the
 * training trials, cut training trials into windows, train with categorical cross-entropy (unlabelled
 * frames have all-zero targets and add nothing), predict whole test trials in one pass, repeat each
 * prediction {@code downsample} times to get back to 30 Hz, and score against the original labels.
 */
public final class GestureRecognizer {
    /** Which network to build. */
    public enum Architecture { LSTM, BILSTM }

    /**
     * Training settings.
     *
     * @param architecture network
     * @param units        LSTM units per layer (per direction for BILSTM)
     * @param downsample   keep every n-th frame
     * @param window       training window length in (downsampled) frames
     * @param stride       frames between window starts
     * @param epochs       passes over the windows
     * @param batchSize    windows per step
     * @param learningRate Adam's step size (gradient norm clipped at 1)
     * @param seed         weights and shuffling
     */
    public record Config(Architecture architecture, int units, int downsample, int window, int stride, int epochs,
                         int batchSize, double learningRate, long seed) {
        /** Small defaults that train in about a minute on two cores. */
        public static Config defaults() {
            return new Config(Architecture.LSTM, 32, 3, 50, 25, 5, 16, 5e-3, 42);
        }

        public Config withArchitecture(Architecture a) {
            return new Config(a, units, downsample, window, stride, epochs, batchSize, learningRate, seed);
        }

        public Config withEpochs(int e) {
            return new Config(architecture, units, downsample, window, stride, e, batchSize, learningRate, seed);
        }

        public Config withUnits(int u) {
            return new Config(architecture, u, downsample, window, stride, epochs, batchSize, learningRate, seed);
        }
    }

    /** A trained network with the normalisation and sampling it expects. */
    public record Trained(Sequential model, Standardizer standardizer, int downsample, History history) {
    }

    /** Scores over test trials: each metric is the mean over trials, in percent. */
    public record Scores(double accuracy, double edit, double f1At10, double f1At25, double f1At50, int trials) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "frame_accuracy=%.1f edit=%.1f F1@10=%.1f F1@25=%.1f F1@50=%.1f (mean of %d trials)",
                    accuracy, edit, f1At10, f1At25, f1At50, trials);
        }
    }

    private GestureRecognizer() {
    }

    /** LSTM(u, seq) → LSTM(u, seq) → TimeDistributed(Dense(classes, softmax)). */
    public static Sequential lstm(int units, int classes) {
        return new Sequential(
                new LSTM(units).returnSequences(true),
                new LSTM(units).returnSequences(true),
                new TimeDistributed(new Dense(classes).activation(Activation.SOFTMAX)));
    }

    /** Bidirectional(LSTM(u, seq)) → Bidirectional(LSTM(u, seq)) → TimeDistributed(Dense(classes, softmax)). */
    public static Sequential bidirectional(int units, int classes) {
        return new Sequential(
                new Bidirectional(new LSTM(units).returnSequences(true)),
                new Bidirectional(new LSTM(units).returnSequences(true)),
                new TimeDistributed(new Dense(classes).activation(Activation.SOFTMAX)));
    }

    /** Trains a new network on {@code trials}. */
    public static Trained train(List<Trial> trials, Config config) {
        List<Trial> small = new ArrayList<>();
        for (Trial t : trials) {
            small.add(Sequences.downsample(t, config.downsample()));
        }
        Standardizer standardizer = Standardizer.fit(small);
        List<float[][]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        for (Trial t : small) {
            xs.add(standardizer.apply(t.kinematics()));
            ys.add(t.labels());
        }
        Dataset windows = Sequences.windows(xs, ys, config.window(), config.stride(), Gesture.COUNT);
        Sequential model = config.architecture() == Architecture.LSTM
                ? lstm(config.units(), Gesture.COUNT) : bidirectional(config.units(), Gesture.COUNT);
        model.seed(config.seed());
        model.build(config.window(), Kinematics.COLUMNS);
        Adam adam = new Adam(config.learningRate());
        adam.clipNorm(1.0);
        model.compile(adam, Losses.categoricalCrossentropy());
        History history = model.fit(windows, Fit.epochs(config.epochs()).batchSize(config.batchSize()).seed(config.seed()));
        return new Trained(model, standardizer, config.downsample(), history);
    }

    /** Per-frame class probabilities at the downsampled rate: {@code (frames/downsample, 15)}. */
    public static Tensor probabilities(Trained trained, Trial trial) {
        Trial small = Sequences.downsample(trial, trained.downsample());
        float[][] z = trained.standardizer().apply(small.kinematics());
        Tensor x = Sequences.pad(List.<float[][]>of(z)).x();
        Tensor y = trained.model().predict(x);
        return y.reshape(small.frames(), Gesture.COUNT);
    }

    /** One gesture index per original (30 Hz) frame. */
    public static int[] predict(Trained trained, Trial trial) {
        int[] small = Sequences.argmax(probabilities(trained, trial));
        int[] out = new int[trial.frames()];
        for (int t = 0; t < out.length; t++) {
            out[t] = small[Math.min(small.length - 1, t / trained.downsample())];
        }
        return out;
    }

    /** Frame accuracy, edit score and F1@{10,25,50}, each the mean over {@code trials}. */
    public static Scores evaluate(Trained trained, List<Trial> trials) {
        double[] sum = new double[5];
        for (Trial t : trials) {
            int[] p = predict(trained, t);
            sum[0] += SegmentMetrics.frameAccuracy(p, t.labels());
            sum[1] += SegmentMetrics.editScore(p, t.labels());
            sum[2] += SegmentMetrics.f1(p, t.labels(), 0.10);
            sum[3] += SegmentMetrics.f1(p, t.labels(), 0.25);
            sum[4] += SegmentMetrics.f1(p, t.labels(), 0.50);
        }
        int n = trials.size();
        return new Scores(sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n, sum[4] / n, n);
    }

    /** Saves the network with the standardizer and sampling in its metadata (plus {@code extra}). */
    public static void save(Trained trained, Path path, Map<String, Object> extra) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>(extra);
        meta.put("data", "SIMULATED JIGSAWS-layout kinematics unless stated otherwise");
        meta.put("downsample", trained.downsample());
        meta.put("standardizer_mean", toList(trained.standardizer().mean()));
        meta.put("standardizer_std", toList(trained.standardizer().std()));
        trained.model().save(path, meta);
    }

    /** Loads what {@link #save} wrote. */
    public static Trained load(Path path) throws IOException {
        Model model = Model.load(path, false);
        if (!(model instanceof Sequential seq)) {
            throw new IOException(path + ": expected a Sequential gesture model, got " + model.getClass().getSimpleName());
        }
        Map<String, Object> meta = ModelFile.metadata(path);
        Object mean = meta.get("standardizer_mean");
        Object std = meta.get("standardizer_std");
        Object ds = meta.get("downsample");
        if (!(mean instanceof List<?> m) || !(std instanceof List<?> s) || !(ds instanceof Number d)) {
            throw new IOException(path + ": metadata lacks standardizer_mean, standardizer_std or downsample;"
                    + " was it saved by GestureRecognizer.save?");
        }
        return new Trained(seq, Standardizer.of(toFloats(m), toFloats(s)), d.intValue(), null);
    }

    static List<Double> toList(float[] v) {
        List<Double> out = new ArrayList<>();
        for (float f : v) {
            out.add((double) f);
        }
        return out;
    }

    static float[] toFloats(List<?> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) v.get(i)).floatValue();
        }
        return out;
    }
}

package dev.nabla.medical.surgery;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Dense;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.TimeDistributed;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;

import dev.nabla.io.ModelFile;
import dev.nabla.nn.Model;
import dev.nabla.nn.SequenceStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forecasts where the two slave tool tips will be {@code horizon} (downsampled) frames ahead, and the
 * constant-velocity baseline it must beat: {@code p̂(t+h) = p(t) + v(t)·h·Δt} with the recorded linear
 * velocity. The network, LSTM(u, return sequences) → TimeDistributed(Dense(6)), reads the z-scored
 * kinematics and predicts the displacement {@code p(t+h) − p(t)} of both tips in centimetres (mean squared
 * error). The error reported is the mean Euclidean distance between forecast and true tip positions over
 * both tips and every frame that has a future, in millimetres.
 */
public final class MotionForecaster {
    private static final int[] TIPS = TipPredictor.TIPS;
    /** Metadata key of the pooled motion-alert threshold τ calibrated on the training trials, mm. */
    public static final String THRESHOLD_KEY = "motion_alert_threshold_mm";
    /** Metadata key of the per-gesture thresholds τ_g (15 numbers, mm; 0 = use τ). */
    public static final String GESTURE_THRESHOLDS_KEY = "motion_alert_threshold_per_gesture_mm";
    private static final float TO_CM = 100f;

    /** A trained forecaster with the sampling and normalisation it expects. */
    public record Trained(Sequential model, Standardizer standardizer, int downsample, int horizon) {
    }

    private MotionForecaster() {
    }

    /** Trains on {@code trials}; {@code horizon} counts downsampled frames. */
    public static Trained train(List<Trial> trials, int downsample, int horizon, int units, int window, int epochs, long seed) {
        List<Trial> small = new ArrayList<>();
        for (Trial t : trials) {
            small.add(Sequences.downsample(t, downsample));
        }
        Standardizer standardizer = Standardizer.fit(small);
        List<float[][]> xs = new ArrayList<>();
        List<float[][]> ys = new ArrayList<>();
        for (Trial t : small) {
            int n = t.frames() - horizon;
            float[][] z = standardizer.apply(t.kinematics());
            xs.add(java.util.Arrays.copyOf(z, n));
            ys.add(displacements(t, horizon));
        }
        Dataset data = windows(xs, ys, window);
        Sequential model = new Sequential(new LSTM(units).returnSequences(true), new TimeDistributed(new Dense(6)));
        model.seed(seed);
        model.build(window, Kinematics.COLUMNS);
        Adam adam = new Adam(5e-3);
        adam.clipNorm(1.0);
        model.compile(adam, Losses.meanSquaredError());
        model.fit(data, Fit.epochs(epochs).batchSize(16).seed(seed));
        return new Trained(model, standardizer, downsample, horizon);
    }

    /** Mean tip error of the network on {@code trials}, mm. */
    public static double error(Trained trained, List<Trial> trials) {
        double sum = 0;
        long n = 0;
        for (Trial trial : trials) {
            Trial t = Sequences.downsample(trial, trained.downsample());
            int frames = t.frames() - trained.horizon();
            float[][] z = trained.standardizer().apply(t.kinematics());
            Tensor x = Sequences.pad(List.<float[][]>of(java.util.Arrays.copyOf(z, frames))).x();
            float[] p = trained.model().predict(x).contiguous().toArray();
            float[][] truth = displacements(t, trained.horizon());
            for (int f = 0; f < frames; f++) {
                for (int tip = 0; tip < 2; tip++) {
                    double d = 0;
                    for (int a = 0; a < 3; a++) {
                        double e = p[f * 6 + tip * 3 + a] - truth[f][tip * 3 + a];
                        d += e * e;
                    }
                    sum += Math.sqrt(d) * 10;     // cm → mm
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** Mean tip error of the constant-velocity forecast, mm, at the same sampling and horizon. */
    public static double constantVelocityError(List<Trial> trials, int downsample, int horizon) {
        double seconds = horizon * downsample / Kinematics.HZ;
        double sum = 0;
        long n = 0;
        for (Trial trial : trials) {
            Trial t = Sequences.downsample(trial, downsample);
            float[][] k = t.kinematics();
            for (int f = 0; f + horizon < k.length; f++) {
                for (int tip : TIPS) {
                    int v = tip + Kinematics.LINEAR_VELOCITY;
                    double d = 0;
                    for (int a = 0; a < 3; a++) {
                        double e = k[f][tip + a] + k[f][v + a] * seconds - k[f + horizon][tip + a];
                        d += e * e;
                    }
                    sum += Math.sqrt(d) * 1000;   // m → mm
                    n++;
                }
            }
        }
        return sum / n;
    }

    /**
     * The network as a {@link TipPredictor}: one step per {@code downsample} 30 Hz frames through
     * {@link Sequential#stream()} (states kept between calls, so step t equals the whole-sequence output at
     * t), predicting the tips {@code horizon·downsample} frames ahead as {@code p(t) + network displacement}.
     */
    public static TipPredictor predictor(Trained trained) {
        SequenceStream stream = trained.model().stream();
        return new TipPredictor() {
            @Override
            public int stride() {
                return trained.downsample();
            }

            @Override
            public int lead() {
                return trained.horizon() * trained.downsample();
            }

            @Override
            public double[] step(float[] frame) {
                float[] z = trained.standardizer().apply(new float[][] {frame})[0];
                float[] d = stream.step(Tensor.of(z, 1, z.length)).contiguous().toArray();
                double[] p = new double[6];
                for (int tip = 0; tip < 2; tip++) {
                    for (int a = 0; a < 3; a++) {
                        p[tip * 3 + a] = frame[TIPS[tip] + a] + d[tip * 3 + a] / TO_CM;
                    }
                }
                return p;
            }

            @Override
            public void reset() {
                stream.reset();
            }
        };
    }

    /**
     * Saves the network with its standardizer, sampling and horizon in the metadata (plus {@code extra},
     * e.g. {@link #THRESHOLD_KEY}); the file is written to a temporary name and renamed.
     */
    public static void save(Trained trained, Path path, Map<String, Object> extra) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>(extra);
        meta.put("kind", "surgery motion forecaster");
        meta.put("downsample", trained.downsample());
        meta.put("horizon", trained.horizon());
        meta.put("standardizer_mean", GestureRecognizer.toList(trained.standardizer().mean()));
        meta.put("standardizer_std", GestureRecognizer.toList(trained.standardizer().std()));
        trained.model().save(path, meta);
    }

    /** Loads what {@link #save} wrote. */
    public static Trained load(Path path) throws IOException {
        Model model = Model.load(path, false);
        if (!(model instanceof Sequential seq)) {
            throw new IOException(path + ": expected a Sequential forecaster, got " + model.getClass().getSimpleName());
        }
        Map<String, Object> meta = ModelFile.metadata(path);
        if (!(meta.get("standardizer_mean") instanceof List<?> m) || !(meta.get("standardizer_std") instanceof List<?> s)
                || !(meta.get("downsample") instanceof Number d) || !(meta.get("horizon") instanceof Number h)) {
            throw new IOException(path + ": metadata lacks standardizer_mean, standardizer_std, downsample or horizon;"
                    + " was it saved by MotionForecaster.save ('surgery forecast --out')?");
        }
        return new Trained(seq, Standardizer.of(GestureRecognizer.toFloats(m), GestureRecognizer.toFloats(s)),
                d.intValue(), h.intValue());
    }

    /** The metadata entries that store {@code thresholds} with a forecaster ({@link #save}'s {@code extra}). */
    public static Map<String, Object> thresholdMetadata(MotionThresholds thresholds) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(THRESHOLD_KEY, thresholds.pooled());
        List<Double> per = new ArrayList<>();
        for (double t : thresholds.perGesture()) {
            per.add(Double.isNaN(t) ? 0.0 : t);
        }
        meta.put(GESTURE_THRESHOLDS_KEY, per);
        return meta;
    }

    /** The motion-alert thresholds stored with a saved forecaster ({@link #thresholdMetadata}), if any. */
    public static Optional<MotionThresholds> savedThresholds(Path path) throws IOException {
        Map<String, Object> meta = ModelFile.metadata(path);
        if (!(meta.get(THRESHOLD_KEY) instanceof Number pooled)) {
            return Optional.empty();
        }
        double[] per = new double[Gesture.COUNT];
        java.util.Arrays.fill(per, Double.NaN);
        if (meta.get(GESTURE_THRESHOLDS_KEY) instanceof List<?> list) {
            if (list.size() != Gesture.COUNT) {
                throw new IOException(path + ": " + GESTURE_THRESHOLDS_KEY + " has " + list.size() + " values, expected "
                        + Gesture.COUNT);
            }
            for (int g = 0; g < Gesture.COUNT; g++) {
                double t = ((Number) list.get(g)).doubleValue();
                per[g] = t > 0 ? t : Double.NaN;
            }
        }
        return Optional.of(new MotionThresholds(pooled.doubleValue(), per));
    }

    /** Per frame with a future: {@code p(t+h) − p(t)} of the left then right tip, cm. */
    static float[][] displacements(Trial t, int horizon) {
        float[][] k = t.kinematics();
        int n = k.length - horizon;
        if (n < 1) {
            throw new IllegalArgumentException("forecast: trial " + t.name() + " has " + k.length
                    + " frames, not more than the horizon " + horizon);
        }
        float[][] y = new float[n][6];
        for (int f = 0; f < n; f++) {
            for (int tip = 0; tip < 2; tip++) {
                for (int a = 0; a < 3; a++) {
                    y[f][tip * 3 + a] = (k[f + horizon][TIPS[tip] + a] - k[f][TIPS[tip] + a]) * TO_CM;
                }
            }
        }
        return y;
    }

    private static Dataset windows(List<float[][]> xs, List<float[][]> ys, int length) {
        List<float[][]> wx = new ArrayList<>();
        List<float[][]> wy = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            for (int s = 0; s + length <= xs.get(i).length; s += length / 2) {
                wx.add(java.util.Arrays.copyOfRange(xs.get(i), s, s + length));
                wy.add(java.util.Arrays.copyOfRange(ys.get(i), s, s + length));
            }
        }
        return Dataset.of(Sequences.pad(wx).x(), Sequences.pad(wy).x());
    }
}

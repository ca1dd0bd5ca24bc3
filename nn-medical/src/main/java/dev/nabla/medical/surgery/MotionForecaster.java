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

import java.util.ArrayList;
import java.util.List;

/**
 * Forecasts where the two slave tool tips will be {@code horizon} (downsampled) frames ahead, and the
 * constant-velocity baseline it must beat: {@code p̂(t+h) = p(t) + v(t)·h·Δt} with the recorded linear
 * velocity. The network, LSTM(u, return sequences) → TimeDistributed(Dense(6)), reads the z-scored
 * kinematics and predicts the displacement {@code p(t+h) − p(t)} of both tips in centimetres (mean squared
 * error). The error reported is the mean Euclidean distance between forecast and true tip positions over
 * both tips and every frame that has a future, in millimetres.
 */
public final class MotionForecaster {
    private static final int[] TIPS = {
            Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.POSITION),
            Kinematics.column(Kinematics.SLAVE_RIGHT, Kinematics.POSITION)};
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

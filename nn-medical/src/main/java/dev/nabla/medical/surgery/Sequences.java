package dev.nabla.medical.surgery;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence tooling for kinematic trials: downsampling, fixed-length windows for training, padding with a
 * mask for whole trials of different lengths, and leave-one-user-out (LOUO) splits.
 */
public final class Sequences {
    private Sequences() {
    }

    /** Every {@code factor}-th frame (30 Hz → 10 Hz with factor 3), labels alike. */
    public static Trial downsample(Trial trial, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("downsample: factor must be >= 1, got " + factor);
        }
        int n = (trial.frames() + factor - 1) / factor;
        float[][] k = new float[n][];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = trial.kinematics()[i * factor];
            l[i] = trial.labels()[i * factor];
        }
        return new Trial(trial.name(), trial.user(), trial.skill(), trial.grs(), k, l, trial.simulated());
    }

    /**
     * Windows of {@code length} frames every {@code stride} frames (the last window ends at the last frame)
     * as a dataset: x {@code (n, length, features)}, y {@code (n, length, classes)} one-hot per frame, all
     * zeros at unlabelled frames (so they add nothing to a cross-entropy).
     *
     * @param features per trial its (already normalised) frames, same order as {@code trials}
     */
    public static Dataset windows(List<float[][]> features, List<int[]> labels, int length, int stride, int classes) {
        if (length < 1 || stride < 1) {
            throw new IllegalArgumentException("windows: length and stride must be >= 1, got " + length + ", " + stride);
        }
        List<float[][]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            float[][] f = features.get(i);
            int[] l = labels.get(i);
            if (f.length < length) {
                continue;
            }
            List<Integer> starts = new ArrayList<>();
            for (int s = 0; s + length <= f.length; s += stride) {
                starts.add(s);
            }
            if (starts.get(starts.size() - 1) + length < f.length) {
                starts.add(f.length - length);
            }
            for (int s : starts) {
                float[][] w = new float[length][];
                int[] y = new int[length];
                for (int t = 0; t < length; t++) {
                    w[t] = f[s + t];
                    y[t] = l[s + t];
                }
                xs.add(w);
                ys.add(y);
            }
        }
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("windows: no trial has " + length + " frames");
        }
        int nf = xs.get(0)[0].length;
        float[] x = new float[xs.size() * length * nf];
        float[] y = new float[xs.size() * length * classes];
        for (int n = 0; n < xs.size(); n++) {
            for (int t = 0; t < length; t++) {
                System.arraycopy(xs.get(n)[t], 0, x, (n * length + t) * nf, nf);
                int label = ys.get(n)[t];
                if (label != Trial.UNLABELLED) {
                    y[(n * length + t) * classes + label] = 1f;
                }
            }
        }
        return Dataset.of(Tensor.of(x, xs.size(), length, nf), Tensor.of(y, xs.size(), length, classes));
    }

    /** Sequences padded at the end with zeros to the longest: x {@code (n, T, features)}, mask {@code (n, T)}. */
    public record Padded(Tensor x, Tensor mask, int[] lengths) {
    }

    /** Pads {@code sequences} (each frames × features) at the end; the mask is 1 on real frames, 0 on padding. */
    public static Padded pad(List<float[][]> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("pad: no sequences");
        }
        int max = 0;
        int nf = sequences.get(0)[0].length;
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < sequences.size(); i++) {
            lengths[i] = sequences.get(i).length;
            max = Math.max(max, lengths[i]);
            if (sequences.get(i)[0].length != nf) {
                throw new IllegalArgumentException("pad: sequence " + i + " has " + sequences.get(i)[0].length
                        + " features, sequence 0 has " + nf);
            }
        }
        float[] x = new float[sequences.size() * max * nf];
        float[] mask = new float[sequences.size() * max];
        for (int i = 0; i < sequences.size(); i++) {
            for (int t = 0; t < lengths[i]; t++) {
                System.arraycopy(sequences.get(i)[t], 0, x, (i * max + t) * nf, nf);
                mask[i * max + t] = 1f;
            }
        }
        return new Padded(Tensor.of(x, sequences.size(), max, nf), Tensor.of(mask, sequences.size(), max), lengths);
    }

    /** One fold of a leave-one-user-out evaluation. */
    public record Split(String heldOutUser, List<Trial> train, List<Trial> test) {
    }

    /** One split per user (in order of first appearance): that user's trials are the test set. */
    public static List<Split> leaveOneUserOut(List<Trial> trials) {
        Map<String, List<Trial>> byUser = new LinkedHashMap<>();
        for (Trial t : trials) {
            byUser.computeIfAbsent(t.user(), u -> new ArrayList<>()).add(t);
        }
        if (byUser.size() < 2) {
            throw new IllegalArgumentException("leave-one-user-out needs at least 2 users, got " + byUser.keySet());
        }
        List<Split> out = new ArrayList<>();
        for (String user : byUser.keySet()) {
            List<Trial> train = new ArrayList<>();
            for (Trial t : trials) {
                if (!t.user().equals(user)) {
                    train.add(t);
                }
            }
            out.add(new Split(user, train, byUser.get(user)));
        }
        return out;
    }

    /** Per frame the class with the highest score, from predictions {@code (time, classes)} or {@code (1, time, classes)}. */
    public static int[] argmax(Tensor scores) {
        int[] shape = scores.shape();
        int classes = shape[shape.length - 1];
        float[] v = scores.contiguous().toArray();
        int n = v.length / classes;
        int[] out = new int[n];
        for (int t = 0; t < n; t++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (v[t * classes + c] > v[t * classes + best]) {
                    best = c;
                }
            }
            out[t] = best;
        }
        return out;
    }
}

package dev.nabla.medical.surgery;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.ConfusionMatrix;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Skill classification (novice / intermediate / expert) of whole trials from the motion-efficiency
 * measures of {@link SkillFeatures} (log task time, log path lengths, jitter shares), z-scored on the
 * training users, with a small network Dense(16, ReLU) → Dense(3, softmax), evaluated leave-one-user-out:
 * each user's trials are classified by a model that never saw that user.
 */
public final class SkillClassifier {
    private SkillClassifier() {
    }

    /** The feature vector of a trial: logs of time and paths (they are ratio-scaled), jitter shares as they are. */
    public static float[] features(Trial trial) {
        double[] f = SkillFeatures.of(trial);
        return new float[] {(float) Math.log(f[0]), (float) Math.log(f[1]), (float) Math.log(f[2]), (float) f[3], (float) f[4]};
    }

    /** Leave-one-user-out confusion matrix (rows: true skill, columns: predicted, in {@link Skill} order). */
    public static ConfusionMatrix leaveOneUserOut(List<Trial> trials, int epochs, long seed) {
        ConfusionMatrix cm = new ConfusionMatrix("novice", "intermediate", "expert");
        for (Sequences.Split split : Sequences.leaveOneUserOut(trials)) {
            float[][] train = matrix(split.train());
            float[] mean = new float[train[0].length];
            float[] std = new float[train[0].length];
            for (int c = 0; c < mean.length; c++) {
                double s = 0;
                double q = 0;
                for (float[] r : train) {
                    s += r[c];
                    q += r[c] * r[c];
                }
                mean[c] = (float) (s / train.length);
                std[c] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, q / train.length - mean[c] * mean[c])));
            }
            int[] labels = split.train().stream().mapToInt(t -> t.skill().ordinal()).toArray();
            Sequential model = new Sequential(new Dense(16).activation(Activation.RELU),
                    new Dense(3).activation(Activation.SOFTMAX));
            model.seed(seed);
            model.build(mean.length);
            model.compile(new Adam(1e-2), Losses.categoricalCrossentropy());
            model.fit(Dataset.of(tensor(train, mean, std), Dataset.oneHot(labels, 3)),
                    Fit.epochs(epochs).batchSize(train.length).seed(seed).verbose(false));
            Tensor p = model.predict(tensor(matrix(split.test()), mean, std));
            int[] predicted = Sequences.argmax(p);
            for (int i = 0; i < predicted.length; i++) {
                cm.add(split.test().get(i).skill().ordinal(), predicted[i]);
            }
        }
        return cm;
    }

    private static float[][] matrix(List<Trial> trials) {
        List<float[]> rows = new ArrayList<>();
        for (Trial t : trials) {
            rows.add(features(t));
        }
        return rows.toArray(new float[0][]);
    }

    private static Tensor tensor(float[][] rows, float[] mean, float[] std) {
        int d = mean.length;
        float[] v = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < d; c++) {
                v[i * d + c] = (rows[i][c] - mean[c]) / std[c];
            }
        }
        return Tensor.of(v, rows.length, d);
    }
}

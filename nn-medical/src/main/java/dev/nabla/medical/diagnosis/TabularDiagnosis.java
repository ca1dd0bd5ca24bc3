package dev.nabla.medical.diagnosis;

import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.medical.clinical.ScoredCases;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A binary diagnosis from a table of features with a small MLP:
 * {@code z-score → Dense(h, ReLU) → Dropout(p) → Dense(1, sigmoid)}, trained with binary
 * cross-entropy and Adam, the output read as the probability that the case is positive.
 *
 * <p>{@link #crossValidate} is seeded stratified k-fold cross-validation: for each fold the
 * standardizer and the network are fitted on the other k−1 folds only, and the held-out fold is
 * scored; the result is one out-of-fold probability per case (pooled over the folds), from which
 * {@link DiagnosticReport} computes the metrics and their confidence intervals.
 *
 * @param hidden       units of the hidden layer
 * @param dropout      dropout rate after it (0 = none)
 * @param epochs       training epochs per fold
 * @param batchSize    mini-batch size
 * @param learningRate Adam's learning rate
 * @param seed         seeds the folds, the weights, dropout and shuffling
 */
public record TabularDiagnosis(int hidden, double dropout, int epochs, int batchSize, double learningRate, long seed) {
    /** Checks the settings. */
    public TabularDiagnosis {
        if (hidden < 1 || epochs < 1 || batchSize < 1 || !(learningRate > 0) || dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("tabular diagnosis: need hidden, epochs, batchSize >= 1, learningRate > 0 "
                    + "and 0 <= dropout < 1; got hidden=" + hidden + " epochs=" + epochs + " batchSize=" + batchSize
                    + " learningRate=" + learningRate + " dropout=" + dropout);
        }
    }

    /** The defaults used for the WDBC results: 16 hidden units, dropout 0.2, 60 epochs, batch 32, Adam 1e-3. */
    public static TabularDiagnosis defaults(long seed) {
        return new TabularDiagnosis(16, 0.2, 60, 32, 1e-3, seed);
    }

    /** Out-of-fold predictions of a cross-validation. */
    public record CrossValidation(ScoredCases outOfFold, int[] foldOfCase, int folds) {
    }

    /** A network trained on all cases, with the standardizer it needs. */
    public record Trained(Model model, ColumnStandardizer standardizer) {
        /** The probability of the positive class for each row. */
        public float[] probabilities(float[][] rows) {
            Tensor p = model.predict(Tensor.of(standardizer.apply(rows), rows.length, standardizer.mean().length));
            return p.toArray();
        }

        /**
         * Saves the network with the standardizer and {@code provenance} in its metadata
         * ({@code standardizer_mean}, {@code standardizer_std}).
         */
        public void save(Path path, Map<String, Object> provenance) throws IOException {
            Map<String, Object> meta = new LinkedHashMap<>(provenance);
            meta.put("standardizer_mean", toList(standardizer.mean()));
            meta.put("standardizer_std", toList(standardizer.std()));
            model.save(path, meta);
        }

        /** Loads what {@link #save} wrote. */
        public static Trained load(Path path) throws IOException {
            Model model = Model.load(path, false);
            Map<String, Object> meta = dev.nabla.io.ModelFile.metadata(path);
            Object mean = meta.get("standardizer_mean");
            Object std = meta.get("standardizer_std");
            if (!(mean instanceof List) || !(std instanceof List)) {
                throw new IOException(path + ": metadata has no standardizer_mean/standardizer_std; "
                        + "not a model saved by TabularDiagnosis.Trained.save");
            }
            return new Trained(model, ColumnStandardizer.of(toFloats((List<?>) mean), toFloats((List<?>) std)));
        }
    }

    /**
     * Seeded stratified {@code k}-fold cross-validation; {@code onFold} is told each finished fold (0-based).
     *
     * @throws IllegalArgumentException when rows and labels differ in number or a label is not 0/1
     */
    public CrossValidation crossValidate(float[][] rows, int[] labels, int k, IntConsumer onFold) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException("cross-validation: " + rows.length + " rows but " + labels.length + " labels");
        }
        double[] scores = new double[rows.length];
        int[] foldOf = new int[rows.length];
        List<StratifiedKFold.Fold> folds = StratifiedKFold.split(labels, k, seed);
        for (int f = 0; f < folds.size(); f++) {
            StratifiedKFold.Fold fold = folds.get(f);
            Trained t = train(pick(rows, fold.train()), pick(labels, fold.train()), seed + 1000L * (f + 1));
            float[] p = t.probabilities(pick(rows, fold.test()));
            for (int i = 0; i < fold.test().length; i++) {
                scores[fold.test()[i]] = p[i];
                foldOf[fold.test()[i]] = f;
            }
            if (onFold != null) {
                onFold.accept(f);
            }
        }
        return new CrossValidation(ScoredCases.of(scores, labels), foldOf, k);
    }

    /** Fits the standardizer and the network on all of {@code rows}. */
    public Trained train(float[][] rows, int[] labels) {
        return train(rows, labels, seed);
    }

    private Trained train(float[][] rows, int[] labels, long runSeed) {
        ColumnStandardizer z = ColumnStandardizer.fit(rows);
        int d = rows[0].length;
        Sequential model = new Sequential();
        model.add(new Dense(hidden).activation(Activation.RELU));
        if (dropout > 0) {
            model.add(new Dropout(dropout));
        }
        model.add(new Dense(1).activation(Activation.SIGMOID));
        model.seed(runSeed);
        model.build(d);
        model.compile(new Adam(learningRate), Losses.binaryCrossentropy(false));
        float[] y = new float[labels.length];
        for (int i = 0; i < y.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("tabular diagnosis: label of case " + i + " is " + labels[i]
                        + "; expected 0 or 1");
            }
            y[i] = labels[i];
        }
        model.fit(Dataset.of(Tensor.of(z.apply(rows), rows.length, d), Tensor.of(y, y.length, 1)),
                Fit.epochs(epochs).batchSize(batchSize).seed(runSeed).verbose(false));
        return new Trained(model, z);
    }

    /** The settings as provenance entries. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", "zscore-Dense(" + hidden + ",relu)-Dropout(" + dropout + ")-Dense(1,sigmoid)");
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", "Adam(" + learningRate + ")");
        m.put("loss", "binary_crossentropy");
        m.put("seed", seed);
        return m;
    }

    private static float[][] pick(float[][] rows, int[] idx) {
        float[][] out = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = rows[idx[i]];
        }
        return out;
    }

    private static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    private static List<Double> toList(float[] v) {
        List<Double> l = new ArrayList<>();
        for (float f : v) {
            l.add((double) f);
        }
        return l;
    }

    private static float[] toFloats(List<?> l) {
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = ((Number) l.get(i)).floatValue();
        }
        return f;
    }
}

package dev.nabla.medical.data;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Wisconsin Diagnostic Breast Cancer table (UCI WDBC, Wolberg et al.) as shipped by scikit-learn
 * ({@code scripts/fetch-data.sh wdbc}): a first line {@code 569,30,malignant,benign}, then 569 rows of 30
 * features and a label, <b>0 = malignant (212), 1 = benign (357)</b>.
 */
public final class Wdbc {
    /** Number of feature columns. */
    public static final int FEATURES = 30;

    private Wdbc() {
    }

    /** {@code $NABLA_DATA/wdbc/breast_cancer.csv}, else {@code ~/.cache/nabla/wdbc/breast_cancer.csv}. */
    public static Path defaultFile() {
        String env = System.getenv("NABLA_DATA");
        Path root = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "nabla");
        return root.resolve("wdbc").resolve("breast_cancer.csv");
    }

    /** Features (rows × 30, raw units) and one-hot labels (rows × 2: malignant, benign). */
    public static Dataset load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": WDBC table not found; run scripts/fetch-data.sh wdbc");
        }
        double[][] rows = NumericCsv.read(file, 1);
        int n = rows.length;
        if (n == 0 || rows[0].length != FEATURES + 1) {
            throw new MalformedFileException(file.toString(), "expected rows of " + (FEATURES + 1) + " columns, got "
                    + (n == 0 ? "no rows" : rows[0].length + " columns"));
        }
        float[] x = new float[n * FEATURES];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) rows[i][j];
            }
            double label = rows[i][FEATURES];
            if (label != 0 && label != 1) {
                throw new MalformedFileException(file.toString(), "row " + (i + 2) + ": label must be 0 or 1, got " + label);
            }
            y[i] = (int) label;
        }
        return Dataset.of(Tensor.of(x, n, FEATURES), Dataset.oneHot(y, 2));
    }

    /**
     * Scales every column of {@code data} with the mean and standard deviation of {@code reference}
     * (the training split, so no test statistics leak in).
     */
    public static Dataset standardize(Dataset data, Dataset reference) {
        int f = reference.x().size(1);
        float[] ref = reference.x().contiguous().toArray();
        int m = reference.size();
        double[] mean = new double[f];
        double[] sd = new double[f];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < f; j++) {
                mean[j] += ref[i * f + j] / (double) m;
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < f; j++) {
                double d = ref[i * f + j] - mean[j];
                sd[j] += d * d / m;
            }
        }
        float[] x = data.x().contiguous().toArray();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) ((x[i * f + j] - mean[j]) / Math.max(Math.sqrt(sd[j]), 1e-12));
            }
        }
        return Dataset.of(Tensor.of(x, data.size(), f), data.y());
    }
}

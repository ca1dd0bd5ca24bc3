package dev.nabla.medical.diagnosis;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Wisconsin Diagnostic Breast Cancer data (Street, Wolberg &amp; Mangasarian 1993; UCI "WDBC"),
 * in scikit-learn's {@code breast_cancer.csv} layout: a first line {@code 569,30,malignant,benign}
 * (cases, features, name of class 0, name of class 1), then one line per case with 30 real-valued
 * features of the cell nuclei in a digitised fine-needle aspirate and the class (0 = malignant,
 * 1 = benign). Fetch it with {@code scripts/fetch-data.sh wdbc}.
 *
 * <p>Here <b>malignant is the positive class</b>: {@link #labels()} is 1 for malignant, 0 for benign,
 * so sensitivity is the fraction of cancers found.
 */
public final class BreastCancerTable {
    /** The 30 feature names, in file order: ten measurements as mean, standard error and "worst". */
    public static final List<String> FEATURES;

    static {
        String[] base = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                "concave points", "symmetry", "fractal dimension"};
        List<String> names = new ArrayList<>();
        for (String b : base) {
            names.add("mean " + b);
        }
        for (String b : base) {
            names.add(b + " error");
        }
        for (String b : base) {
            names.add("worst " + b);
        }
        FEATURES = List.copyOf(names);
    }

    private final float[][] features;
    private final int[] labels;
    private final Path source;

    private BreastCancerTable(float[][] features, int[] labels, Path source) {
        this.features = features;
        this.labels = labels;
        this.source = source;
    }

    /** {@code breast_cancer.csv} in the data cache ({@code $NABLA_DATA/wdbc}, else {@code ~/.cache/nabla/wdbc}). */
    public static Path defaultPath() {
        String env = System.getenv("NABLA_DATA");
        Path cache = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "nabla");
        return cache.resolve("wdbc").resolve("breast_cancer.csv");
    }

    /** Reads the table from its {@linkplain #defaultPath() default place}. */
    public static BreastCancerTable load() throws IOException {
        return read(defaultPath());
    }

    /**
     * Reads a {@code breast_cancer.csv}.
     *
     * @throws IOException when the file is missing (the message names the fetch command) or malformed
     *                     (the message names the file, the line, what was expected and what was found)
     */
    public static BreastCancerTable read(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            throw new IOException("breast-cancer table not found: " + csv + "; fetch it with scripts/fetch-data.sh wdbc");
        }
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw error(csv, 1, "the file is empty; expected a first line like 569,30,malignant,benign");
            }
            String[] h = header.trim().split(",");
            int n;
            int d;
            try {
                if (h.length != 4) {
                    throw new NumberFormatException();
                }
                n = Integer.parseInt(h[0].trim());
                d = Integer.parseInt(h[1].trim());
            } catch (NumberFormatException e) {
                throw error(csv, 1, "expected a first line 'cases,features,class0,class1' like 569,30,malignant,benign, got '"
                        + header + "'");
            }
            if (d != FEATURES.size() || !h[2].trim().equals("malignant") || !h[3].trim().equals("benign")) {
                throw error(csv, 1, "expected 30 features with class 0 = malignant and 1 = benign, got '" + header + "'");
            }
            float[][] x = new float[n][];
            int[] y = new int[n];
            int row = 0;
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (row == n) {
                    throw error(csv, lineNo, "more data lines than the " + n + " announced in the first line");
                }
                String[] f = line.split(",");
                if (f.length != d + 1) {
                    throw error(csv, lineNo, "expected " + (d + 1) + " comma-separated values (30 features + class), got "
                            + f.length);
                }
                float[] r = new float[d];
                for (int c = 0; c < d; c++) {
                    try {
                        r[c] = Float.parseFloat(f[c].trim());
                    } catch (NumberFormatException e) {
                        throw error(csv, lineNo, "feature " + (c + 1) + " (" + FEATURES.get(c) + ") is not a number: '"
                                + f[c] + "'");
                    }
                    if (!Float.isFinite(r[c])) {
                        throw error(csv, lineNo, "feature " + (c + 1) + " (" + FEATURES.get(c) + ") is not finite: '"
                                + f[c] + "'");
                    }
                }
                String cls = f[d].trim();
                if (!cls.equals("0") && !cls.equals("1")) {
                    throw error(csv, lineNo, "class must be 0 (malignant) or 1 (benign), got '" + cls + "'");
                }
                x[row] = r;
                y[row] = cls.equals("0") ? 1 : 0; // malignant → positive
                row++;
            }
            if (row != n) {
                throw error(csv, lineNo, "the first line announces " + n + " cases but the file has " + row
                        + " (truncated?)");
            }
            return new BreastCancerTable(x, y, csv);
        }
    }

    private static IOException error(Path csv, int line, String message) {
        return new IOException(csv + ", line " + line + ": " + message);
    }

    /** Number of cases. */
    public int size() {
        return labels.length;
    }

    /** A copy of the feature rows (cases × 30). */
    public float[][] features() {
        float[][] copy = new float[features.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = features[i].clone();
        }
        return copy;
    }

    /** A copy of the labels: 1 = malignant (positive), 0 = benign. */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The table as a {@link Dataset}: features (cases × 30, raw units) and one-hot targets (cases × 2)
     * in the file's class order — column 0 = malignant, column 1 = benign.
     */
    public Dataset toDataset() {
        int n = labels.length;
        int d = FEATURES.size();
        float[] x = new float[n * d];
        float[] y = new float[n * 2];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features[i], 0, x, i * d, d);
            y[2 * i + (labels[i] == 1 ? 0 : 1)] = 1;
        }
        return Dataset.of(Tensor.of(x, n, d), Tensor.of(y, n, 2));
    }

    /** Number of malignant cases. */
    public int malignant() {
        int m = 0;
        for (int l : labels) {
            m += l;
        }
        return m;
    }

    /** The file read. */
    public Path source() {
        return source;
    }
}

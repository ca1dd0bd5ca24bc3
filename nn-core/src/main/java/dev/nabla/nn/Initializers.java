package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The standard weight initializers, with Keras's formulas:
 * <ul>
 *   <li>Glorot (Xavier) uniform: {@code U(−l, l)}, {@code l = √(6 / (fanIn + fanOut))} — the default;</li>
 *   <li>Glorot normal: truncated normal, {@code σ = √(2 / (fanIn + fanOut))};</li>
 *   <li>He normal: truncated normal, {@code σ = √(2 / fanIn)}; He uniform: {@code l = √(6 / fanIn)};</li>
 *   <li>orthogonal: the Q of a QR decomposition of a Gaussian matrix (rows × the rest), times a gain;</li>
 *   <li>zeros, ones, constant.</li>
 * </ul>
 * "Truncated normal" redraws samples beyond two standard deviations; Keras then divides σ by
 * 0.87962566 so that the truncated distribution keeps the intended variance.
 */
public final class Initializers {
    private static final double TRUNCATION_CORRECTION = 0.87962566103423978;

    private Initializers() {
    }

    /**
     * Glorot (Xavier) uniform {@code U(−l, l)}, {@code l = √(6 / (fanIn + fanOut))}: Keras's default
     * kernel initializer.
     */
    public static Initializer glorotUniform() {
        return uniform("GlorotUniform", (in, out) -> Math.sqrt(6.0 / (in + out)));
    }

    /** Glorot (Xavier) truncated normal, {@code σ = √(2 / (fanIn + fanOut))}. */
    public static Initializer glorotNormal() {
        return truncatedNormal("GlorotNormal", (in, out) -> Math.sqrt(2.0 / (in + out)));
    }

    /** He truncated normal, {@code σ = √(2 / fanIn)}: suited to ReLU layers. */
    public static Initializer heNormal() {
        return truncatedNormal("HeNormal", (in, out) -> Math.sqrt(2.0 / in));
    }

    /** He uniform {@code U(−l, l)}, {@code l = √(6 / fanIn)}. */
    public static Initializer heUniform() {
        return uniform("HeUniform", (in, out) -> Math.sqrt(6.0 / in));
    }

    /** {@code U(−limit, limit)} (Keras's {@code RandomUniform}). */
    public static Initializer uniform(double limit) {
        Initializer base = uniform("RandomUniform", (in, out) -> limit);
        return new Initializer() {
            @Override
            public Tensor initialize(int[] shape, int fanIn, int fanOut, RandomGenerator rng) {
                return base.initialize(shape, fanIn, fanOut, rng);
            }

            @Override
            public Map<String, Object> getConfig() {
                return config("RandomUniform", "minval", -limit, "maxval", limit);
            }
        };
    }

    /** All zeros: Keras's default bias initializer. */
    public static Initializer zeros() {
        return constant(0f, "Zeros");
    }

    /** All ones (e.g. a normalization's {@code gamma}). */
    public static Initializer ones() {
        return constant(1f, "Ones");
    }

    /** Every entry {@code value}. */
    public static Initializer constant(float value) {
        return constant(value, "Constant");
    }

    /** Orthogonal matrix (Saxe et al., 2014): Q of the QR decomposition of a Gaussian matrix. */
    public static Initializer orthogonal(double gain) {
        return new Initializer() {
            @Override
            public Tensor initialize(int[] shape, int fanIn, int fanOut, RandomGenerator rng) {
                if (shape.length < 2) {
                    throw new IllegalArgumentException("Orthogonal initializer needs a weight of rank ≥ 2, got "
                            + Shape.format(shape));
                }
                int rows = shape[0];
                int cols = Shape.numel(shape) / rows;
                // Work on the tall orientation, then transpose back if needed.
                boolean transpose = rows < cols;
                int m = transpose ? cols : rows;
                int n = transpose ? rows : cols;
                double[][] a = new double[m][n];
                for (double[] row : a) {
                    for (int j = 0; j < n; j++) {
                        row[j] = rng.nextGaussian();
                    }
                }
                double[][] q = gramSchmidt(a, m, n);
                float[] out = new float[rows * cols];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        out[i * cols + j] = (float) (gain * (transpose ? q[j][i] : q[i][j]));
                    }
                }
                return Tensor.wrap(out, shape.clone());
            }

            @Override
            public Map<String, Object> getConfig() {
                return config("Orthogonal", "gain", gain);
            }
        };
    }

    /** Looks an initializer up from its {@link Initializer#getConfig()}; fails naming a missing or unknown key. */
    public static Initializer fromConfig(Map<String, Object> config) {
        if (config == null) {
            throw new IllegalArgumentException("Initializers.fromConfig: config must not be null");
        }
        String name = String.valueOf(Config.required(config, "class_name"));
        switch (name) {
            case "GlorotUniform": return glorotUniform();
            case "GlorotNormal": return glorotNormal();
            case "HeNormal": return heNormal();
            case "HeUniform": return heUniform();
            case "Zeros": return zeros();
            case "Ones": return ones();
            case "Constant": return constant((float) Config.number(config, "value"));
            case "Orthogonal": return orthogonal(Config.number(config, "gain", 1.0));
            case "RandomUniform": return uniform(Config.number(config, "maxval"));
            default: throw new IllegalArgumentException("unknown initializer '" + name + "'; known: GlorotUniform, "
                    + "GlorotNormal, HeNormal, HeUniform, Orthogonal, RandomUniform, Zeros, Ones, Constant");
        }
    }

    /** The initializer under {@code key} of a layer config, or {@code fallback} when there is none. */
    static Initializer fromConfig(Map<String, Object> layerConfig, String key, Initializer fallback) {
        Map<String, Object> config = Config.map(layerConfig, key);
        return config == null ? fallback : fromConfig(config);
    }

    /** Modified Gram–Schmidt on the columns of a tall {@code m × n} matrix; signs follow R's diagonal. */
    private static double[][] gramSchmidt(double[][] a, int m, int n) {
        double[][] q = new double[m][n];
        for (int j = 0; j < n; j++) {
            double[] v = new double[m];
            for (int i = 0; i < m; i++) {
                v[i] = a[i][j];
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[i][k] * v[i];
                }
                for (int i = 0; i < m; i++) {
                    v[i] -= dot * q[i][k];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                q[i][j] = v[i] / norm;
            }
        }
        return q;
    }

    private interface Scale {
        double of(int fanIn, int fanOut);
    }

    private static Initializer uniform(String name, Scale limit) {
        return new Initializer() {
            @Override
            public Tensor initialize(int[] shape, int fanIn, int fanOut, RandomGenerator rng) {
                double l = limit.of(Math.max(fanIn, 1), Math.max(fanOut, 1));
                float[] d = new float[Shape.numel(shape)];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) ((2 * rng.nextDouble() - 1) * l);
                }
                return Tensor.wrap(d, shape.clone());
            }

            @Override
            public Map<String, Object> getConfig() {
                return config(name);
            }
        };
    }

    private static Initializer truncatedNormal(String name, Scale sigma) {
        return new Initializer() {
            @Override
            public Tensor initialize(int[] shape, int fanIn, int fanOut, RandomGenerator rng) {
                double s = sigma.of(Math.max(fanIn, 1), Math.max(fanOut, 1)) / TRUNCATION_CORRECTION;
                float[] d = new float[Shape.numel(shape)];
                for (int i = 0; i < d.length; i++) {
                    double z;
                    do {
                        z = rng.nextGaussian();
                    } while (Math.abs(z) > 2);
                    d[i] = (float) (z * s);
                }
                return Tensor.wrap(d, shape.clone());
            }

            @Override
            public Map<String, Object> getConfig() {
                return config(name);
            }
        };
    }

    private static Initializer constant(float value, String name) {
        return new Initializer() {
            @Override
            public Tensor initialize(int[] shape, int fanIn, int fanOut, RandomGenerator rng) {
                return Tensor.full(value, shape);
            }

            @Override
            public Map<String, Object> getConfig() {
                return "Constant".equals(name) ? config(name, "value", (double) value) : config(name);
            }
        };
    }

    private static Map<String, Object> config(String name, Object... keyValues) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("class_name", name);
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put((String) keyValues[i], keyValues[i + 1]);
        }
        return c;
    }
}

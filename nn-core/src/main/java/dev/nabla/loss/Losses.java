package dev.nabla.loss;

import dev.nabla.ops.Check;

import java.util.List;
import java.util.Map;

/**
 * Makes the losses, with Keras's names, defaults and semantics. Every loss averages its
 * per-sample values over the batch ({@code "sum_over_batch_size"}); see {@link Loss}.
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), Losses.categoricalCrossentropy(), Metrics.accuracy());
 * Loss seg = Losses.softDice(1f);
 * Loss rare = Losses.withClassWeights(Losses.binaryCrossentropy(true), new float[] {1f, 10f});
 * }</pre>
 */
public final class Losses {
    private Losses() {
    }

    /** {@link #categoricalCrossentropy(boolean, float)} from probabilities, without label smoothing. */
    public static Loss categoricalCrossentropy() {
        return categoricalCrossentropy(false, 0f);
    }

    /**
     * Categorical cross-entropy over one-hot (or soft) targets of the predictions' shape, classes
     * along the last axis. With {@code t' = (1 − s)·t + s/C}:
     * <pre>
     *     from logits x:          l = − Σ_c t'_c · log_softmax(x)_c
     *     from probabilities p:   l = − Σ_c t'_c · log clip(p_c / Σ_k p_k, 1e-7, 1 − 1e-7)
     * </pre>
     *
     * @param labelSmoothing {@code s ∈ [0, 1]}
     */
    public static Loss categoricalCrossentropy(boolean fromLogits, float labelSmoothing) {
        return new CategoricalCrossentropy(fromLogits, labelSmoothing, -1);
    }

    /**
     * As {@link #categoricalCrossentropy(boolean, float)} with the classes along {@code axis}
     * (e.g. {@code 1} for per-pixel classes in NCHW); the loss is averaged over the other non-batch axes.
     */
    public static Loss categoricalCrossentropy(boolean fromLogits, float labelSmoothing, int axis) {
        return new CategoricalCrossentropy(fromLogits, labelSmoothing, axis);
    }

    /**
     * Cross-entropy against class indices {@code y} (stored as floats), shape {@code (batch)} or
     * {@code (batch, 1)} for predictions {@code (batch, C)}:
     * {@code l = − log_softmax(x)_y} from logits, {@code l = − log clip(p_y / Σ_k p_k, 1e-7, 1 − 1e-7)}
     * from probabilities.
     */
    public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
        return new SparseCategoricalCrossentropy(fromLogits, -1);
    }

    /** As {@link #sparseCategoricalCrossentropy(boolean)} with the classes along {@code axis}. */
    public static Loss sparseCategoricalCrossentropy(boolean fromLogits, int axis) {
        return new SparseCategoricalCrossentropy(fromLogits, axis);
    }

    /**
     * Binary cross-entropy, elementwise, averaged over the non-batch axes; targets in {@code [0, 1]}
     * of the predictions' shape:
     * <pre>
     *     from logits x:          l = max(x, 0) − x·t + log(1 + e^−|x|)
     *     from probabilities p:   l = −[t·log q + (1 − t)·log(1 − q)],   q = clip(p, 1e-7, 1 − 1e-7)
     * </pre>
     */
    public static Loss binaryCrossentropy(boolean fromLogits) {
        return new BinaryCrossentropy(fromLogits);
    }

    /** {@code l = mean_i (p_i − t_i)²} over the non-batch axes. */
    public static Loss meanSquaredError() {
        return new MeanSquaredError();
    }

    /** {@code l = mean_i |p_i − t_i|} over the non-batch axes. */
    public static Loss meanAbsoluteError() {
        return new MeanAbsoluteError();
    }

    /**
     * The Huber loss: with {@code e = p − t}, {@code ½e²} where {@code |e| ≤ δ}, else
     * {@code δ·|e| − ½δ²}; averaged over the non-batch axes. Keras's default is {@code δ = 1}.
     *
     * @param delta {@code δ > 0}
     */
    public static Loss huber(float delta) {
        return new Huber(delta);
    }

    /**
     * The soft Dice loss for segmentation, per sample over all its non-batch axes:
     * {@code l = 1 − (2·Σ p·t + s) / (Σ p + Σ t + s)}; predictions are probabilities.
     *
     * @param smooth {@code s > 0}, commonly 1
     */
    public static Loss softDice(float smooth) {
        return new SoftDice(smooth);
    }

    /**
     * The α-balanced binary focal loss (Lin et al., 2017) from probabilities:
     * {@code FL = −α_t·(1 − p_t)^γ·log p_t} with {@code p_t = p} where {@code t = 1} and {@code 1 − p}
     * where {@code t = 0}, {@code α_t} likewise {@code α} or {@code 1 − α}. The paper uses
     * {@code γ = 2, α = 0.25}.
     *
     * @param gamma {@code γ ≥ 0}; 0 gives α-weighted cross-entropy
     * @param alpha {@code α ∈ [0, 1]}, the weight of the positive class
     */
    public static Loss focal(float gamma, float alpha) {
        return new BinaryFocalCrossentropy(gamma, alpha, false);
    }

    /** As {@link #focal(float, float)}; with {@code fromLogits} the predictions are logits {@code x}, {@code p = σ(x)}. */
    public static Loss focal(float gamma, float alpha, boolean fromLogits) {
        return new BinaryFocalCrossentropy(gamma, alpha, fromLogits);
    }

    /**
     * Weights every sample by the weight of its true class (Keras's {@code class_weight}), times its
     * sample weight if one is given. The class is the argmax of one-hot targets {@code (batch, C)},
     * or the rounded value of index / binary targets {@code (batch)} or {@code (batch, 1)}. Works with
     * categorical, sparse categorical and binary cross-entropy (and any loss with such targets).
     *
     * @param classWeights one weight ≥ 0 per class; the array is copied
     */
    public static Loss withClassWeights(Loss loss, float[] classWeights) {
        return new ClassWeightedLoss(loss, classWeights);
    }

    private static final Map<String, java.util.function.Function<Map<String, ?>, Loss>> CUSTOM =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Makes a custom loss loadable: {@link #fromConfig} (and so {@code Model.load} of a compiled model)
     * calls {@code factory} for configs whose {@code "class_name"} is {@code className}. Built-in names
     * cannot be replaced.
     */
    public static void register(String className, java.util.function.Function<Map<String, ?>, Loss> factory) {
        if (!(className != null && !className.isBlank() && factory != null)) {
            throw new IllegalArgumentException("Losses.register: a class name and a factory are required, got " + className + ", " + factory);
        }
        CUSTOM.put(className, factory);
    }

    /**
     * Rebuilds a loss from its {@link Loss#getConfig()} (for example, read back from a saved model).
     *
     * @throws IllegalArgumentException for an unknown {@code "class_name"}
     */
    public static Loss fromConfig(Map<String, ?> config) {
        Check.argument(config != null, "Losses.fromConfig: config must not be null");
        String className = String.valueOf(config.get("class_name"));
        Loss loss;
        switch (className) {
            case "CategoricalCrossentropy":
                loss = categoricalCrossentropy(bool(config, "from_logits"), number(config, "label_smoothing", 0f),
                        (int) number(config, "axis", -1));
                break;
            case "SparseCategoricalCrossentropy":
                loss = sparseCategoricalCrossentropy(bool(config, "from_logits"), (int) number(config, "axis", -1));
                break;
            case "BinaryCrossentropy":
                loss = binaryCrossentropy(bool(config, "from_logits"));
                break;
            case "MeanSquaredError":
                loss = meanSquaredError();
                break;
            case "MeanAbsoluteError":
                loss = meanAbsoluteError();
                break;
            case "Huber":
                loss = huber(number(config, "delta", 1f));
                break;
            case "SoftDice":
                loss = softDice(number(config, "smooth", 1f));
                break;
            case "BinaryFocalCrossentropy":
                loss = focal(number(config, "gamma", 2f), number(config, "alpha", 0.25f), bool(config, "from_logits"));
                break;
            default: {
                java.util.function.Function<Map<String, ?>, Loss> factory = CUSTOM.get(className);
                if (factory == null) {
                    throw new IllegalArgumentException("Losses.fromConfig: unknown loss class_name '" + className
                            + "' (built in: CategoricalCrossentropy, SparseCategoricalCrossentropy, BinaryCrossentropy, "
                            + "MeanSquaredError, MeanAbsoluteError, Huber, SoftDice, BinaryFocalCrossentropy; "
                            + "registered: " + CUSTOM.keySet() + "; custom losses must be registered with Losses.register)");
                }
                loss = factory.apply(config);
                break;
            }
        }
        Object classWeights = config.get("class_weights");
        if (classWeights instanceof List<?>) {
            List<?> list = (List<?>) classWeights;
            float[] weights = new float[list.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = ((Number) list.get(i)).floatValue();
            }
            loss = withClassWeights(loss, weights);
        } else if (classWeights != null) {
            throw new IllegalArgumentException("Losses.fromConfig: class_weights must be a list of numbers, got "
                    + classWeights);
        }
        return loss;
    }

    private static boolean bool(Map<String, ?> config, String key) {
        Object value = config.get(key);
        return value instanceof Boolean ? (Boolean) value : Boolean.parseBoolean(String.valueOf(value));
    }

    private static float number(Map<String, ?> config, String key, float fallback) {
        Object value = config.get(key);
        return value instanceof Number ? ((Number) value).floatValue() : fallback;
    }
}

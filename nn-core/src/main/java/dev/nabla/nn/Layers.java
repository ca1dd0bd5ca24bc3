package dev.nabla.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Rebuilds layers from their configs: {@code Layers.fromConfig("Dense", dense.getConfig())} gives
 * an equal, unbuilt layer. Custom layers register themselves with {@link #register}.
 */
public final class Layers {
    private static final Map<String, Function<Map<String, Object>, Layer>> FACTORIES = new LinkedHashMap<>();

    static {
        register("Dense", Dense::fromConfig);
        register("Conv2D", Conv2D::fromConfig);
        register("Conv2DTranspose", Conv2DTranspose::fromConfig);
        register("MaxPool2D", MaxPool2D::fromConfig);
        register("AvgPool2D", AvgPool2D::fromConfig);
        register("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
        register("Flatten", Flatten::fromConfig);
        register("Reshape", Reshape::fromConfig);
        register("Dropout", Dropout::fromConfig);
        register("BatchNormalization", BatchNormalization::fromConfig);
        register("LayerNormalization", LayerNormalization::fromConfig);
        register("Activation", ActivationLayer::fromConfig);
        register("ReLU", ReLU::fromConfig);
        register("LeakyReLU", LeakyReLU::fromConfig);
        register("Softmax", Softmax::fromConfig);
        register("UpSampling2D", UpSampling2D::fromConfig);
        register("Embedding", Embedding::fromConfig);
        register("Concatenate", Concatenate::fromConfig);
        register("Add", Add::fromConfig);
        register("Sequential", Sequential::fromConfig);
        register("SimpleRNN", SimpleRNN::fromConfig);
        register("LSTM", LSTM::fromConfig);
        register("GRU", GRU::fromConfig);
        register("Bidirectional", Bidirectional::fromConfig);
        register("TimeDistributed", TimeDistributed::fromConfig);
        register("Masking", Masking::fromConfig);
        register("LogisticDiscriminator", LogisticDiscriminator::fromConfig);
    }

    private Layers() {
    }

    /** Makes {@code className} loadable from configs. */
    public static synchronized void register(String className, Function<Map<String, Object>, Layer> factory) {
        FACTORIES.put(className, factory);
    }

    /** The config class name of a layer ({@code "Dense"}, {@code "Activation"} for {@link ActivationLayer}). */
    public static String className(Layer layer) {
        return layer instanceof ActivationLayer ? "Activation" : layer.getClass().getSimpleName();
    }

    /** {@code {class_name, config}} of a layer: how containers and wrappers store the layers they hold. */
    static Map<String, Object> entry(Layer layer) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("class_name", className(layer));
        entry.put("config", layer.getConfig());
        return entry;
    }

    /** Rebuilds a layer from a {@code {class_name, config}} entry (see {@link #entry}). */
    static Layer fromEntry(Map<String, Object> entry) {
        Map<String, Object> config = Config.map(entry, "config");
        return fromConfig(Config.string(entry, "class_name", null), config == null ? Map.of() : config);
    }

    /** A new layer from a class name and config. */
    public static synchronized Layer fromConfig(String className, Map<String, Object> config) {
        Function<Map<String, Object>, Layer> f = FACTORIES.get(className);
        if (f == null) {
            throw new IllegalArgumentException("unknown layer class '" + className + "'; known: " + FACTORIES.keySet()
                    + " (custom layers must be registered with Layers.register)");
        }
        if (config == null) {
            throw new IllegalArgumentException("cannot rebuild layer '" + className + "': the config is null");
        }
        try {
            return f.apply(config);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot rebuild layer '" + className + "' from config " + config
                    + ": " + e.getMessage(), e);
        }
    }
}

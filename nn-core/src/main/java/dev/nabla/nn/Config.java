package dev.nabla.nn;

import java.util.List;
import java.util.Map;

/**
 * Reads the values of a layer or initializer config (the maps {@code getConfig()} writes and JSON
 * reads back). A missing required key or a value of the wrong type fails with an
 * {@link IllegalArgumentException} naming the key; {@link Layers#fromConfig} adds the layer class.
 */
final class Config {
    private Config() {
    }

    /** The value under {@code key}; fails naming the key when it is missing (or null). */
    static Object required(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing required key '" + key + "' (the config has " + config.keySet()
                    + ")");
        }
        return value;
    }

    /** A required whole number. */
    static int integer(Map<String, ?> config, String key) {
        return toInt(key, required(config, key));
    }

    /** A whole number, {@code fallback} when the key is absent. */
    static int integer(Map<String, ?> config, String key, int fallback) {
        return config.get(key) == null ? fallback : integer(config, key);
    }

    /** A required number. */
    static double number(Map<String, ?> config, String key) {
        Object value = required(config, key);
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException("'" + key + "' must be a number, got " + quoted(value));
        }
        return ((Number) value).doubleValue();
    }

    /** A number, {@code fallback} when the key is absent. */
    static double number(Map<String, ?> config, String key, double fallback) {
        return config.get(key) == null ? fallback : number(config, key);
    }

    /** A string, {@code fallback} when the key is absent. */
    static String string(Map<String, ?> config, String key, String fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("'" + key + "' must be a string, got " + value);
        }
        return (String) value;
    }

    /** A boolean, {@code fallback} when the key is absent. */
    static boolean bool(Map<String, ?> config, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean)) {
            throw new IllegalArgumentException("'" + key + "' must be true or false, got " + quoted(value));
        }
        return (Boolean) value;
    }

    /** A nested config (an initializer's), or null when the key is absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value != null && !(value instanceof Map)) {
            throw new IllegalArgumentException("'" + key + "' must be a config map, got " + quoted(value));
        }
        return (Map<String, Object>) value;
    }

    /** A required list of whole numbers (or an {@code int[]}). */
    static int[] integers(Map<String, ?> config, String key) {
        Object value = required(config, key);
        if (value instanceof int[]) {
            return ((int[]) value).clone();
        }
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("'" + key + "' must be a list of whole numbers, got " + quoted(value));
        }
        List<?> list = (List<?>) value;
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(key, list.get(i));
        }
        return out;
    }

    /**
     * A required (height, width) pair, as Keras's {@code kernel_size}, {@code strides},
     * {@code pool_size}: a list of two whole numbers, or one number for both.
     */
    static int[] pair(Map<String, ?> config, String key) {
        if (config.get(key) instanceof Number) {
            int n = integer(config, key);
            return new int[] {n, n};
        }
        int[] p = integers(config, key);
        if (p.length == 1) {
            return new int[] {p[0], p[0]};
        }
        if (p.length != 2) {
            throw new IllegalArgumentException("'" + key + "' must be one number or a list of two (height, width), got "
                    + config.get(key));
        }
        return p;
    }

    /** A (height, width) pair, {@code fallback} (two numbers) when the key is absent. */
    static int[] pair(Map<String, ?> config, String key, int... fallback) {
        return config.get(key) == null ? fallback.clone() : pair(config, key);
    }

    private static int toInt(String key, Object value) {
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new IllegalArgumentException("'" + key + "' must be a whole number, got " + quoted(value));
    }

    private static String quoted(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}

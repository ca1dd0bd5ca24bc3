package dev.nabla.optim.schedule;

import dev.nabla.optim.LearningRateSchedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step checks and config helpers shared by the schedules; messages name the schedule and value.
 * Number checks are {@link dev.nabla.ops.Check}'s, shared with the optimizers.
 */
final class Args {
    private Args() {
    }

    static long positiveSteps(String owner, String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + ": " + name + " must be > 0, got " + value);
        }
        return value;
    }

    static long step(String owner, long step) {
        if (step < 0) {
            throw new IllegalArgumentException(owner + ": step must be >= 0, got " + step);
        }
        return step;
    }

    /** Keras's serialized form of a nested schedule: {@code {"class_name": …, "config": …}}. */
    static Map<String, Object> serialize(LearningRateSchedule schedule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", schedule.getClass().getSimpleName());
        out.put("config", schedule.getConfig());
        return Collections.unmodifiableMap(out);
    }

    /** Rejects a null config and keys other than {@code keys} (a typo, or a newer library's argument). */
    static Map<String, ?> config(String owner, Map<String, ?> config, String... keys) {
        if (config == null) {
            throw new IllegalArgumentException(owner + ".fromConfig: config must not be null");
        }
        List<String> known = List.of(keys);
        for (String key : config.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(owner + ".fromConfig: unknown argument '" + key + "' (expected "
                        + known + ")");
            }
        }
        return config;
    }

    /** A number argument; {@code fallback} null means it is required. */
    static double number(String owner, Map<String, ?> config, String key, Double fallback) {
        Object value = config.get(key);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(owner + ".fromConfig: missing " + key);
            }
            return fallback;
        }
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException(owner + ".fromConfig: " + key + " must be a number, got " + quoted(value));
        }
        return ((Number) value).doubleValue();
    }

    /** A required whole-number argument (JSON may give 100 or 100.0). */
    static long integer(String owner, Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d;
            }
        }
        throw new IllegalArgumentException(owner + ".fromConfig: " + key + " must be a whole number, got "
                + (value == null ? "nothing" : quoted(value)));
    }

    /** A boolean argument, {@code fallback} when absent. */
    static boolean bool(String owner, Map<String, ?> config, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean)) {
            throw new IllegalArgumentException(owner + ".fromConfig: " + key + " must be true or false, got "
                    + quoted(value));
        }
        return (Boolean) value;
    }

    private static String quoted(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    /** An unmodifiable copy of {@code config} keeping its order. */
    static Map<String, Object> freeze(Map<String, Object> config) {
        return Collections.unmodifiableMap(config);
    }
}

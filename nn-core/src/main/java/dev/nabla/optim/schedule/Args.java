package dev.nabla.optim.schedule;

import dev.nabla.optim.LearningRateSchedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Argument checks and config helpers shared by the schedules; messages name the schedule and value. */
final class Args {
    private Args() {
    }

    static double rate(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    static long positiveSteps(String owner, String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + ": " + name + " must be > 0, got " + value);
        }
        return value;
    }

    static double positive(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number > 0, got " + value);
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

    /** An unmodifiable copy of {@code config} keeping its order. */
    static Map<String, Object> freeze(Map<String, Object> config) {
        return Collections.unmodifiableMap(config);
    }
}

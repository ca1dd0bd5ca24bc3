package dev.nabla.optim;

import dev.nabla.optim.schedule.Constant;
import dev.nabla.optim.schedule.CosineDecay;
import dev.nabla.optim.schedule.ExponentialDecay;
import dev.nabla.optim.schedule.StepDecay;
import dev.nabla.optim.schedule.WarmUp;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Rebuilds optimizers and learning-rate schedules from their configs, as Keras's
 * {@code keras.optimizers.deserialize}: the inverse of {@link Optimizer#getConfig()} and
 * {@link LearningRateSchedule#getConfig()}. A saved {@code .nabla} model uses it to come back compiled.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(new WarmUp(100, new CosineDecay(1e-3, 900))).beta1(0.8).clipNorm(1);
 * Optimizer same = Optimizers.fromConfig(adam.getConfig());          // equal config, fresh state
 * LearningRateSchedule s = Optimizers.scheduleFromConfig(Map.of("class_name", "StepDecay",
 *         "config", Map.of("initial_learning_rate", 0.1, "step_size", 30, "gamma", 0.1)));
 * }</pre>
 *
 * <p>A config may leave out arguments (they take the constructor's defaults), but an unknown
 * optimizer or schedule, an unknown argument (a typo, or a file from a newer library) or a value of
 * the wrong type is an {@link IllegalArgumentException} naming the optimizer, the argument and the value.
 * Numbers may come back from JSON as any {@link Number}; integer arguments must be whole numbers.
 * Custom schedules (a lambda has no config) are rebuilt only after {@link #registerSchedule}.
 */
public final class Optimizers {
    private static final Map<String, Function<Map<String, Object>, LearningRateSchedule>> SCHEDULES =
            new LinkedHashMap<>();
    private static final List<String> OPTIMIZERS = List.of("SGD", "Adam", "AdamW", "RMSprop", "Adagrad");
    private static final Set<String> COMMON = Set.of("name", "learning_rate", "global_clipnorm", "clipvalue");

    static {
        SCHEDULES.put("Constant", Constant::fromConfig);
        SCHEDULES.put("StepDecay", StepDecay::fromConfig);
        SCHEDULES.put("ExponentialDecay", ExponentialDecay::fromConfig);
        SCHEDULES.put("CosineDecay", CosineDecay::fromConfig);
        SCHEDULES.put("WarmUp", WarmUp::fromConfig);
    }

    private Optimizers() {
    }

    /**
     * A new optimizer, with no state, from a config made by {@link Optimizer#getConfig()}: the
     * optimizer named by {@code "name"} ({@code SGD}, {@code Adam}, {@code AdamW}, {@code RMSprop},
     * {@code Adagrad}), its {@code "learning_rate"} (a number, or a schedule as
     * {@code {"class_name": …, "config": …}}), its own hyper-parameters, and
     * {@code "global_clipnorm"} / {@code "clipvalue"} (null or absent when unset).
     *
     * @throws IllegalArgumentException for a null config, an unknown optimizer, schedule or
     *                                  argument, or a value of the wrong type or out of range
     */
    public static Optimizer fromConfig(Map<String, ?> config) {
        if (config == null) {
            throw new IllegalArgumentException("Optimizers.fromConfig: config must not be null");
        }
        Object nameValue = config.get("name");
        if (!(nameValue instanceof String)) {
            throw new IllegalArgumentException("Optimizers.fromConfig: the config has no optimizer \"name\" (one of "
                    + OPTIMIZERS + "), got " + nameValue);
        }
        String name = (String) nameValue;
        Reader r = new Reader("Optimizers.fromConfig: " + name, config);
        Object lr = config.get("learning_rate");
        LearningRateSchedule schedule = lr instanceof Map ? scheduleFromConfig(castMap(lr)) : null;
        Optimizer optimizer;
        try {
            switch (name) {
                case "SGD": {
                    r.allow("momentum", "nesterov", "weight_decay");
                    SGD sgd = schedule != null ? new SGD(schedule) : new SGD(r.number("learning_rate", 0.01));
                    optimizer = sgd.momentum(r.number("momentum", 0)).nesterov(r.bool("nesterov", false))
                            .weightDecay(r.number("weight_decay", 0));
                    break;
                }
                case "Adam": {
                    r.allow("beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay");
                    Adam adam = schedule != null ? new Adam(schedule) : new Adam(r.number("learning_rate", 1e-3));
                    optimizer = adam(adam, r).weightDecay(r.number("weight_decay", 0));
                    break;
                }
                case "AdamW": {
                    r.allow("beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay");
                    double decay = r.number("weight_decay", AdamW.DEFAULT_WEIGHT_DECAY);
                    AdamW adamW = schedule != null ? new AdamW(schedule, decay)
                            : new AdamW(r.number("learning_rate", 1e-3), decay);
                    optimizer = adam(adamW, r);
                    break;
                }
                case "RMSprop": {
                    r.allow("rho", "momentum", "epsilon", "centered");
                    RMSprop rms = schedule != null ? new RMSprop(schedule) : new RMSprop(r.number("learning_rate", 1e-3));
                    optimizer = rms.rho(r.number("rho", 0.9)).momentum(r.number("momentum", 0))
                            .epsilon(r.number("epsilon", 1e-7)).centered(r.bool("centered", false));
                    break;
                }
                case "Adagrad": {
                    r.allow("initial_accumulator_value", "epsilon");
                    Adagrad ada = schedule != null ? new Adagrad(schedule) : new Adagrad(r.number("learning_rate", 1e-3));
                    optimizer = ada.initialAccumulatorValue(r.number("initial_accumulator_value", 0.1))
                            .epsilon(r.number("epsilon", 1e-7));
                    break;
                }
                default:
                    throw new IllegalArgumentException("Optimizers.fromConfig: unknown optimizer '" + name + "' (known: "
                            + OPTIMIZERS + ")");
            }
            Double clipNorm = r.optionalNumber("global_clipnorm");
            if (clipNorm != null) {
                optimizer.clipNorm(clipNorm);
            }
            Double clipValue = r.optionalNumber("clipvalue");
            if (clipValue != null) {
                optimizer.clipValue(clipValue);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Optimizers.fromConfig")) {
                throw e;
            }
            throw new IllegalArgumentException("Optimizers.fromConfig: " + e.getMessage(), e);
        }
        return optimizer;
    }

    private static <A extends Adam> A adam(A adam, Reader r) {
        adam.beta1(r.number("beta_1", 0.9)).beta2(r.number("beta_2", 0.999)).epsilon(r.number("epsilon", 1e-7))
                .amsgrad(r.bool("amsgrad", false));
        return adam;
    }

    /**
     * A schedule from its serialized form {@code {"class_name": …, "config": …}}, as found under
     * an optimizer config's {@code "learning_rate"} (and a {@link WarmUp}'s {@code "schedule"}).
     * Knows {@code Constant}, {@code StepDecay}, {@code ExponentialDecay}, {@code CosineDecay},
     * {@code WarmUp} and whatever was {@linkplain #registerSchedule registered}.
     *
     * @throws IllegalArgumentException for an unknown class name or a bad config
     */
    public static LearningRateSchedule scheduleFromConfig(Map<String, ?> serialized) {
        if (serialized == null) {
            throw new IllegalArgumentException("Optimizers.scheduleFromConfig: the schedule must not be null");
        }
        Object className = serialized.get("class_name");
        Function<Map<String, Object>, LearningRateSchedule> factory;
        synchronized (SCHEDULES) {
            factory = SCHEDULES.get(String.valueOf(className));
            if (factory == null) {
                throw new IllegalArgumentException("Optimizers.scheduleFromConfig: unknown learning-rate schedule '"
                        + className + "' (known: " + SCHEDULES.keySet() + "; register custom schedules with "
                        + "Optimizers.registerSchedule — a lambda has no config and cannot be rebuilt)");
            }
        }
        Object config = serialized.containsKey("config") ? serialized.get("config") : Map.of();
        if (!(config instanceof Map)) {
            throw new IllegalArgumentException("Optimizers.scheduleFromConfig: " + className
                    + ": \"config\" must be a JSON object, got " + config);
        }
        try {
            LearningRateSchedule schedule = factory.apply(castMap(config));
            if (schedule == null) {
                throw new IllegalArgumentException("the factory returned null");
            }
            return schedule;
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("Optimizers.scheduleFromConfig: cannot rebuild " + className + " from "
                    + config + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a custom schedule class loadable: {@code factory} gets the schedule's
     * {@link LearningRateSchedule#getConfig()} back and returns an equal schedule. The class name is
     * the schedule's {@code getClass().getSimpleName()}, as written by {@link Optimizer#getConfig()}.
     */
    public static void registerSchedule(String className, Function<Map<String, Object>, LearningRateSchedule> factory) {
        if (className == null || className.isEmpty() || factory == null) {
            throw new IllegalArgumentException("Optimizers.registerSchedule: class name and factory must be given");
        }
        synchronized (SCHEDULES) {
            SCHEDULES.put(className, factory);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** Typed reads from a config whose messages name the owner, the key and the value. */
    private static final class Reader {
        private final String owner;
        private final Map<String, ?> config;

        Reader(String owner, Map<String, ?> config) {
            this.owner = owner;
            this.config = config;
        }

        /** Rejects keys other than the common ones and {@code own}. */
        void allow(String... own) {
            Set<String> known = new LinkedHashSet<>(COMMON);
            known.addAll(List.of(own));
            for (String key : config.keySet()) {
                if (!known.contains(key)) {
                    throw new IllegalArgumentException(owner + ": unknown argument '" + key + "' (expected "
                            + known + ")");
                }
            }
        }

        double number(String key, double fallback) {
            Double value = optionalNumber(key);
            return value == null ? fallback : value;
        }

        Double optionalNumber(String key) {
            Object value = config.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Number)) {
                throw new IllegalArgumentException(owner + ": " + key + " must be a number, got "
                        + (value instanceof String ? "\"" + value + "\"" : value));
            }
            return ((Number) value).doubleValue();
        }

        boolean bool(String key, boolean fallback) {
            Object value = config.get(key);
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof Boolean)) {
                throw new IllegalArgumentException(owner + ": " + key + " must be true or false, got "
                        + (value instanceof String ? "\"" + value + "\"" : value));
            }
            return (Boolean) value;
        }
    }
}

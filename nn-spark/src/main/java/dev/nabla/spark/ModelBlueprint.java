package dev.nabla.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Losses;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Model;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Optimizers;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an executor needs to rebuild a model, as plain Java-serializable data: the architecture as
 * the same JSON {@code config.json} of a {@code .nabla} file holds ({@code class_name}, {@code config},
 * {@code input_shape}), the loss and optimizer configs as JSON, and the weights' names and shapes.
 * The weights themselves travel separately, as {@link ModelWeights}, because they change every step.
 *
 * <p>{@link #of} rebuilds the model once on the driver and compares every weight name and shape,
 * so a model that cannot be shipped (a custom layer that is not {@linkplain Layers#register
 * registered}, a composite {@link Model} whose config does not rebuild it, an unregistered custom
 * loss) fails on the driver with an {@link IllegalArgumentException}, before any Spark job starts.
 */
public final class ModelBlueprint implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String architecture;
    private final String loss;
    private final String optimizer;
    private final String[] weightNames;
    private final int[][] weightShapes;
    private final boolean[] trainable;

    private ModelBlueprint(String id, String architecture, String loss, String optimizer, String[] weightNames,
                           int[][] weightShapes, boolean[] trainable) {
        this.id = id;
        this.architecture = architecture;
        this.loss = loss;
        this.optimizer = optimizer;
        this.weightNames = weightNames;
        this.weightShapes = weightShapes;
        this.trainable = trainable;
    }

    /**
     * The blueprint of a built model (its loss and optimizer too when it is compiled), checked by
     * rebuilding it here on the driver.
     *
     * @throws IllegalArgumentException if the model is null, not built, or cannot be rebuilt from its config
     */
    public static ModelBlueprint of(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("ModelBlueprint: model must not be null");
        }
        if (!model.isBuilt()) {
            throw new IllegalArgumentException("ModelBlueprint: model '" + model.name() + "' is not built; call "
                    + "build(inputShape) before shipping it to Spark executors");
        }
        Map<String, Tensor> weights = model.namedWeights();
        String[] names = weights.keySet().toArray(new String[0]);
        int[][] shapes = new int[names.length][];
        boolean[] trainable = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            Tensor w = weights.get(names[i]);
            shapes[i] = w.shape();
            trainable[i] = w.requiresGrad();
        }
        Map<String, Object> arch = new LinkedHashMap<>();
        arch.put("class_name", Layers.className(model));
        arch.put("input_shape", Arrays.stream(model.inputShape()).boxed().toList());
        arch.put("config", model.getConfig());
        String what = "model '" + model.name() + "' (" + Layers.className(model) + ")";
        ModelBlueprint blueprint = new ModelBlueprint(UUID.randomUUID().toString(), json(arch, what + " config"),
                model.loss() == null ? null : json(model.loss().getConfig(), what + " loss config"),
                model.optimizer() == null ? null : json(model.optimizer().getConfig(), what + " optimizer config"),
                names, shapes, trainable);
        blueprint.check(what);
        return blueprint;
    }

    private static String json(Map<String, Object> config, String what) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot ship the " + what + " to Spark executors: it is not plain "
                    + "JSON data (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Rebuilds everything once, on the driver, and compares the weights. */
    private void check(String what) {
        Model copy;
        try {
            copy = newModel();
            newLoss();
            newOptimizer();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot ship " + what + " to Spark executors: it does not rebuild from "
                    + "its config (" + e.getMessage() + "). Executors rebuild models from configs, never from Java "
                    + "serialization: register custom layers with Layers.register, custom losses with Losses.register, "
                    + "and make a custom Model's getConfig() describe all of it", e);
        }
        Map<String, Tensor> rebuilt = copy.namedWeights();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < weightNames.length; i++) {
            expected.add(weightNames[i] + Shape.format(weightShapes[i]));
        }
        List<String> got = new ArrayList<>();
        rebuilt.forEach((n, w) -> got.add(n + Shape.format(w.shape())));
        if (!expected.equals(got)) {
            throw new IllegalArgumentException("cannot ship " + what + " to Spark executors: rebuilt from its config "
                    + "it has the weights " + got + ", the model has " + expected + "; its getConfig() does not "
                    + "describe it completely");
        }
    }

    /** A fresh model with this architecture, built for {@link #inputShape()}, freshly initialised weights. */
    public Model newModel() {
        Map<String, Object> arch = read(architecture);
        Layer layer = Layers.fromConfig(String.valueOf(arch.get("class_name")), map(arch.get("config")));
        if (!(layer instanceof Model)) {
            throw new IllegalArgumentException("'" + arch.get("class_name") + "' is a layer, not a model");
        }
        Model model = (Model) layer;
        model.build(inputShape());
        return model;
    }

    /** A fresh loss from the stored config; fails if the model was not compiled. */
    public Loss newLoss() {
        return loss == null ? null : Losses.fromConfig(read(loss));
    }

    /** A fresh optimizer (no state) from the stored config, or null when the model was not compiled. */
    public Optimizer newOptimizer() {
        return optimizer == null ? null : Optimizers.fromConfig(read(optimizer));
    }

    /** Whether the model was compiled (has a loss and an optimizer), as training needs. */
    public boolean isCompiled() {
        return loss != null && optimizer != null;
    }

    /** A unique id; executors cache rebuilt models under it. */
    public String id() {
        return id;
    }

    /** The input shape of one sample (no batch axis). */
    public int[] inputShape() {
        List<?> shape = (List<?>) read(architecture).get("input_shape");
        return shape.stream().mapToInt(d -> ((Number) d).intValue()).toArray();
    }

    /** Number of weight tensors (trainable and not), in {@link Layer#namedWeights()} order. */
    public int weightCount() {
        return weightNames.length;
    }

    /** Name of weight {@code i}. */
    public String weightName(int i) {
        return weightNames[i];
    }

    /** Shape of weight {@code i}. */
    public int[] weightShape(int i) {
        return weightShapes[i].clone();
    }

    /** Whether weight {@code i} is trained by the optimizer. */
    public boolean isTrainable(int i) {
        return trainable[i];
    }

    /** Total number of trainable weight values (the length of a flat gradient). */
    public int trainableSize() {
        int n = 0;
        for (int i = 0; i < weightNames.length; i++) {
            if (trainable[i]) {
                n += Shape.numel(weightShapes[i]);
            }
        }
        return n;
    }

    /** Total number of weight values (trainable and not). */
    public int size() {
        int n = 0;
        for (int[] s : weightShapes) {
            n += Shape.numel(s);
        }
        return n;
    }

    private static Map<String, Object> read(String json) {
        try {
            return map(JSON.readValue(json, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ModelBlueprint: corrupt JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + o);
        }
        return (Map<String, Object>) o;
    }
}

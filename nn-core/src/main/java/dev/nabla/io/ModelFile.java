package dev.nabla.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.loss.Loss;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metric;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Model;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerState;
import dev.nabla.optim.Optimizers;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The {@code .nabla} model file: a zip holding
 * <ul>
 *   <li>{@code config.json} — the architecture ({@code class_name}, {@code config}, {@code input_shape});</li>
 *   <li>{@code model.safetensors} — the weights, named as {@link Layer#namedWeights()};</li>
 *   <li>{@code metadata.json} — provenance: library version, creation time, and whatever the caller adds
 *       (data hash, seed, hyper-parameters, final metrics);</li>
 *   <li>only for a compiled model, {@code compile.json} — what {@link Model#compile} was given, as
 *       configs: {@code "optimizer"} ({@link Optimizer#getConfig()}, schedule included),
 *       {@code "loss"} ({@link Loss#getConfig()}), {@code "metrics"} (a list of
 *       {@link Metric#getConfig()}), and {@code "epochs_trained"} ({@link Model#epochsTrained()});</li>
 *   <li>only for a compiled model, {@code optimizer.safetensors} — the {@link OptimizerState}: one
 *       tensor {@code <weight name>/<slot>} (e.g. {@code dense/kernel/momentum}) per slot of each
 *       trainable weight, shaped as the weight, and in the safetensors metadata {@code "optimizer"}
 *       (its name), {@code "iterations"}, {@code "learning_rate"} (the constant rate in force; absent
 *       with a schedule) and {@code "steps/<weight name>"} (the updates each weight received; absent
 *       for 0).</li>
 * </ul>
 * {@link #load(Path)} rebuilds a compiled model's optimizer, loss and metrics, compiles the model,
 * restores the optimizer state and the epoch count: {@code evaluate} works at once, and {@code fit}
 * continues bit for bit as if the model had never been saved (for layers that draw no random
 * numbers while training: a {@code Dropout} generator starts again from its seed). The epoch count
 * is stored, unlike in Keras, so that shuffling (seeded per epoch), per-epoch schedules and
 * checkpoints count on instead of starting over. Files without {@code compile.json} (uncompiled
 * models, or files written before it existed) load as uncompiled models; {@link #load(Path, boolean)
 * load(path, false)} ignores the compile entries, as Keras's {@code compile=False}.
 *
 * <p>Saving writes a temporary file beside the target and renames it, so a crash never leaves a
 * half-written model. Loading checks every entry — including every optimizer slot's name, shape
 * and values, and the step counts — and names the file and the problem in an
 * {@link IllegalArgumentException}. Java serialization is never used.
 */
public final class ModelFile {
    /** Written into every file; a newer format is refused. */
    public static final int FORMAT_VERSION = 1;
    /**
     * Written into {@code compile.json}; a newer one is refused. The model format stays 1: a reader
     * that predates {@code compile.json} ignores it and loads the model uncompiled.
     */
    public static final int COMPILE_FORMAT_VERSION = 1;
    private static final String COMPILE = "compile.json";
    private static final String OPTIMIZER = "optimizer.safetensors";
    private static final String STATE_FORMAT = "nabla-optimizer-state";
    private static final String STEPS = "steps/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long MAX_ENTRY = 2L << 30;
    /** Most zip entries a model file may have (it writes at most five). */
    static final int MAX_ENTRIES = 64;
    /**
     * Decompression-bomb bound: all entries together may inflate to at most this many bytes per byte of the file
     * (float weights barely compress), and never less than {@link #MIN_INFLATED_LIMIT}.
     */
    static final long MAX_INFLATION_RATIO = 100;
    static final long MIN_INFLATED_LIMIT = 64L << 20;

    private ModelFile() {
    }

    /** Saves a built model with extra provenance {@code metadata} (may be empty). */
    public static void save(Model model, Path path, Map<String, Object> metadata) throws IOException {
        if (!model.isBuilt()) {
            throw new IllegalStateException("save: " + model + " is not built yet; call build(...) or run a batch first");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("format", "nabla-model");
        config.put("format_version", FORMAT_VERSION);
        config.put("class_name", Layers.className(model));
        config.put("input_shape", Arrays.stream(model.inputShape()).boxed().toList());
        config.put("config", model.getConfig());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("library", "nabla");
        meta.put("library_version", version());
        meta.put("created", Instant.now().toString());
        meta.put("java_version", System.getProperty("java.version"));
        if (metadata != null) {
            meta.putAll(metadata);
        }
        byte[] compile = null;
        byte[] optimizerState = null;
        if (model.optimizer() != null) {
            try {
                compile = JSON.writeValueAsBytes(compileConfig(model));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(path + ": cannot write compile.json: the optimizer, loss or metric "
                        + "configs of " + model + " are not JSON: " + e.getOriginalMessage(), e);
            }
            optimizerState = optimizerState(model);
        }
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(file)) {
                put(zip, "config.json", JSON.writeValueAsBytes(config));
                zip.putNextEntry(new ZipEntry("model.safetensors"));
                SafeTensors.write(model.namedWeights(), Map.of("format", "pt"), zip);
                zip.closeEntry();
                put(zip, "metadata.json", JSON.writeValueAsBytes(meta));
                if (compile != null) {
                    put(zip, COMPILE, compile);
                    put(zip, OPTIMIZER, optimizerState);
                }
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Loads a model saved by {@link #save}: rebuilt from its config, weights restored, and — when
     * it was saved compiled — compiled again with its optimizer state and epoch count.
     */
    public static Model load(Path path) throws IOException {
        return load(path, true);
    }

    /**
     * As {@link #load(Path)}; with {@code compile == false} {@code compile.json} and
     * {@code optimizer.safetensors} are not read and the model comes back uncompiled.
     */
    public static Model load(Path path, boolean compile) throws IOException {
        Map<String, byte[]> entries = entries(path);
        Map<String, Object> config = json(path, entries, "config.json");
        if (!"nabla-model".equals(config.get("format"))) {
            throw new IllegalArgumentException(path + ": config.json is not a Nabla model config (format = "
                    + config.get("format") + ")");
        }
        Object versionValue = config.get("format_version");
        int version = versionValue instanceof Number ? ((Number) versionValue).intValue() : -1;
        if (version < 1 || version > FORMAT_VERSION) {
            throw new IllegalArgumentException(path + ": format version " + versionValue + " is not supported (this "
                    + "library reads up to " + FORMAT_VERSION + ")");
        }
        Layer layer;
        int[] inputShape;
        try {
            layer = Layers.fromConfig(String.valueOf(config.get("class_name")), castMap(config.get("config")));
            inputShape = ((List<?>) config.get("input_shape")).stream().mapToInt(d -> ((Number) d).intValue()).toArray();
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(path + ": config.json does not describe a model this library can "
                    + "rebuild: " + e.getMessage(), e);
        }
        if (!(layer instanceof Model)) {
            throw new IllegalArgumentException(path + ": '" + config.get("class_name") + "' is a layer, not a model");
        }
        Model model = (Model) layer;
        try {
            model.build(inputShape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": the stored model cannot be built for its input shape "
                    + Arrays.toString(inputShape) + ": " + e.getMessage(), e);
        }
        loadWeights(model, path, entries);
        if (compile) {
            restoreCompile(model, path, entries);
        }
        return model;
    }

    /** Copies the weights stored in {@code path} into an already built model with the same weight names. */
    public static void loadWeights(Model model, Path path) throws IOException {
        loadWeights(model, path, entries(path));
    }

    /** The provenance stored with a model. */
    public static Map<String, Object> metadata(Path path) throws IOException {
        return json(path, entries(path), "metadata.json");
    }

    private static void loadWeights(Model model, Path path, Map<String, byte[]> entries) {
        byte[] weights = entries.get("model.safetensors");
        if (weights == null) {
            throw new IllegalArgumentException(path + ": no model.safetensors entry (not a Nabla model file?)");
        }
        Map<String, Tensor> stored = SafeTensors.read(weights, path + "!model.safetensors").tensors();
        Map<String, Tensor> expected = model.namedWeights();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor from = stored.get(e.getKey());
            if (from == null) {
                throw new IllegalArgumentException(path + ": weight '" + e.getKey() + "' is missing (stored: "
                        + stored.keySet() + ")");
            }
            if (!Arrays.equals(from.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(path + ": weight '" + e.getKey() + "' has shape "
                        + Shape.format(from.shape()) + ", the model expects " + Shape.format(e.getValue().shape()));
            }
        }
        for (String name : stored.keySet()) {
            if (!expected.containsKey(name)) {
                throw new IllegalArgumentException(path + ": stored weight '" + name + "' has no place in the model ("
                        + "expected: " + expected.keySet() + ")");
            }
        }
        expected.forEach((name, w) -> System.arraycopy(stored.get(name).storage(), 0, w.storage(), w.offset(), w.numel()));
    }

    // ------------------------------------------------------------------ compile.json and optimizer.safetensors

    private static Map<String, Object> compileConfig(Model model) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", "nabla-compile");
        c.put("format_version", COMPILE_FORMAT_VERSION);
        c.put("optimizer", model.optimizer().getConfig());
        c.put("loss", model.loss().getConfig());
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Metric m : model.metrics()) {
            metrics.add(m.getConfig());
        }
        c.put("metrics", metrics);
        c.put("epochs_trained", model.epochsTrained());
        return c;
    }

    /** The trainable weights by name, in the order of {@link Model#trainableWeights()}. */
    private static Map<String, Tensor> trainableWeights(Model model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.namedWeights().forEach((name, w) -> {
            if (w.requiresGrad()) {
                out.put(name, w);
            }
        });
        return out;
    }

    private static byte[] optimizerState(Model model) throws IOException {
        Optimizer optimizer = model.optimizer();
        Map<String, Tensor> trainable = trainableWeights(model);
        OptimizerState state = optimizer.state(new ArrayList<>(trainable.values()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", STATE_FORMAT);
        meta.put("optimizer", state.optimizer());
        meta.put("iterations", Long.toString(state.iterations()));
        if (Double.isFinite(state.learningRate())) {
            meta.put("learning_rate", Double.toString(state.learningRate()));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : trainable.entrySet()) {
            OptimizerState.Parameter p = state.parameters().get(i++);
            if (p.steps() > 0) {
                meta.put(STEPS + e.getKey(), Long.toString(p.steps()));
            }
            p.slots().forEach((slot, values) -> tensors.put(e.getKey() + "/" + slot,
                    Tensor.wrap(values, e.getValue().shape())));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SafeTensors.write(tensors, meta, bytes);
        return bytes.toByteArray();
    }

    /** Compiles {@code model} as compile.json says and restores its optimizer state; all checked first. */
    private static void restoreCompile(Model model, Path path, Map<String, byte[]> entries) {
        if (!entries.containsKey(COMPILE)) {
            if (entries.containsKey(OPTIMIZER)) {
                throw new IllegalArgumentException(path + ": " + OPTIMIZER + " is present but " + COMPILE + " is missing, "
                        + "so the optimizer state has no optimizer (Model.load(path, false) loads the model uncompiled)");
            }
            return; // saved uncompiled, or by a version without compile.json
        }
        Map<String, Object> c = json(path, entries, COMPILE);
        if (!"nabla-compile".equals(c.get("format"))) {
            throw new IllegalArgumentException(path + ": " + COMPILE + " is not a Nabla compile config (format = "
                    + c.get("format") + ")");
        }
        Object versionValue = c.get("format_version");
        int version = versionValue instanceof Integer ? (Integer) versionValue : -1;
        if (version < 1 || version > COMPILE_FORMAT_VERSION) {
            throw new IllegalArgumentException(path + ": " + COMPILE + " has format version " + versionValue
                    + ", this library reads up to " + COMPILE_FORMAT_VERSION + " (Model.load(path, false) "
                    + "loads the model uncompiled)");
        }
        Optimizer optimizer = rebuild(path, "optimizer", () -> Optimizers.fromConfig(castMap(c.get("optimizer"))));
        Loss loss = rebuild(path, "loss", () -> Losses.fromConfig(castMap(c.get("loss"))));
        Object metricsValue = c.getOrDefault("metrics", List.of());
        if (!(metricsValue instanceof List)) {
            throw new IllegalArgumentException(path + ": " + COMPILE + ": \"metrics\" must be a list, got " + metricsValue);
        }
        List<?> metricConfigs = (List<?>) metricsValue;
        Metric[] metrics = new Metric[metricConfigs.size()];
        for (int i = 0; i < metrics.length; i++) {
            Object m = metricConfigs.get(i);
            metrics[i] = rebuild(path, "metric " + i, () -> Metrics.fromConfig(castMap(m)));
        }
        Object epochsValue = c.getOrDefault("epochs_trained", 0);
        if (!(epochsValue instanceof Integer) || (Integer) epochsValue < 0) {
            throw new IllegalArgumentException(path + ": " + COMPILE + ": \"epochs_trained\" must be a whole number "
                    + ">= 0, got " + epochsValue);
        }
        byte[] stateBytes = entries.get(OPTIMIZER);
        if (stateBytes == null) {
            throw new IllegalArgumentException(path + ": " + COMPILE + " is present but " + OPTIMIZER + " is missing "
                    + "(incomplete file; Model.load(path, false) loads the model uncompiled)");
        }
        Map<String, Tensor> trainable = trainableWeights(model);
        OptimizerState state = readState(path + "!" + OPTIMIZER, stateBytes, optimizer, trainable);
        try {
            optimizer.loadState(state, new ArrayList<>(trainable.values()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + "!" + OPTIMIZER + ": " + e.getMessage(), e);
        }
        model.compile(optimizer, loss, metrics);
        model.setEpochsTrained((Integer) epochsValue);
    }

    private static <T> T rebuild(Path path, String what, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(path + ": " + COMPILE + ": cannot rebuild the " + what + ": "
                    + e.getMessage() + " (Model.load(path, false) loads the model uncompiled)", e);
        }
    }

    /** Parses and checks optimizer.safetensors against the optimizer and the model's trainable weights. */
    private static OptimizerState readState(String source, byte[] bytes, Optimizer optimizer,
                                            Map<String, Tensor> trainable) {
        SafeTensors.Content content = SafeTensors.read(bytes, source);
        Map<String, String> meta = content.metadata();
        if (!STATE_FORMAT.equals(meta.get("format"))) {
            throw new IllegalArgumentException(source + ": not a Nabla optimizer state (metadata format = "
                    + meta.get("format") + ", expected " + STATE_FORMAT + ")");
        }
        String stored = meta.get("optimizer");
        if (!optimizer.name().equals(stored)) {
            throw new IllegalArgumentException(source + ": holds the state of optimizer '" + stored + "', but "
                    + COMPILE + " describes " + optimizer.name());
        }
        long iterations = count(source, "iterations", meta.get("iterations"));
        double learningRate = Double.NaN;
        if (meta.containsKey("learning_rate")) {
            try {
                learningRate = Double.parseDouble(meta.get("learning_rate"));
            } catch (NumberFormatException e) {
                learningRate = Double.NaN;
            }
            if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException(source + ": learning_rate '" + meta.get("learning_rate")
                        + "' is not a finite number >= 0");
            }
        }
        Map<String, Long> steps = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(STEPS)) {
                String weight = key.substring(STEPS.length());
                if (!trainable.containsKey(weight)) {
                    throw new IllegalArgumentException(source + ": has a step count for '" + weight + "', which is not "
                            + "a trainable weight of the model (trainable weights: " + trainable.keySet() + ")");
                }
                long s = count(source, key, e.getValue());
                if (s < 1 || s > iterations) {
                    throw new IllegalArgumentException(source + ": " + key + " = " + s + " must be between 1 and "
                            + "iterations = " + iterations);
                }
                steps.put(weight, s);
            } else if (!List.of("format", "optimizer", "iterations", "learning_rate").contains(key)) {
                throw new IllegalArgumentException(source + ": unknown metadata entry '" + key + "'");
            }
        }
        Map<String, Map<String, float[]>> slots = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : content.tensors().entrySet()) {
            String name = e.getKey();
            int cut = name.lastIndexOf('/');
            String weight = cut < 0 ? null : name.substring(0, cut);
            String slot = name.substring(cut + 1);
            if (weight == null || !trainable.containsKey(weight)) {
                throw new IllegalArgumentException(source + ": tensor '" + name + "' is not '<weight>/<slot>' for a "
                        + "trainable weight of the model (trainable weights: " + trainable.keySet() + ")");
            }
            if (!optimizer.slotNames().contains(slot)) {
                throw new IllegalArgumentException(source + ": tensor '" + name + "': '" + slot + "' is not a slot of "
                        + optimizer.name() + " (its slots: " + new TreeSet<>(optimizer.slotNames()) + ")");
            }
            Tensor w = trainable.get(weight);
            if (!Arrays.equals(e.getValue().shape(), w.shape())) {
                throw new IllegalArgumentException(source + ": slot '" + name + "' has shape "
                        + Shape.format(e.getValue().shape()) + ", the weight '" + weight + "' has shape "
                        + Shape.format(w.shape()));
            }
            float[] values = e.getValue().toArray();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new IllegalArgumentException(source + ": slot '" + name + "' holds " + values[i]
                            + " at index " + i + " (corrupt or diverged optimizer state)");
                }
            }
            slots.computeIfAbsent(weight, k -> new LinkedHashMap<>()).put(slot, values);
        }
        List<OptimizerState.Parameter> parameters = new ArrayList<>();
        for (String weight : trainable.keySet()) {
            long s = steps.getOrDefault(weight, 0L);
            Map<String, float[]> own = slots.getOrDefault(weight, Map.of());
            if (s == 0 && !own.isEmpty()) {
                throw new IllegalArgumentException(source + ": weight '" + weight + "' has slots "
                        + new TreeSet<>(own.keySet()) + " but no step count (metadata " + STEPS + weight + ")");
            }
            if (s > 0) {
                for (String required : new TreeSet<>(optimizer.slotNamesInUse())) {
                    if (!own.containsKey(required)) {
                        throw new IllegalArgumentException(source + ": slot '" + weight + "/" + required + "' is missing: "
                                + "the weight was updated " + s + " times and " + optimizer.name() + " with these "
                                + "settings keeps " + new TreeSet<>(optimizer.slotNamesInUse()) + " for every weight");
                    }
                }
            }
            parameters.add(new OptimizerState.Parameter(s, own));
        }
        return new OptimizerState(optimizer.name(), iterations, learningRate, parameters);
    }

    private static long count(String source, String key, String value) {
        long n;
        try {
            n = value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw new IllegalArgumentException(source + ": metadata " + key + " must be a whole number >= 0, got "
                    + (value == null ? "nothing" : "'" + value + "'"));
        }
        return n;
    }

    /**
     * Reads every entry into memory, refusing zip-slip names ({@code ..} segments, absolute or drive paths,
     * backslashes), duplicate names, more than {@link #MAX_ENTRIES} entries and decompression bombs (more than
     * {@link #MAX_INFLATION_RATIO} × the file size, at least {@link #MIN_INFLATED_LIMIT}, in all; 2 GiB per entry).
     */
    private static Map<String, byte[]> entries(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new java.io.FileNotFoundException(path + ": no such model file");
        }
        long limit = Math.max(MIN_INFLATED_LIMIT, Math.min(Long.MAX_VALUE / MAX_INFLATION_RATIO, Files.size(path))
                * MAX_INFLATION_RATIO);
        long inflated = 0;
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                checkEntryName(path, e.getName());
                if (entries.containsKey(e.getName())) {
                    throw new IllegalArgumentException(path + ": zip entry '" + e.getName() + "' appears twice");
                }
                if (entries.size() >= MAX_ENTRIES) {
                    throw new IllegalArgumentException(path + ": more than " + MAX_ENTRIES + " zip entries (a model file "
                            + "has at most 5)");
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] chunk = new byte[1 << 16];
                long total = 0;
                for (int n = zip.read(chunk); n > 0; n = zip.read(chunk)) {
                    total += n;
                    inflated += n;
                    if (total > MAX_ENTRY) {
                        throw new IllegalArgumentException(path + ": entry " + e.getName() + " is larger than 2 GiB");
                    }
                    if (inflated > limit) {
                        throw new IllegalArgumentException(path + ": the entries inflate to more than " + limit
                                + " bytes from a " + Files.size(path) + "-byte file (decompression bomb?)");
                    }
                    bytes.write(chunk, 0, n);
                }
                entries.put(e.getName(), bytes.toByteArray());
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException(path + ": not a valid .nabla file (corrupt or truncated zip: "
                    + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(path.toString())) {
                throw e;
            }
            // java.util.zip reports some malformed headers (bad UTF-8 names, …) this way
            throw new IllegalArgumentException(path + ": not a valid .nabla file (" + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(path + ": not a .nabla file (no zip entries; truncated or another format)");
        }
        return entries;
    }

    /** Zip-slip guard: entry names must be relative, forward-slashed and free of {@code ..} segments. */
    static void checkEntryName(Path path, String name) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/", -1)) {
            bad |= part.equals("..");
        }
        if (bad) {
            throw new IllegalArgumentException(path + ": unsafe zip entry name '" + name + "' (absolute, drive or '..' "
                    + "path: refused, as a zip-slip attempt)");
        }
    }

    private static Map<String, Object> json(Path path, Map<String, byte[]> entries, String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException(path + ": no " + name + " entry (not a Nabla model file?)");
        }
        try {
            return castMap(JSON.readValue(bytes, Map.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": " + name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + o);
        }
        return (Map<String, Object>) o;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static String version() {
        String v = ModelFile.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}

package dev.nabla.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Model;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *       (data hash, seed, hyper-parameters, final metrics).</li>
 * </ul>
 * Saving writes a temporary file beside the target and renames it, so a crash never leaves a
 * half-written model. Loading checks every entry and names the file and the problem. Java
 * serialization is never used.
 */
public final class ModelFile {
    /** Written into every file; a newer format is refused. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long MAX_ENTRY = 2L << 30;

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

    /** Loads a model saved by {@link #save}: rebuilt from its config, weights restored. */
    public static Model load(Path path) throws IOException {
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

    private static Map<String, byte[]> entries(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new java.io.FileNotFoundException(path + ": no such model file");
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] chunk = new byte[1 << 16];
                long total = 0;
                for (int n = zip.read(chunk); n > 0; n = zip.read(chunk)) {
                    total += n;
                    if (total > MAX_ENTRY) {
                        throw new IllegalArgumentException(path + ": entry " + e.getName() + " is larger than 2 GiB");
                    }
                    bytes.write(chunk, 0, n);
                }
                entries.put(e.getName(), bytes.toByteArray());
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException(path + ": not a valid .nabla file (corrupt or truncated zip: "
                    + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(path + ": not a .nabla file (no zip entries; truncated or another format)");
        }
        return entries;
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

package dev.nabla.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Conv2D;
import dev.nabla.nn.Conv2DTranspose;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.LayerNormalization;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Conv2D → BatchNormalization → Conv2DTranspose → LayerNormalization → Flatten → Dense. */
    private static Sequential imageModel() {
        return new Sequential(
                new Conv2D(3, 3).padding("same").activation(Activation.RELU),
                new BatchNormalization(),
                new Conv2DTranspose(2, 3).strides(2),
                new LayerNormalization(),
                new Flatten(),
                new Dense(5).activation(Activation.SOFTMAX));
    }

    /** Embedding → LayerNormalization → Flatten → Dense. */
    private static Sequential textModel() {
        return new Sequential(new Embedding(10, 4), new LayerNormalization(), new Flatten(), new Dense(3));
    }

    /** Gives every weight random values, so a load that silently kept initial values would show. */
    private static void randomize(Model model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Tensor w : model.namedWeights().values()) {
            float[] s = w.storage();
            for (int i = 0; i < w.numel(); i++) {
                s[w.offset() + i] = (float) (rng.nextDouble() + 0.5);
            }
        }
    }

    private static Tensor images(long seed) {
        return Tensor.randn(new SplittableRandom(seed), 4, 2, 5, 5);
    }

    private static Tensor ids() {
        return Tensor.of(new float[] {0, 3, 9, 1, 1, 7, 2, 5, 8, 4, 6, 0}, 4, 3);
    }

    private static void assertBitEqual(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + "[" + i + "]");
        }
    }

    private static void assertSameWeights(Model expected, Model actual) {
        assertEquals(List.copyOf(expected.namedWeights().keySet()), List.copyOf(actual.namedWeights().keySet()));
        expected.namedWeights().forEach((name, w) -> assertBitEqual(w, actual.namedWeights().get(name), name));
    }

    /** An image model with trained-looking weights and batch-norm moving statistics away from 0 / 1. */
    private Sequential trainedImageModel() {
        Sequential model = imageModel();
        model.build(2, 5, 5);
        randomize(model, 11);
        // A few forward passes in training mode move the batch-norm statistics.
        model.setTraining(true);
        BatchNormalization bn = (BatchNormalization) model.layers().get(1);
        float[] zeros = new float[3];
        float[] before = bn.namedWeights().get("moving_mean").toArray();
        try (var off = dev.nabla.autograd.Grad.off()) {
            for (int i = 0; i < 3; i++) {
                model.call(images(100 + i).mul(3f).add(2f));
            }
        }
        model.setTraining(false);
        assertFalse(java.util.Arrays.equals(before, bn.namedWeights().get("moving_mean").toArray()),
                "moving statistics should have moved");
        assertFalse(java.util.Arrays.equals(zeros, bn.namedWeights().get("moving_mean").toArray()));
        return model;
    }

    @Test
    void imageModelRoundTripsBitExactlyWithMovingStatistics() throws IOException {
        Sequential model = trainedImageModel();
        Path file = dir.resolve("image.nabla");
        model.save(file);
        Model loaded = Model.load(file);
        assertTrue(loaded instanceof Sequential);
        assertSameWeights(model, loaded);
        Map<String, Tensor> weights = loaded.namedWeights();
        String bnName = model.layers().get(1).name();
        assertTrue(weights.containsKey(bnName + "/moving_mean") && weights.containsKey(bnName + "/moving_variance"),
                weights.keySet().toString());
        String ct = model.layers().get(2).name();
        assertArrayEquals(new int[] {3, 2, 3, 3}, weights.get(ct + "/kernel").shape());
        assertEquals(model.countParams(), loaded.countParams());
        assertEquals(model.countTrainableParams(), loaded.countTrainableParams());
        // Inference uses the moving statistics: identical outputs, bit for bit.
        Tensor x = images(7);
        Tensor expected = model.predict(x);
        assertArrayEquals(new int[] {4, 5}, expected.shape());
        assertBitEqual(expected, loaded.predict(x), "predictions");
        // A freshly built model (no load) predicts differently: the check above is not vacuous.
        Sequential fresh = imageModel();
        fresh.build(2, 5, 5);
        assertNotEquals(expected.toArray()[0], fresh.predict(x).toArray()[0]);
    }

    @Test
    void embeddingModelRoundTripsBitExactly() throws IOException {
        Sequential model = textModel();
        model.build(3);
        randomize(model, 5);
        Path file = dir.resolve("sub/dir/text.nabla");
        model.save(file, Map.of("vocabulary", 10));
        Model loaded = Model.load(file);
        assertSameWeights(model, loaded);
        assertBitEqual(model.predict(ids()), loaded.predict(ids()), "predictions");
        assertArrayEquals(new int[] {10, 4}, loaded.namedWeights().get(model.layers().get(0).name() + "/embeddings").shape());
        assertArrayEquals(new int[] {3}, loaded.inputShape());
    }

    @Test
    void loadWeightsFillsAnExistingModel() throws IOException {
        Sequential source = textModel();
        source.build(3);
        randomize(source, 9);
        Path file = dir.resolve("w.nabla");
        source.save(file);
        // Same architecture (and names, from the config) but other weights.
        Sequential target = (Sequential) Model.load(file);
        randomize(target, 10);
        ModelFile.loadWeights(target, file);
        assertSameWeights(source, target);
    }

    @Test
    void metadataHoldsProvenanceAndTheCallersKeys() throws IOException {
        Sequential model = textModel();
        model.build(3);
        Path file = dir.resolve("m.nabla");
        Instant before = Instant.now().minusSeconds(1);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("seed", 42);
        extra.put("data_sha256", "abc123");
        extra.put("final_accuracy", 0.97);
        model.save(file, extra);
        Map<String, Object> meta = ModelFile.metadata(file);
        assertEquals("nabla", meta.get("library"));
        assertTrue(meta.get("library_version") instanceof String && !((String) meta.get("library_version")).isBlank(),
                meta.toString());
        Instant created = Instant.parse((String) meta.get("created"));
        assertFalse(created.isBefore(before), created + " vs " + before);
        assertFalse(created.isAfter(Instant.now().plusSeconds(1)));
        assertEquals(System.getProperty("java.version"), meta.get("java_version"));
        assertEquals(42, meta.get("seed"));
        assertEquals("abc123", meta.get("data_sha256"));
        assertEquals(0.97, (Double) meta.get("final_accuracy"), 0.0);
    }

    @Test
    void theFileHoldsTheThreeDocumentedEntries() throws IOException {
        Sequential model = textModel();
        model.build(3);
        Path file = dir.resolve("e.nabla");
        model.save(file);
        Map<String, byte[]> entries = unzip(file);
        assertEquals(java.util.Set.of("config.json", "model.safetensors", "metadata.json"), entries.keySet());
        @SuppressWarnings("unchecked")
        Map<String, Object> config = JSON.readValue(entries.get("config.json"), Map.class);
        assertEquals("nabla-model", config.get("format"));
        assertEquals(ModelFile.FORMAT_VERSION, config.get("format_version"));
        assertEquals("Sequential", config.get("class_name"));
        assertEquals(List.of(3), config.get("input_shape"));
        SafeTensors.Content weights = SafeTensors.read(entries.get("model.safetensors"), "e");
        assertEquals(model.namedWeights().keySet(), weights.tensors().keySet());
    }

    // ------------------------------------------------------------------ atomic save

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savingAnUnbuiltModelFailsAndLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Sequential built = textModel();
        built.build(3);
        Path file = dir.resolve("model.nabla");
        built.save(file);
        byte[] before = Files.readAllBytes(file);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> textModel().save(file));
        assertTrue(e.getMessage().contains("not built"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("model.nabla"), listing());
    }

    @Test
    void aSaveThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Sequential built = textModel();
        built.build(3);
        Path file = dir.resolve("model.nabla");
        built.save(file);
        byte[] before = Files.readAllBytes(file);
        Sequential other = textModel();
        other.build(3);
        randomize(other, 3);
        // metadata.json is written last; a value JSON cannot represent makes that step fail.
        Map<String, Object> unserializable = Map.of("bad", new Object());
        assertThrows(IOException.class, () -> other.save(file, unserializable));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("model.nabla"), listing());
        assertSameWeights(built, Model.load(file));
    }

    @Test
    void savingOverAnExistingFileReplacesIt() throws IOException {
        Sequential a = textModel();
        a.build(3);
        Sequential b = textModel();
        b.build(3);
        randomize(b, 77);
        Path file = dir.resolve("model.nabla");
        a.save(file);
        b.save(file);
        assertSameWeights(b, Model.load(file));
        assertEquals(List.of("model.nabla"), listing());
    }

    // ------------------------------------------------------------------ bad files

    private static Map<String, byte[]> unzip(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    /** A saved text model's entries, and the model. */
    private record Saved(Sequential model, Map<String, byte[]> entries) {
    }

    private Saved saved() throws IOException {
        Sequential model = textModel();
        model.build(3);
        Path file = dir.resolve("good.nabla");
        model.save(file);
        return new Saved(model, unzip(file));
    }

    private Path variant(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        zip(file, entries);
        return file;
    }

    private static byte[] weights(Map<String, Tensor> tensors) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(tensors, Map.of("format", "pt"), out);
        return out.toByteArray();
    }

    private static String loadFails(Path file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.load(file));
        assertTrue(e.getMessage().contains(file.toString()), "message should name the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void missingEntriesAreNamed() throws IOException {
        Saved s = saved();
        Map<String, byte[]> noConfig = new LinkedHashMap<>(s.entries());
        noConfig.remove("config.json");
        assertTrue(loadFails(variant("no-config.nabla", noConfig)).contains("config.json"));
        Map<String, byte[]> noWeights = new LinkedHashMap<>(s.entries());
        noWeights.remove("model.safetensors");
        assertTrue(loadFails(variant("no-weights.nabla", noWeights)).contains("model.safetensors"));
        Map<String, byte[]> noMeta = new LinkedHashMap<>(s.entries());
        noMeta.remove("metadata.json");
        Path file = variant("no-meta.nabla", noMeta);
        Model.load(file); // metadata is provenance only: the model still loads
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.metadata(file));
        assertTrue(e.getMessage().contains("metadata.json") && e.getMessage().contains(file.toString()));
    }

    @Test
    void aWeightOfTheWrongShapeIsNamedWithBothShapes() throws IOException {
        Saved s = saved();
        Map<String, Tensor> w = new LinkedHashMap<>(s.model().namedWeights());
        String name = s.model().layers().get(0).name() + "/embeddings";
        w.put(name, Tensor.zeros(4, 10));
        Map<String, byte[]> entries = new LinkedHashMap<>(s.entries());
        entries.put("model.safetensors", weights(w));
        String m = loadFails(variant("shape.nabla", entries));
        assertTrue(m.contains(name) && m.contains("[4, 10]") && m.contains("[10, 4]"), m);
    }

    @Test
    void aMissingWeightIsNamed() throws IOException {
        Saved s = saved();
        Map<String, Tensor> w = new LinkedHashMap<>(s.model().namedWeights());
        String name = s.model().layers().get(3).name() + "/bias";
        assertTrue(w.containsKey(name), w.keySet().toString());
        w.remove(name);
        Map<String, byte[]> entries = new LinkedHashMap<>(s.entries());
        entries.put("model.safetensors", weights(w));
        String m = loadFails(variant("missing.nabla", entries));
        assertTrue(m.contains(name) && m.contains("missing"), m);
    }

    @Test
    void anExtraWeightIsNamed() throws IOException {
        Saved s = saved();
        Map<String, Tensor> w = new LinkedHashMap<>(s.model().namedWeights());
        w.put("stray/kernel", Tensor.zeros(2));
        Map<String, byte[]> entries = new LinkedHashMap<>(s.entries());
        entries.put("model.safetensors", weights(w));
        String m = loadFails(variant("extra.nabla", entries));
        assertTrue(m.contains("stray/kernel"), m);
    }

    @Test
    void aFutureFormatVersionIsRefused() throws IOException {
        Saved s = saved();
        @SuppressWarnings("unchecked")
        Map<String, Object> config = JSON.readValue(s.entries().get("config.json"), Map.class);
        config.put("format_version", ModelFile.FORMAT_VERSION + 1);
        Map<String, byte[]> entries = new LinkedHashMap<>(s.entries());
        entries.put("config.json", JSON.writeValueAsBytes(config));
        String m = loadFails(variant("future.nabla", entries));
        assertTrue(m.contains("format version " + (ModelFile.FORMAT_VERSION + 1)), m);
    }

    @Test
    void aConfigOfAnotherKindOrBadJsonIsRefused() throws IOException {
        Saved s = saved();
        Map<String, byte[]> entries = new LinkedHashMap<>(s.entries());
        entries.put("config.json", "{\"format\": \"keras\"}".getBytes());
        assertTrue(loadFails(variant("keras.nabla", entries)).contains("keras"));
        entries.put("config.json", "{not json".getBytes());
        assertTrue(loadFails(variant("json.nabla", entries)).contains("config.json"));
        entries.put("config.json", s.entries().get("config.json"));
        entries.put("model.safetensors", new byte[] {1, 2, 3});
        assertTrue(loadFails(variant("st.nabla", entries)).contains("model.safetensors"));
    }

    @Test
    void malformedConfigsAreRefusedNamingTheFile() throws IOException {
        Saved s = saved();
        String good = new String(s.entries().get("config.json"), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("version-text.nabla", good.replaceFirst("\"format_version\"\\s*:\\s*1", "\"format_version\" : \"1\""));
        broken.put("no-version.nabla", good.replaceFirst("\"format_version\"\\s*:\\s*1\\s*,", ""));
        broken.put("unknown-class.nabla", good.replaceFirst("\"class_name\"\\s*:\\s*\"Sequential\"",
                "\"class_name\" : \"MyCustomNet\""));
        broken.put("no-shape.nabla", good.replaceFirst("\"input_shape\"", "\"shape_of_input\""));
        broken.put("bad-shape.nabla", good.replaceFirst("\"input_shape\"\\s*:\\s*\\[\\s*3\\s*\\]",
                "\"input_shape\" : [ 0 ]"));
        for (Map.Entry<String, String> b : broken.entrySet()) {
            assertNotEquals(good, b.getValue(), b.getKey() + ": the edit must apply");
            Map<String, byte[]> entries = new LinkedHashMap<>(s.entries());
            entries.put("config.json", b.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String m = loadFails(variant(b.getKey(), entries));
            if (b.getKey().equals("unknown-class.nabla")) {
                assertTrue(m.contains("MyCustomNet") && m.contains("Layers.register"), m);
            }
        }
    }

    @Test
    void filesThatAreNoZipOrTruncatedAreRefused() throws IOException {
        Path text = dir.resolve("text.nabla");
        Files.writeString(text, "this is not a zip file at all");
        loadFails(text);
        Path good = dir.resolve("good.nabla");
        Sequential model = imageModel();
        model.build(2, 5, 5);
        model.save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.nabla");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        loadFails(cut);
        FileNotFoundException nf = assertThrows(FileNotFoundException.class, () -> Model.load(dir.resolve("none.nabla")));
        assertTrue(nf.getMessage().contains("none.nabla"));
    }
}

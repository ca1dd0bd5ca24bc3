package dev.nabla.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.data.Dataset;
import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNormalization;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Model;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.LearningRateSchedule;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Optimizers;
import dev.nabla.optim.RMSprop;
import dev.nabla.optim.SGD;
import dev.nabla.optim.schedule.CosineDecay;
import dev.nabla.optim.schedule.StepDecay;
import dev.nabla.optim.schedule.WarmUp;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Fit;
import dev.nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compiled model saved to a {@code .nabla} file comes back compiled: same optimizer (config and
 * state), loss, metrics and epoch count, so training continues bit for bit and evaluation works
 * without compile. Damaged compile entries fail with the file and the problem named.
 */
class CompiledModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Dense → BatchNormalization (non-trainable moving statistics) → Dense softmax, fixed seed. */
    private static Sequential model() {
        return model(false);
    }

    /** As {@link #model()}, with a Dropout(0.3) after the first layer when asked. */
    private static Sequential model(boolean dropout) {
        Sequential model = dropout
                ? new Sequential(new Dense(6).activation(Activation.RELU), new Dropout(0.3), new BatchNormalization(),
                        new Dense(3).activation(Activation.SOFTMAX))
                : new Sequential(new Dense(6).activation(Activation.RELU), new BatchNormalization(),
                        new Dense(3).activation(Activation.SOFTMAX));
        model.seed(7);
        return model;
    }

    /** {@code n} samples of 4 features, one-hot labels over 3 classes. */
    private static Dataset data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = Tensor.randn(rng, n, 4);
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            y[3 * i + rng.nextInt(3)] = 1;
        }
        return Dataset.of(x, Tensor.wrap(y, n, 3));
    }

    private static Fit fit(int epochs) {
        return Fit.epochs(epochs).batchSize(8).verbose(false).seed(3);
    }

    private static Model compiled(Optimizer optimizer) {
        return compiled(optimizer, false);
    }

    private static Model compiled(Optimizer optimizer, boolean dropout) {
        return model(dropout).compile(optimizer, Losses.categoricalCrossentropy(false, 0.1f), Metrics.accuracy(),
                Metrics.topKAccuracy(2), Metrics.auc());
    }

    /** Same weights in the same order (layer names differ: each new layer gets a fresh one). */
    private static void assertBitEqual(Model expected, Model actual, String what) {
        List<Tensor> actualWeights = List.copyOf(actual.namedWeights().values());
        assertEquals(expected.namedWeights().size(), actualWeights.size(), what);
        int[] index = {0};
        expected.namedWeights().forEach((name, w) -> {
            float[] e = w.toArray();
            float[] a = actualWeights.get(index[0]++).toArray();
            assertEquals(e.length, a.length, what + ": " + name);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]),
                        what + ": " + name + "[" + i + "] " + e[i] + " vs " + a[i]);
            }
        });
    }

    /** 4 epochs straight against 2 epochs, save, load, 2 more epochs: identical bits, losses and counters. */
    private void assertResumesExactly(String what, Supplier<Optimizer> optimizer) throws IOException {
        assertResumesExactly(what, optimizer, false);
    }

    private void assertResumesExactly(String what, Supplier<Optimizer> optimizer, boolean dropout) throws IOException {
        Dataset train = data(40, 1);
        Dataset validation = data(12, 2);
        Model straight = compiled(optimizer.get(), dropout);
        History full = straight.fit(train, fit(4).validation(validation));

        Model first = compiled(optimizer.get(), dropout);
        first.fit(train, fit(2).validation(validation));
        Path file = dir.resolve(what + ".nabla");
        first.save(file);

        Model resumed = Model.load(file);
        assertNotNull(resumed.optimizer(), what + ": the loaded model is compiled");
        assertEquals(2, resumed.epochsTrained(), what);
        assertEquals(first.optimizer().getConfig(), resumed.optimizer().getConfig(), what);
        assertEquals(first.optimizer().iterations(), resumed.optimizer().iterations(), what);
        History rest = resumed.fit(train, fit(2).validation(validation));

        assertBitEqual(straight, resumed, what);
        assertEquals(4, resumed.epochsTrained(), what);
        assertEquals(straight.optimizer().iterations(), resumed.optimizer().iterations(), what);
        assertEquals(full.get("loss").subList(2, 4), rest.get("loss"), what + ": training losses of epochs 3–4");
        assertEquals(full.get("val_accuracy").subList(2, 4), rest.get("val_accuracy"), what);
    }

    @Test
    void adamResumesBitForBit() throws IOException {
        assertResumesExactly("adam", () -> new Adam(0.01));
    }

    @Test
    void modelWithDropoutResumesBitForBit() throws IOException {
        assertResumesExactly("dropout", () -> new Adam(0.01), true);
    }

    @Test
    void sgdWithMomentumResumesBitForBit() throws IOException {
        assertResumesExactly("sgd", () -> new SGD(0.05).momentum(0.9).nesterov(true).weightDecay(1e-3));
    }

    @Test
    void everyOtherOptimizerAndScheduleResumesBitForBit() throws IOException {
        assertResumesExactly("amsgrad-warmup-cosine",
                () -> new Adam(new WarmUp(4, new CosineDecay(0.02, 12, 0.1))).amsgrad(true).clipNorm(1));
        assertResumesExactly("adamw", () -> new AdamW(0.01, 0.05).clipValue(0.5));
        assertResumesExactly("rmsprop", () -> new RMSprop(new StepDecay(0.01, 5, 0.5)).momentum(0.5).centered(true));
        assertResumesExactly("adagrad", () -> new Adagrad(0.1).initialAccumulatorValue(0.2));
        assertResumesExactly("sgd-plain", () -> new SGD(0.1));
    }

    @Test
    void loadedCompiledModelEvaluatesWithoutCompile() throws IOException {
        Dataset train = data(32, 4);
        Dataset test = data(16, 5);
        Model model = model().compile(new Adam(0.01),
                Losses.withClassWeights(Losses.categoricalCrossentropy(false, 0.1f), new float[] {1f, 2f, 0.5f}),
                Metrics.accuracy(), Metrics.topKAccuracy(2), Metrics.auc());
        model.fit(train, fit(2));
        Path file = dir.resolve("m.nabla");
        model.save(file);

        Model loaded = Model.load(file);
        Map<String, Double> expected = model.evaluate(test);
        assertEquals(List.of("loss", "accuracy", "top_k_categorical_accuracy", "auc"), List.copyOf(expected.keySet()));
        assertEquals(expected, loaded.evaluate(test));
        assertEquals(model.loss().getConfig(), loaded.loss().getConfig());
        assertEquals(3, loaded.metrics().size());
        for (int i = 0; i < 3; i++) {
            assertEquals(model.metrics().get(i).getConfig(), loaded.metrics().get(i).getConfig());
        }
    }

    @Test
    void constantLearningRateChangedDuringTrainingIsRestored() throws IOException {
        Model model = compiled(new SGD(0.1).momentum(0.5));
        model.fit(data(16, 6), fit(1));
        model.optimizer().setLearningRate(0.025); // as ReduceLROnPlateau does
        Path file = dir.resolve("lr.nabla");
        model.save(file);
        assertEquals(0.025, Model.load(file).optimizer().currentLearningRate());
    }

    @Test
    void compiledButUntrainedModelRoundTrips() throws IOException {
        Model model = compiled(new Adam(0.01));
        model.build(4);
        Path file = dir.resolve("fresh.nabla");
        model.save(file);
        Model loaded = Model.load(file);
        assertEquals(0, loaded.optimizer().iterations());
        assertEquals(0, loaded.epochsTrained());
        assertTrue(SafeTensors.read(entries(file).get("optimizer.safetensors"), "x").tensors().isEmpty());
        // and it trains exactly like a fresh compile
        Model fresh = compiled(new Adam(0.01));
        fresh.fit(data(16, 7), fit(1));
        loaded.fit(data(16, 7), fit(1));
        assertBitEqual(fresh, loaded, "fresh vs loaded");
    }

    @Test
    void fileLayoutIsDocumented() throws IOException {
        Model model = compiled(new Adam(0.01).amsgrad(true));
        model.fit(data(16, 8), fit(2));
        Path file = dir.resolve("layout.nabla");
        model.save(file);
        Map<String, byte[]> entries = entries(file);
        assertEquals(List.of("config.json", "model.safetensors", "metadata.json", "compile.json",
                "optimizer.safetensors"), List.copyOf(entries.keySet()));

        Map<?, ?> compile = JSON.readValue(entries.get("compile.json"), Map.class);
        assertEquals("nabla-compile", compile.get("format"));
        assertEquals(1, compile.get("format_version"));
        assertEquals(2, compile.get("epochs_trained"));
        assertEquals("Adam", ((Map<?, ?>) compile.get("optimizer")).get("name"));
        assertEquals("CategoricalCrossentropy", ((Map<?, ?>) compile.get("loss")).get("class_name"));
        assertEquals(3, ((List<?>) compile.get("metrics")).size());

        SafeTensors.Content state = SafeTensors.read(entries.get("optimizer.safetensors"), "state");
        assertEquals("Adam", state.metadata().get("optimizer"));
        assertEquals("nabla-optimizer-state", state.metadata().get("format"));
        assertEquals("4", state.metadata().get("iterations")); // 16 samples / 8 per batch × 2 epochs
        assertEquals("0.01", state.metadata().get("learning_rate"));
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, Tensor> w : model.namedWeights().entrySet()) {
            if (w.getValue().requiresGrad()) {
                assertEquals("4", state.metadata().get("steps/" + w.getKey()), w.getKey());
                for (String slot : List.of("momentum", "velocity", "velocity_hat")) {
                    expected.add(w.getKey() + "/" + slot);
                    assertArrayEquals(w.getValue().shape(), state.tensors().get(w.getKey() + "/" + slot).shape());
                }
            } else {
                assertNull(state.metadata().get("steps/" + w.getKey()), "non-trainable " + w.getKey());
            }
        }
        assertEquals(expected, List.copyOf(state.tensors().keySet()));
        float[] saved = state.tensors().get(expected.get(0)).toArray();
        float[] live = model.optimizer().state(model.trainableWeights()).slots(0).get("momentum");
        assertEquals(java.util.Arrays.toString(live), java.util.Arrays.toString(saved));
    }

    @Test
    void uncompiledModelsAndOlderFilesLoadUncompiled() throws IOException {
        Model model = model();
        model.build(4);
        Path file = dir.resolve("plain.nabla");
        model.save(file);
        assertFalse(entries(file).containsKey("compile.json"));
        assertFalse(entries(file).containsKey("optimizer.safetensors"));
        Model loaded = Model.load(file);
        assertNull(loaded.optimizer());
        assertThrows(IllegalStateException.class, () -> loaded.evaluate(data(4, 1)));

        // A compiled model's file as written before compile.json existed: just the three entries.
        Model trained = compiled(new Adam(0.01));
        trained.fit(data(16, 9), fit(1));
        Path older = dir.resolve("older.nabla");
        trained.save(older);
        rewrite(older, older, e -> {
            e.remove("compile.json");
            e.remove("optimizer.safetensors");
        });
        Model old = Model.load(older);
        assertNull(old.optimizer());
        assertEquals(0, old.epochsTrained());
        assertBitEqual(trained, old, "weights of the older file");
    }

    @Test
    void loadWithoutCompileIgnoresTheCompileEntries() throws IOException {
        Model model = compiled(new Adam(0.01));
        model.fit(data(16, 10), fit(1));
        Path file = dir.resolve("m.nabla");
        model.save(file);
        rewrite(file, file, e -> e.put("compile.json", "{not json".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> Model.load(file));
        Model loaded = Model.load(file, false);
        assertNull(loaded.optimizer());
        assertEquals(0, loaded.epochsTrained());
        assertBitEqual(model, loaded, "weights");
    }

    /** A custom schedule with a config: saved with the model, loadable once registered. */
    static final class InverseSqrt implements LearningRateSchedule {
        private final double base;

        InverseSqrt(double base) {
            this.base = base;
        }

        @Override
        public double rate(long step) {
            return base / Math.sqrt(step + 1);
        }

        @Override
        public Map<String, Object> getConfig() {
            return Map.of("base", base);
        }
    }

    @Test
    void customSchedulesLoadOnceRegistered() throws IOException {
        Model model = compiled(new SGD(new InverseSqrt(0.1)).momentum(0.9));
        model.fit(data(16, 11), fit(1));
        Path file = dir.resolve("custom.nabla");
        model.save(file);
        assertFails(file, () -> Model.load(file), "compile.json", "optimizer", "InverseSqrt",
                "Optimizers.registerSchedule", "Model.load(path, false)");
        assertNull(Model.load(file, false).optimizer());

        Optimizers.registerSchedule("InverseSqrt", c -> new InverseSqrt(((Number) c.get("base")).doubleValue()));
        Model loaded = Model.load(file);
        assertEquals(model.optimizer().getConfig(), loaded.optimizer().getConfig());
        model.fit(data(16, 12), fit(1));
        loaded.fit(data(16, 12), fit(1));
        assertBitEqual(model, loaded, "custom schedule");

        // A lambda has no name to register: saving works, loading compiled names the problem.
        Model lambda = compiled(new Adam(step -> 1e-3));
        lambda.build(4);
        Path lambdaFile = dir.resolve("lambda.nabla");
        lambda.save(lambdaFile);
        assertFails(lambdaFile, () -> Model.load(lambdaFile), "unknown learning-rate schedule", "lambda");
    }

    // ------------------------------------------------------------------ damaged files

    /** The first Dense kernel's name in the latest {@link #trainedFile}. */
    private String firstKernel;

    private Path trainedFile(Optimizer optimizer) throws IOException {
        Model model = compiled(optimizer);
        model.build(4);
        firstKernel = model.namedWeights().keySet().iterator().next();
        model.fit(data(16, 13), fit(1));
        Path file = dir.resolve("good.nabla");
        model.save(file);
        return file;
    }

    /** The path with compile.json transformed. */
    private Path withCompile(Path good, String name, UnaryOperator<Map<String, Object>> change) throws IOException {
        Path bad = dir.resolve(name + ".nabla");
        rewrite(good, bad, e -> {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> c = JSON.readValue(e.get("compile.json"), LinkedHashMap.class);
                e.put("compile.json", JSON.writeValueAsBytes(change.apply(c)));
            } catch (IOException x) {
                throw new RuntimeException(x);
            }
        });
        return bad;
    }

    /** The path with optimizer.safetensors rebuilt from changed tensors and metadata. */
    private Path withState(Path good, String name, java.util.function.BiConsumer<Map<String, Tensor>,
            Map<String, String>> change) throws IOException {
        Path bad = dir.resolve(name + ".nabla");
        rewrite(good, bad, e -> {
            SafeTensors.Content c = SafeTensors.read(e.get("optimizer.safetensors"), "state");
            Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
            Map<String, String> meta = new LinkedHashMap<>(c.metadata());
            change.accept(tensors, meta);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                SafeTensors.write(tensors, meta, out);
            } catch (IOException x) {
                throw new RuntimeException(x);
            }
            e.put("optimizer.safetensors", out.toByteArray());
        });
        return bad;
    }

    @Test
    void damagedCompileJsonIsRejectedWithTheFileAndTheProblem() throws IOException {
        Path good = trainedFile(new Adam(0.01));
        String k = firstKernel;
        Path p = withCompile(good, "unknown-optimizer", c -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> o = new LinkedHashMap<>((Map<String, Object>) c.get("optimizer"));
            o.put("name", "Adamax");
            c.put("optimizer", o);
            return c;
        });
        assertFails(p, () -> Model.load(p), "compile.json", "unknown optimizer 'Adamax'", "SGD", "Adam");

        Path badBeta = withCompile(good, "bad-beta", c -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> o = new LinkedHashMap<>((Map<String, Object>) c.get("optimizer"));
            o.put("beta_1", 1.5);
            c.put("optimizer", o);
            return c;
        });
        assertFails(badBeta, () -> Model.load(badBeta), "compile.json", "beta_1", "1.5");

        Path loss = withCompile(good, "unknown-loss", c -> {
            c.put("loss", Map.of("class_name", "Poisson"));
            return c;
        });
        assertFails(loss, () -> Model.load(loss), "compile.json", "loss", "Poisson");

        Path metric = withCompile(good, "unknown-metric", c -> {
            c.put("metrics", List.of(Map.of("class_name", "Accuracy"), Map.of("class_name", "MeanIoU")));
            return c;
        });
        assertFails(metric, () -> Model.load(metric), "compile.json", "metric 1", "MeanIoU");

        Path version = withCompile(good, "newer", c -> {
            c.put("format_version", 99);
            return c;
        });
        assertFails(version, () -> Model.load(version), "compile.json", "99");

        Path epochs = withCompile(good, "epochs", c -> {
            c.put("epochs_trained", -3);
            return c;
        });
        assertFails(epochs, () -> Model.load(epochs), "compile.json", "epochs_trained", "-3");

        Path noState = dir.resolve("no-state.nabla");
        rewrite(good, noState, e -> e.remove("optimizer.safetensors"));
        assertFails(noState, () -> Model.load(noState), "optimizer.safetensors is missing");

        Path noCompile = dir.resolve("no-compile.nabla");
        rewrite(good, noCompile, e -> e.remove("compile.json"));
        assertFails(noCompile, () -> Model.load(noCompile), "compile.json is missing");
        assertNull(Model.load(noCompile, false).optimizer());
        assertNotNull(k);
    }

    @Test
    void damagedOptimizerStateIsRejectedWithTheFileAndTheProblem() throws IOException {
        Path good = trainedFile(new Adam(0.01));
        String k = firstKernel;

        Path missing = withState(good, "missing-slot", (t, m) -> t.remove(k + "/velocity"));
        assertFails(missing, () -> Model.load(missing), "optimizer.safetensors", "'" + k + "/velocity'", "missing");

        Path shape = withState(good, "wrong-shape", (t, m) -> t.put(k + "/momentum", Tensor.zeros(2, 2)));
        assertFails(shape, () -> Model.load(shape), "optimizer.safetensors", k + "/momentum", "shape", "[2, 2]",
                "[4, 6]");

        Path unknownSlot = withState(good, "unknown-slot", (t, m) -> t.put(k + "/accumulator",
                t.remove(k + "/momentum")));
        assertFails(unknownSlot, () -> Model.load(unknownSlot), "optimizer.safetensors", "'accumulator'",
                "not a slot of Adam");

        Path stranger = withState(good, "no-such-weight", (t, m) -> t.put("dense_9/kernel/momentum",
                t.remove(k + "/momentum")));
        assertFails(stranger, () -> Model.load(stranger), "optimizer.safetensors", "dense_9/kernel/momentum",
                "trainable weight");

        Path otherOptimizer = withState(good, "other-optimizer", (t, m) -> m.put("optimizer", "SGD"));
        assertFails(otherOptimizer, () -> Model.load(otherOptimizer), "optimizer.safetensors", "'SGD'", "Adam");

        Path iterations = withState(good, "iterations", (t, m) -> m.put("iterations", "many"));
        assertFails(iterations, () -> Model.load(iterations), "optimizer.safetensors", "iterations", "'many'");

        Path steps = withState(good, "steps", (t, m) -> m.put("steps/" + k, "1000"));
        assertFails(steps, () -> Model.load(steps), "optimizer.safetensors", "steps/" + k, "1000", "iterations");

        Path noSteps = withState(good, "no-steps", (t, m) -> m.remove("steps/" + k));
        assertFails(noSteps, () -> Model.load(noSteps), "optimizer.safetensors", k, "no step count");

        Path nan = withState(good, "nan", (t, m) -> {
            float[] v = t.get(k + "/velocity").toArray();
            v[5] = Float.NaN;
            t.put(k + "/velocity", Tensor.wrap(v, 4, 6));
        });
        assertFails(nan, () -> Model.load(nan), "optimizer.safetensors", k + "/velocity", "NaN", "index 5");

        Path lr = withState(good, "lr", (t, m) -> m.put("learning_rate", "-1"));
        assertFails(lr, () -> Model.load(lr), "optimizer.safetensors", "learning_rate", "-1");

        Path garbage = dir.resolve("garbage.nabla");
        rewrite(good, garbage, e -> e.put("optimizer.safetensors", new byte[] {1, 2, 3}));
        assertFails(garbage, () -> Model.load(garbage), "optimizer.safetensors", "not a safetensors file");

        // Every damaged file still gives its weights without compile.
        assertNotNull(Model.load(missing, false));
    }

    @Test
    void sgdWithoutMomentumHasNoSlotsButMomentumNeedsThem() throws IOException {
        Path plain = trainedFile(new SGD(0.1));
        assertTrue(SafeTensors.read(entries(plain).get("optimizer.safetensors"), "x").tensors().isEmpty());
        assertEquals(2, Model.load(plain).optimizer().iterations());

        Path momentum = dir.resolve("momentum.nabla");
        Files.copy(trainedFile(new SGD(0.1).momentum(0.9)), momentum);
        String k = firstKernel;
        Path missing = withState(momentum, "sgd-missing", (t, m) -> t.remove(k + "/momentum"));
        assertFails(missing, () -> Model.load(missing), "'" + k + "/momentum' is missing");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertFails(Path file, org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), "should name the file: " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), "should mention '" + part + "': " + message);
        }
    }

    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** Copies a .nabla file with its entries changed by {@code change}. */
    private static void rewrite(Path from, Path to, java.util.function.Consumer<Map<String, byte[]>> change)
            throws IOException {
        Map<String, byte[]> entries = entries(from);
        change.accept(entries);
        try (OutputStream out = Files.newOutputStream(to); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}

package dev.nabla.medical.drug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.nabla.autograd.Grad;
import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Tensor;

/**
 * A MolGAN: a {@link GraphGenerator}, its {@link GraphDiscriminator} and a reward network of the same
 * architecture that predicts whether a generated graph decodes to a valid, not-yet-seen molecule
 * (De Cao &amp; Kipf 2018 train theirs on RDKit scores; here the target is CDK validity divided by the
 * number of copies of the molecule in the batch, which penalises collapse). Saved as a safetensors
 * file whose metadata is the {@link MolGanConfig}.
 */
public final class MolGan {
    private final MolGanConfig config;
    private final GraphGenerator generator;
    private final GraphDiscriminator discriminator;
    private final GraphDiscriminator reward;
    private double atomTemperature = 1.0;
    private double bondTemperature = 1.0;
    private Decoding decoding = Decoding.PLAIN;

    /** Metadata keys of the sampling temperatures in a saved model. */
    static final String ATOM_TEMPERATURE = "atomTemperature";
    static final String BOND_TEMPERATURE = "bondTemperature";
    /** Metadata key of the model's default decoding ({@link #decoding()}). */
    static final String DECODING = "decoding";

    /** Fresh networks for {@code config}, seeded from {@code config.seed()}. */
    public MolGan(MolGanConfig config) {
        this.config = config;
        long s = config.seed();
        generator = config.generator().equals("baseline")
                ? new BaselineGenerator(config.spec(), config.noiseDim(), s * 7919 + 1)
                : new MolGanGenerator(config.spec(), config.noiseDim(), new int[] {128, 256, 512}, s * 7919 + 1);
        discriminator = new GraphDiscriminator("discriminator", config.spec(), new int[] {64, 32}, 128, new int[] {128, 64},
                config.minibatchStd(), s * 7919 + 2);
        reward = new GraphDiscriminator("reward", config.spec(), new int[] {64, 32}, 128, new int[] {128, 64}, false, s * 7919 + 3);
    }

    /** The settings. */
    public MolGanConfig config() {
        return config;
    }

    /**
     * The decoding this model samples with by default: the one it was selected with in training
     * ({@link Decoding#PLAIN} unless chosen otherwise); saved with the model. Callers may pass any
     * decoding to {@link #sample(int, double, double, long, Decoding)}.
     */
    public Decoding decoding() {
        return decoding;
    }

    /** Sets {@link #decoding()}. */
    public void setDecoding(Decoding d) {
        decoding = java.util.Objects.requireNonNull(d, "decoding");
    }

    /** The atom sampling temperature chosen with the generator at model selection (1 when none was made); saved with the model. */
    public double atomTemperature() {
        return atomTemperature;
    }

    /** The bond sampling temperature chosen with the generator at model selection (1 when none was made); saved with the model. */
    public double bondTemperature() {
        return bondTemperature;
    }

    /** Sets {@link #atomTemperature()} and {@link #bondTemperature()}. */
    public void setSamplingTemperatures(double atoms, double bonds) {
        if (!(atoms >= 0) || !(bonds >= 0)) {
            throw new IllegalArgumentException("sampling temperatures must be ≥ 0, got " + atoms + " and " + bonds);
        }
        atomTemperature = atoms;
        bondTemperature = bonds;
    }

    /** The generator. */
    public GraphGenerator generator() {
        return generator;
    }

    /** The discriminator. */
    public GraphDiscriminator discriminator() {
        return discriminator;
    }

    /** The reward network. */
    public GraphDiscriminator reward() {
        return reward;
    }

    /**
     * Draws {@code n} graphs: {@code z ~ N(0, I)}, then per slot and pair the type
     * {@code argmax(ℓ / T + g)} with Gumbel noise g — a sample from {@code softmax(ℓ / T)}; temperature
     * 0 takes {@code argmax ℓ}. Seeded.
     */
    public List<MolecularGraph> sample(int n, double temperature, long seed) {
        return sample(n, temperature, temperature, seed);
    }

    /**
     * As {@link #sample(int, double, long)} with one temperature for the atom types and another for the
     * bond types (validity depends mostly on the bonds, diversity also on the atoms).
     */
    public List<MolecularGraph> sample(int n, double atomTemperature, double bondTemperature, long seed) {
        return sample(n, atomTemperature, bondTemperature, seed, Decoding.PLAIN);
    }

    /**
     * As {@link #sample(int, double, double, long)}, the same draws decoded by {@code decoding} — an
     * explicit sampling-time option (see {@link Decoding}). Same seed, same noise: a graph the plain
     * sampler draws within valence is drawn identically with the mask, and a connected one identically
     * with {@link Decoding#CONNECTED}.
     */
    public List<MolecularGraph> sample(int n, double atomTemperature, double bondTemperature, long seed, Decoding decoding) {
        if (n < 0 || !(atomTemperature >= 0) || !(bondTemperature >= 0)) {
            throw new IllegalArgumentException("sample: n and the temperatures must be ≥ 0, got " + n + ", "
                    + atomTemperature + " and " + bondTemperature);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<MolecularGraph> out = new ArrayList<>(n);
        generator.setTraining(false);
        try (var off = Grad.off()) {
            for (int start = 0; start < n; start += 256) {
                int b = Math.min(256, n - start);
                GraphLogits l = generator.logits(Tensor.randn(rng, b, generator.noiseDim()));
                GraphBatch scores = l.sampleScores(rng, atomTemperature, bondTemperature);
                out.addAll(decoding.toGraphs(scores, config.spec()));
            }
        }
        return out;
    }

    /** Every weight of the three networks by name. */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        generator.namedWeights().forEach((k, v) -> m.put("generator/" + k, v));
        m.putAll(discriminator.namedWeights());
        m.putAll(reward.namedWeights());
        return m;
    }

    /** Writes the weights and the config to {@code file} (a temporary file renamed into place). */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            Map<String, String> meta = new LinkedHashMap<>(config.toMap());
            meta.put(ATOM_TEMPERATURE, Double.toString(atomTemperature));
            meta.put(BOND_TEMPERATURE, Double.toString(bondTemperature));
            meta.put(DECODING, decoding.label());
            SafeTensors.write(namedWeights(), meta, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @throws IOException naming the file when a weight is missing or has another shape
     */
    public static MolGan load(Path file) throws IOException {
        SafeTensors.Content c = SafeTensors.read(Files.readAllBytes(file), file.toString());
        MolGan gan = new MolGan(MolGanConfig.fromMap(c.metadata()));
        String ta = c.metadata().getOrDefault(ATOM_TEMPERATURE, "1");
        String tb = c.metadata().getOrDefault(BOND_TEMPERATURE, "1");
        try {
            gan.setSamplingTemperatures(Double.parseDouble(ta), Double.parseDouble(tb));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": metadata " + ATOM_TEMPERATURE + "/" + BOND_TEMPERATURE
                    + " are not temperatures ≥ 0: '" + ta + "', '" + tb + "'", e);
        }
        try {
            gan.setDecoding(Decoding.of(c.metadata().getOrDefault(DECODING, Decoding.PLAIN.label())));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": metadata " + DECODING + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, Tensor> e : gan.namedWeights().entrySet()) {
            Tensor src = c.tensors().get(e.getKey());
            if (src == null || !java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IOException(file + ": weight '" + e.getKey() + "' missing or of another shape (expected "
                        + java.util.Arrays.toString(e.getValue().shape()) + ")");
            }
            float[] dst = e.getValue().storage();
            float[] v = src.toArray();
            System.arraycopy(v, 0, dst, e.getValue().offset(), v.length);
        }
        return gan;
    }
}

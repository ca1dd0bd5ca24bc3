package dev.nabla.medical.provenance;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a trained model came from: the data sets (SHA-256 of their files or contents), the code version
 * (git commit when the code runs from a checkout), the hyper-parameters, the seed, the metrics and the
 * intended use. {@link #toMetadata()} gives the map that {@code Model.save(path, metadata)} stores in the
 * {@code .nabla} file's {@code metadata.json}; {@link #fromMetadata} reads it back; {@link ModelCard} renders it.
 * Mutable and fluent; keys keep insertion order.
 */
public final class Provenance {
    private final String modelName;
    private final Map<String, String> datasets = new LinkedHashMap<>();
    private final Map<String, Object> hyperParameters = new LinkedHashMap<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private String codeVersion = "unknown";
    private Long seed;
    private String intendedUse = "";
    private String limitations = "";

    /** Provenance of a model called {@code modelName}. */
    public Provenance(String modelName) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
    }

    /** Records a data set by the SHA-256 of a file. */
    public Provenance dataset(String name, Path file) throws IOException {
        datasets.put(name, sha256(file));
        return this;
    }

    /** Records a data set by the SHA-256 of its contents (see {@link #sha256(Dataset)}). */
    public Provenance dataset(String name, Dataset data) {
        datasets.put(name, sha256(data));
        return this;
    }

    /** Records a data set by a hash computed elsewhere. */
    public Provenance datasetHash(String name, String sha256) {
        datasets.put(name, sha256);
        return this;
    }

    /** The code version: a git commit, a release, … (default: {@link #gitCommit} of the working directory). */
    public Provenance codeVersion(String version) {
        this.codeVersion = version;
        return this;
    }

    /** Adds a hyper-parameter. */
    public Provenance hyperParameter(String name, Object value) {
        hyperParameters.put(name, value);
        return this;
    }

    /** The training seed. */
    public Provenance seed(long value) {
        this.seed = value;
        return this;
    }

    /** Adds a metric (e.g. {@code test_accuracy}). */
    public Provenance metric(String name, double value) {
        metrics.put(name, value);
        return this;
    }

    /** What the model is for, and for whom. */
    public Provenance intendedUse(String text) {
        this.intendedUse = text;
        return this;
    }

    /** Known limitations and uses it is not for. */
    public Provenance limitations(String text) {
        this.limitations = text;
        return this;
    }

    public String modelName() {
        return modelName;
    }

    public Map<String, String> datasets() {
        return Map.copyOf(datasets);
    }

    public Map<String, Object> hyperParameters() {
        return new LinkedHashMap<>(hyperParameters);
    }

    public Map<String, Double> metrics() {
        return new LinkedHashMap<>(metrics);
    }

    public String codeVersion() {
        return codeVersion;
    }

    public Long seed() {
        return seed;
    }

    public String intendedUse() {
        return intendedUse;
    }

    public String limitations() {
        return limitations;
    }

    /** The map stored under {@code "provenance"} in {@code metadata.json}. */
    public Map<String, Object> toMetadata() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("model_name", modelName);
        p.put("code_version", codeVersion);
        p.put("datasets_sha256", new LinkedHashMap<>(datasets));
        p.put("hyper_parameters", new LinkedHashMap<>(hyperParameters));
        if (seed != null) {
            p.put("seed", seed);
        }
        p.put("metrics", new LinkedHashMap<>(metrics));
        p.put("intended_use", intendedUse);
        p.put("limitations", limitations);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provenance", p);
        return out;
    }

    /** Reads back what {@link #toMetadata()} wrote (from {@code ModelFile.metadata(path)}). */
    @SuppressWarnings("unchecked")
    public static Provenance fromMetadata(Map<String, Object> metadata) {
        Object raw = metadata.get("provenance");
        if (!(raw instanceof Map)) {
            throw new IllegalArgumentException("metadata has no \"provenance\" object (model saved without provenance)");
        }
        Map<String, Object> p = (Map<String, Object>) raw;
        Provenance out = new Provenance(String.valueOf(p.get("model_name")));
        out.codeVersion(String.valueOf(p.getOrDefault("code_version", "unknown")));
        ((Map<String, Object>) p.getOrDefault("datasets_sha256", Map.of())).forEach((k, v) -> out.datasetHash(k, String.valueOf(v)));
        ((Map<String, Object>) p.getOrDefault("hyper_parameters", Map.of())).forEach(out::hyperParameter);
        ((Map<String, Object>) p.getOrDefault("metrics", Map.of())).forEach((k, v) -> out.metric(k, ((Number) v).doubleValue()));
        if (p.get("seed") instanceof Number) {
            out.seed(((Number) p.get("seed")).longValue());
        }
        out.intendedUse(String.valueOf(p.getOrDefault("intended_use", "")));
        out.limitations(String.valueOf(p.getOrDefault("limitations", "")));
        return out;
    }

    // ------------------------------------------------------------------ hashing and versions

    /** SHA-256 of a file's bytes, hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /**
     * SHA-256 of a data set's contents: for inputs then targets, the shape (int32 little-endian) and the float32
     * values (little-endian), so equal data gives equal hashes whatever its storage layout.
     */
    public static String sha256(Dataset data) {
        MessageDigest d = digest();
        for (Tensor t : List.of(data.x(), data.y())) {
            ByteBuffer shape = ByteBuffer.allocate(4 * t.rank()).order(ByteOrder.LITTLE_ENDIAN);
            for (int s : t.shape()) {
                shape.putInt(s);
            }
            d.update(shape.array());
            float[] v = t.contiguous().toArray();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            d.update(b.array());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /**
     * The commit checked out in the git repository containing {@code start} (walking up; worktrees and packed
     * refs handled), with {@code -dirty} never claimed (the working tree is not inspected); {@code "unknown"}
     * outside a repository.
     */
    public static String gitCommit(Path start) {
        try {
            for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path git = dir.resolve(".git");
                if (Files.isDirectory(git)) {
                    return resolveHead(git, git);
                }
                if (Files.isRegularFile(git)) {
                    String line = Files.readString(git, StandardCharsets.UTF_8).strip();
                    if (line.startsWith("gitdir:")) {
                        Path gitDir = dir.resolve(line.substring(7).strip()).normalize();
                        Path common = gitDir;
                        Path commonFile = gitDir.resolve("commondir");
                        if (Files.isRegularFile(commonFile)) {
                            common = gitDir.resolve(Files.readString(commonFile).strip()).normalize();
                        }
                        return resolveHead(gitDir, common);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String resolveHead(Path gitDir, Path common) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
        if (!head.startsWith("ref:")) {
            return head;
        }
        String ref = head.substring(4).strip();
        for (Path base : List.of(gitDir, common)) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Files.readString(loose, StandardCharsets.UTF_8).strip();
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref)) {
                    return line.substring(0, line.indexOf(' '));
                }
            }
        }
        return "unknown";
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.nabla.medical.drug;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A prepared molecule data set for one {@link GraphSpec}: canonical, unique SMILES split into train,
 * validation and test by a seeded shuffle, stored as {@code train.smi}, {@code valid.smi},
 * {@code test.smi} plus a {@code dataset.md} that records the sources with their SHA-256, every
 * rejection count and the SHA-256 and size of each split. {@link #sha256()} — the hash of
 * {@code train.smi} — identifies the data set in every later report.
 *
 * @param directory where the files are
 * @param spec      the graph setting
 * @param train     training SMILES
 * @param valid     validation SMILES
 * @param test      test SMILES
 */
public record MoleculeDataset(Path directory, GraphSpec spec, List<String> train, List<String> valid, List<String> test) {
    /** Name of the split files. */
    public static final String TRAIN = "train.smi", VALID = "valid.smi", TEST = "test.smi", MANIFEST = "dataset.md";

    /**
     * Reads the {@code rdkit-data} sources in {@code sources} leniently, curates them for {@code spec},
     * splits {@code 1 − validFraction − testFraction : validFraction : testFraction} after a shuffle with
     * {@code seed}, and writes the files under {@code out}.
     */
    public static MoleculeDataset prepare(Path sources, GraphSpec spec, Path out, long seed, double validFraction,
            double testFraction) throws IOException {
        if (validFraction < 0 || testFraction < 0 || validFraction + testFraction >= 1) {
            throw new IllegalArgumentException("prepare: fractions must be ≥ 0 with valid + test < 1, got "
                    + validFraction + " and " + testFraction);
        }
        List<MoleculeRecord> records = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("# Molecule data set `").append(spec.name()).append("`\n\n");
        md.append("Setting: at most ").append(spec.maxAtoms()).append(" heavy atoms of ").append(spec.elements())
                .append(", neutral, largest fragment, canonical SMILES (CDK), de-duplicated, split seed ").append(seed).append(".\n\n");
        md.append("| source | sha256 | records | parsed | rejected by the reader |\n|---|---|---|---|---|\n");
        for (String name : DrugData.SOURCES) {
            Path f = sources.resolve(name);
            MoleculeReader.Result r = MoleculeReader.lenient().read(f);
            records.addAll(r.molecules());
            md.append("| ").append(name).append(" | `").append(DrugData.sha256(f)).append("` | ").append(r.total())
                    .append(" | ").append(r.molecules().size()).append(" | ").append(r.rejected().size()).append(" |\n");
        }
        MoleculeCuration.Result c = MoleculeCuration.curate(records, spec);
        md.append("\n| curation | molecules |\n|---|---|\n| parsed records | ").append(c.input()).append(" |\n");
        for (Map.Entry<String, Integer> e : c.rejected().entrySet()) {
            md.append("| left out: ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        md.append("| **kept (unique)** | **").append(c.smiles().size()).append("** |\n");
        List<String> all = new ArrayList<>(c.smiles());
        Collections.shuffle(all, new Random(seed));
        int nValid = (int) Math.round(all.size() * validFraction);
        int nTest = (int) Math.round(all.size() * testFraction);
        int nTrain = all.size() - nValid - nTest;
        var ds = new MoleculeDataset(out, spec, List.copyOf(all.subList(0, nTrain)),
                List.copyOf(all.subList(nTrain, nTrain + nValid)), List.copyOf(all.subList(nTrain + nValid, all.size())));
        Files.createDirectories(out);
        writeLines(out.resolve(TRAIN), ds.train);
        writeLines(out.resolve(VALID), ds.valid);
        writeLines(out.resolve(TEST), ds.test);
        md.append("\n| split | molecules | sha256 |\n|---|---|---|\n");
        for (String s : List.of(TRAIN, VALID, TEST)) {
            md.append("| ").append(s).append(" | ").append(Files.readAllLines(out.resolve(s)).size()).append(" | `")
                    .append(DrugData.sha256(out.resolve(s))).append("` |\n");
        }
        Path tmp = out.resolve(MANIFEST + ".tmp");
        Files.writeString(tmp, md.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, out.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return ds;
    }

    /**
     * Loads a prepared data set.
     *
     * @throws IOException naming the folder and the {@code ./nabla drug prepare} command when a split is missing
     */
    public static MoleculeDataset load(Path dir, GraphSpec spec) throws IOException {
        for (String s : List.of(TRAIN, VALID, TEST)) {
            if (!Files.isRegularFile(dir.resolve(s))) {
                throw new IOException("no prepared data set in " + dir + ": " + s + " missing; run ./nabla drug prepare");
            }
        }
        return new MoleculeDataset(dir, spec, read(dir.resolve(TRAIN)), read(dir.resolve(VALID)), read(dir.resolve(TEST)));
    }

    /** SHA-256 of {@code train.smi}. */
    public String sha256() {
        return DrugData.sha256(directory.resolve(TRAIN));
    }

    /** One-line identity for reports: setting, sizes and hash. */
    public String describe() {
        return spec.name() + ": " + train.size() + " train / " + valid.size() + " valid / " + test.size()
                + " test molecules, train.smi sha256 " + sha256();
    }

    /** Sizes of the splits, for reports. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("train", train.size());
        m.put("valid", valid.size());
        m.put("test", test.size());
        return m;
    }

    private static List<String> read(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return List.copyOf(out);
    }

    static void writeLines(Path f, List<String> lines) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

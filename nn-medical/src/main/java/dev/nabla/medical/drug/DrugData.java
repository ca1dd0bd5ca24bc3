package dev.nabla.medical.drug;

import dev.nabla.medical.provenance.Provenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the molecule files live: {@code $NABLA_DATA/molecules} when {@code NABLA_DATA} is set, else
 * {@code ~/.cache/nabla/molecules} (what {@code scripts/fetch-data.sh molecules} fills), and the SHA-256
 * helper used to record a data set's identity in every report.
 */
public final class DrugData {
    /** The three source files of the Debian {@code rdkit-data} package used here. */
    public static final String[] SOURCES = {"first_5K.smi", "wehi_mols.csv", "first_200.props.sdf"};

    private DrugData() {
    }

    /**
     * The molecules folder.
     *
     * @throws IllegalStateException naming the fetch command when the files are not there
     */
    public static Path moleculesDirectory() {
        String env = System.getenv("NABLA_DATA");
        Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "nabla");
        Path dir = root.resolve("molecules");
        for (String s : SOURCES) {
            if (!Files.isRegularFile(dir.resolve(s))) {
                throw new IllegalStateException("molecule data missing: " + dir.resolve(s)
                        + " not found; run scripts/fetch-data.sh molecules (or set NABLA_DATA)");
            }
        }
        return dir;
    }

    /** Hex SHA-256 of a file's bytes ({@link Provenance#sha256(Path)}, with I/O errors unchecked). */
    public static String sha256(Path file) {
        try {
            return Provenance.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

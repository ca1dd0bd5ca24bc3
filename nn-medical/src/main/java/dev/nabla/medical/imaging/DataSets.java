package dev.nabla.medical.imaging;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the fetched imaging data sets live: {@code $NABLA_DATA/<name>}, else {@code ~/.cache/nabla/<name>}, as
 * filled by {@code scripts/fetch-data.sh <name>} (brain-mri, head-ct, dicom).
 */
public final class DataSets {
    private DataSets() {
    }

    /** The cache root: {@code $NABLA_DATA}, else {@code ~/.cache/nabla}. */
    public static Path root() {
        String env = System.getenv("NABLA_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "nabla");
    }

    /**
     * {@code root()/name/file} (file may be empty for the folder); throws an {@link IllegalStateException}
     * naming the fetch command when it is missing.
     */
    public static Path require(String name, String file) {
        Path p = file == null || file.isEmpty() ? root().resolve(name) : root().resolve(name).resolve(file);
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing; fetch it with: scripts/fetch-data.sh " + name);
        }
        return p;
    }
}

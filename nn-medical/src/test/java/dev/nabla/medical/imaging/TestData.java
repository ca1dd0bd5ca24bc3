package dev.nabla.medical.imaging;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Locates a fetched data set for a test; fails (does not skip) with the fetch command when it is missing. */
final class TestData {
    private TestData() {
    }

    static Path file(String set, String name) {
        Path p = DataSets.root().resolve(set).resolve(name);
        if (!Files.exists(p)) {
            fail(p + " is missing — run: scripts/fetch-data.sh " + set);
        }
        return p;
    }
}

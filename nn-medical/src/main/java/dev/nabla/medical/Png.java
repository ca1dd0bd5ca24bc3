package dev.nabla.medical;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes PNG files atomically: to a temporary file beside the target, then a rename. */
public final class Png {
    private Png() {
    }

    /**
     * Writes {@code image} to {@code path} (parent folders are created).
     *
     * @throws IOException when the file cannot be written
     */
    public static Path write(BufferedImage image, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available for " + path);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return path;
    }
}

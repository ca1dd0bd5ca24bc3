package dev.nabla.data;

import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST and Fashion-MNIST from the folder {@code scripts/fetch-data.sh} fills: images
 * {@code (n, 1, 28, 28)} in [0, 1], one-hot labels {@code (n, 10)}.
 */
public final class Mnist {
    private Mnist() {
    }

    /** The data cache: {@code $NABLA_DATA}, else {@code ~/.cache/nabla}. */
    public static Path cacheDir() {
        String env = System.getenv("NABLA_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "nabla");
    }

    /** The 60,000 training images of the set in {@code dir}. */
    public static Dataset train(Path dir) throws IOException {
        return load(dir, "train");
    }

    /** The 10,000 test images of the set in {@code dir}. */
    public static Dataset test(Path dir) throws IOException {
        return load(dir, "t10k");
    }

    private static Dataset load(Path dir, String prefix) throws IOException {
        Path images = dir.resolve(prefix + "-images-idx3-ubyte");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte");
        if (!Files.exists(images) || !Files.exists(labels)) {
            throw new IOException("MNIST files not found in " + dir + "; fetch them with scripts/fetch-data.sh mnist "
                    + "(or fashion-mnist)");
        }
        Tensor x = Idx.readImages(images);
        return Dataset.of(x, Dataset.oneHot(Idx.readLabels(labels), 10));
    }
}

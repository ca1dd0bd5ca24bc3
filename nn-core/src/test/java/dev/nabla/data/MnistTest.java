package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MnistTest {
    @TempDir
    Path dir;

    @Test
    void oneHotPutsAOneInEachLabelsColumn() {
        Tensor y = Dataset.oneHot(new int[] {3, 0, 2}, 4);
        assertArrayEquals(new int[] {3, 4}, y.shape());
        assertArrayEquals(new float[] {
                0, 0, 0, 1,
                1, 0, 0, 0,
                0, 0, 1, 0}, y.toArray());
        assertArrayEquals(new int[] {0, 10}, Dataset.oneHot(new int[0], 10).shape());
    }

    @Test
    void oneHotRejectsLabelsOutsideTheClassesNamingLabelAndPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.oneHot(new int[] {1, 10}, 10));
        assertTrue(e.getMessage().contains("label 10") && e.getMessage().contains("at 1")
                && e.getMessage().contains("[0, 10)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.oneHot(new int[] {-1}, 10));
    }

    @Test
    void missingFilesSayWhereAndHowToFetchThem() throws IOException {
        IOException e = assertThrows(IOException.class, () -> Mnist.train(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("scripts/fetch-data.sh mnist"),
                e.getMessage());
        // Images present, labels missing: still the clear message.
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[0]);
        e = assertThrows(IOException.class, () -> Mnist.test(dir));
        assertTrue(e.getMessage().contains("fetch-data.sh"), e.getMessage());
    }

    @Test
    void loadsASmallSetInTheMnistLayout() throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("train-images-idx3-ubyte")))) {
            out.writeInt(0x803);
            out.writeInt(3);
            out.writeInt(2);
            out.writeInt(2);
            for (int i = 0; i < 12; i++) {
                out.writeByte(i * 20);
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("train-labels-idx1-ubyte")))) {
            out.writeInt(0x801);
            out.writeInt(3);
            out.write(new byte[] {9, 0, 4});
        }
        Dataset d = Mnist.train(dir);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {3, 1, 2, 2}, d.x().shape());
        assertEquals(220 / 255f, d.x().get(2, 0, 1, 1));
        assertArrayEquals(new int[] {3, 10}, d.y().shape());
        assertEquals(1f, d.y().get(0, 9));
        assertEquals(1f, d.y().get(1, 0));
        assertEquals(1f, d.y().get(2, 4));
        assertEquals(3f, d.y().sum().item());
    }

    @Test
    void cacheDirIsTheEnvironmentVariableOrTheHomeCache() {
        String env = System.getenv("NABLA_DATA");
        Path expected = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "nabla");
        assertEquals(expected, Mnist.cacheDir());
    }

    /** The real data, when scripts/fetch-data.sh mnist has fetched it. */
    @Test
    void readsTheRealMnistWhenPresent() throws IOException {
        Path mnist = Mnist.cacheDir().resolve("mnist");
        assumeTrue(Files.exists(mnist.resolve("train-images-idx3-ubyte"))
                        && Files.exists(mnist.resolve("train-labels-idx1-ubyte")),
                "MNIST not found in " + mnist + "; run scripts/fetch-data.sh mnist to include this test");
        Dataset train = Mnist.train(mnist);
        assertEquals(60000, train.size());
        assertArrayEquals(new int[] {60000, 1, 28, 28}, train.x().shape());
        assertArrayEquals(new int[] {60000, 10}, train.y().shape());
        // Known facts of MNIST: the first training digit is a 5, the second a 0, the third a 4.
        int[] labels = Idx.readLabels(mnist.resolve("train-labels-idx1-ubyte"));
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(labels, 5));
        assertEquals(1f, train.y().get(0, 5));
        assertEquals(1f, train.y().slice(0, 0, 1).sum().item());
        float[] first = train.x().slice(0, 0, 1).toArray();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : first) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertEquals(60000f, train.y().sum().item());
        if (Files.exists(mnist.resolve("t10k-labels-idx1-ubyte"))) {
            // The first test digit is a 7.
            assertEquals(7, Idx.readLabels(mnist.resolve("t10k-labels-idx1-ubyte"))[0]);
        }
    }
}

package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {
    @TempDir
    Path dir;

    /** An IDX file: big-endian magic {@code 0x0000 08 rank}, the dims, then the bytes. */
    private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(content);
            }
        } else {
            Files.write(file, content);
        }
        return file;
    }

    /** Two 2×3 images with pixel values 0, 1, 2, …, 250, 255 spread over them. */
    private static byte[] pixels() {
        int[] v = {0, 1, 2, 127, 128, 254, 255, 3, 50, 100, 200, 250};
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static void assertImages(Tensor t) {
        assertArrayEquals(new int[] {2, 1, 2, 3}, t.shape());
        float[] values = t.toArray();
        byte[] raw = pixels();
        for (int i = 0; i < raw.length; i++) {
            assertEquals((raw[i] & 0xff) / 255f, values[i], 0f, "pixel " + i);
        }
        assertEquals(1f, values[6]);
        assertEquals(0f, values[0]);
        assertEquals(128 / 255f, values[4]);
    }

    @Test
    void readsPlainImageFilesScaledToUnitRange() throws IOException {
        Path file = write("imgs-idx3-ubyte", idx(0x00000803, new int[] {2, 2, 3}, pixels()));
        assertImages(Idx.readImages(file));
    }

    @Test
    void readsGzippedFilesByTheirSuffix() throws IOException {
        Path images = write("imgs-idx3-ubyte.gz", idx(0x00000803, new int[] {2, 2, 3}, pixels()));
        assertImages(Idx.readImages(images));
        Path labels = write("labels-idx1-ubyte.gz", idx(0x00000801, new int[] {4}, new byte[] {5, 0, 9, (byte) 255}));
        assertArrayEquals(new int[] {5, 0, 9, 255}, Idx.readLabels(labels));
    }

    @Test
    void readsLabelsAsUnsignedInts() throws IOException {
        Path file = write("labels-idx1-ubyte", idx(0x00000801, new int[] {5}, new byte[] {7, 2, 1, 0, (byte) 200}));
        assertArrayEquals(new int[] {7, 2, 1, 0, 200}, Idx.readLabels(file));
    }

    @Test
    void readsAnEmptySet() throws IOException {
        Path file = write("none-idx3-ubyte", idx(0x00000803, new int[] {0, 28, 28}, new byte[0]));
        assertArrayEquals(new int[] {0, 1, 28, 28}, Idx.readImages(file).shape());
    }

    @Test
    void truncatedFilesFailNamingTheFile() throws IOException {
        byte[] full = idx(0x00000803, new int[] {2, 2, 3}, pixels());
        Path data = write("short-idx3-ubyte", Arrays.copyOf(full, full.length - 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(data));
        assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        Path header = write("header-idx3-ubyte", Arrays.copyOf(full, 6));
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(header));
        assertTrue(e.getMessage().contains(header.toString()), e.getMessage());

        Path empty = write("empty-idx1-ubyte", new byte[0]);
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(empty));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());

        Path gz = write("short-idx1-ubyte.gz", idx(0x00000801, new int[] {10}, new byte[3]));
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(gz));
        assertTrue(e.getMessage().contains(gz.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicFailsNamingTheFile() throws IOException {
        // Type 0x0D (float) instead of 0x08 (unsigned byte).
        Path floats = write("floats-idx3-ubyte", idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(floats));
        assertTrue(e.getMessage().contains(floats.toString()) && e.getMessage().contains("d03"), e.getMessage());
        // Non-zero leading bytes (e.g. a PNG or a little-endian writer).
        Path png = write("png-idx3-ubyte", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(png));
        assertTrue(e.getMessage().contains(png.toString()), e.getMessage());
        Path swapped = write("le-idx1-ubyte", new byte[] {1, 8, 0, 0, 1, 0, 0, 0, 3});
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(swapped));
        assertTrue(e.getMessage().contains(swapped.toString()), e.getMessage());
    }

    @Test
    void wrongRankFailsNamingTheFileAndBothRanks() throws IOException {
        Path labels = write("labels-idx1-ubyte", idx(0x00000801, new int[] {3}, new byte[3]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(labels));
        assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains("rank 1")
                && e.getMessage().contains("expected 3"), e.getMessage());
        Path images = write("images-idx3-ubyte", idx(0x00000803, new int[] {1, 1, 1}, new byte[1]));
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(images));
        assertTrue(e.getMessage().contains(images.toString()) && e.getMessage().contains("rank 3"), e.getMessage());
    }

    @Test
    void negativeDimensionsAreRejected() throws IOException {
        Path file = write("neg-idx1-ubyte", idx(0x00000801, new int[] {-1}, new byte[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.readLabels(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("-1"), e.getMessage());
    }
}

package dev.nabla.data;

import dev.nabla.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (plain or gzip): a big-endian header
 * {@code 0x00 0x00 type rank}, then {@code rank} int32 sizes, then the unsigned bytes.
 * Only type {@code 0x08} (unsigned byte) occurs in those sets and is supported.
 */
public final class Idx {
    private Idx() {
    }

    /** Images as {@code (n, 1, rows, cols)} floats scaled to [0, 1]. */
    public static Tensor readImages(Path file) throws IOException {
        Parsed p = read(file, 3);
        int n = p.dims[0];
        int rows = p.dims[1];
        int cols = p.dims[2];
        float[] values = new float[p.bytes.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (p.bytes[i] & 0xff) / 255f;
        }
        return Tensor.wrap(values, n, 1, rows, cols);
    }

    /** Labels as ints. */
    public static int[] readLabels(Path file) throws IOException {
        Parsed p = read(file, 1);
        int[] labels = new int[p.bytes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = p.bytes[i] & 0xff;
        }
        return labels;
    }

    private record Parsed(int[] dims, byte[] bytes) {
    }

    private static Parsed read(Path file, int expectedRank) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw)) {
            int magic = in.readInt();
            int type = (magic >> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || type != 0x08) {
                throw new IllegalArgumentException(file + ": not an unsigned-byte IDX file (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            if (rank != expectedRank) {
                throw new IllegalArgumentException(file + ": IDX rank " + rank + ", expected " + expectedRank
                        + (expectedRank == 3 ? " (images)" : " (labels)"));
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new IllegalArgumentException(file + ": negative IDX dimension " + dims[i]);
                }
                count *= dims[i];
                if (count > Integer.MAX_VALUE - 8) { // checked per axis, so the product cannot overflow
                    throw new IllegalArgumentException(file + ": IDX dimensions " + Arrays.toString(
                            Arrays.copyOf(dims, i + 1)) + " announce more than 2 GiB of data");
                }
            }
            long available = Files.size(file) - 4L - 4L * rank;
            if (!file.toString().endsWith(".gz") && count != available) {
                throw new IllegalArgumentException(file + ": the header announces " + count + " bytes of data but the file "
                        + "holds " + available + (count > available ? " (truncated)" : ""));
            }
            if (!file.toString().endsWith(".gz")) {
                byte[] bytes = new byte[(int) count];
                in.readFully(bytes);
                return new Parsed(dims, bytes);
            }
            // gzip: the header's size is not backed by the file's, so grow with what actually inflates.
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(count, 1 << 20));
            byte[] chunk = new byte[1 << 16];
            long left = count;
            while (left > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new IllegalArgumentException(file + ": the header announces " + count + " bytes of data but "
                            + "only " + (count - left) + " inflate (truncated)");
                }
                out.write(chunk, 0, n);
                left -= n;
            }
            return new Parsed(dims, out.toByteArray());
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": truncated IDX file", e);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }
}

package dev.nabla.medical.imaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link Volume} as a single-file NIfTI-1 image, little-endian, {@code vox_offset} 352, the geometry
 * as an sform ({@code sform_code} 1, scanner-anatomical) with {@code pixdim} = spacing, no scaling. A name
 * ending in {@code .gz} is gzip-compressed. The file is written to a temporary sibling and renamed, so a crash
 * never leaves half a file.
 */
public final class NiftiWriter {
    /** The stored voxel type. */
    public enum DataType {
        /** 32-bit float (NIfTI datatype 16): exact for any volume. */
        FLOAT32(16, 32),
        /** Signed 16-bit (4): values rounded and clamped to −32768..32767 (CT in HU, label maps). */
        INT16(4, 16),
        /** Unsigned 8-bit (2): values rounded and clamped to 0..255 (masks, small label maps). */
        UINT8(2, 8);

        final int code;
        final int bits;

        DataType(int code, int bits) {
            this.code = code;
            this.bits = bits;
        }
    }

    private NiftiWriter() {
    }

    /** Writes {@code volume} as float32. */
    public static void write(Volume volume, Path file) throws IOException {
        write(volume, file, DataType.FLOAT32);
    }

    /** Writes {@code volume} with the given voxel type. */
    public static void write(Volume volume, Path file, DataType type) throws IOException {
        byte[] bytes = encode(volume, type);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) : Files.newOutputStream(tmp)) {
                out.write(bytes);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The uncompressed file contents: 348-byte header, 4 zero extension bytes, the voxels. */
    public static byte[] encode(Volume v, DataType type) {
        int n = v.size();
        ByteBuffer b = ByteBuffer.allocate(352 + n * (type.bits / 8)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        int[] dims = v.dims();
        b.putShort(40, (short) 3);
        for (int d = 0; d < 3; d++) {
            if (dims[d] > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NiftiWriter: dimension " + dims[d] + " exceeds NIfTI-1's 32767");
            }
            b.putShort(42 + 2 * d, (short) dims[d]);
        }
        for (int d = 4; d < 8; d++) {
            b.putShort(40 + 2 * d, (short) 1);
        }
        b.putShort(70, (short) type.code);
        b.putShort(72, (short) type.bits);
        double[] sp = v.spacing();
        b.putFloat(76, 1f);
        for (int d = 0; d < 3; d++) {
            b.putFloat(80 + 4 * d, (float) sp[d]);
        }
        b.putFloat(108, 352f);
        b.putFloat(112, 1f);
        b.putFloat(116, 0f);
        b.put(123, (byte) 2); // xyzt_units: mm
        byte[] descrip = "nabla".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < descrip.length; i++) {
            b.put(148 + i, descrip[i]);
        }
        b.putShort(252, (short) 0);
        b.putShort(254, (short) 1);
        double[][] a = v.affine();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, (float) a[r][c]);
            }
        }
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);
        b.position(352);
        float[] data = v.data();
        switch (type) {
            case FLOAT32:
                for (float x : data) {
                    b.putFloat(x);
                }
                break;
            case INT16:
                for (float x : data) {
                    b.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(x))));
                }
                break;
            case UINT8:
                for (float x : data) {
                    b.put((byte) Math.max(0, Math.min(255, Math.round(x))));
                }
                break;
            default:
                throw new IllegalStateException(type.toString());
        }
        return b.array();
    }
}

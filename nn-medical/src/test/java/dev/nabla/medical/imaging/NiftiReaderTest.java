package dev.nabla.medical.imaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NiftiReaderTest {
    @TempDir
    Path tmp;

    /**
     * A NIfTI-1 header written field by field from the standard's offsets (independent of NiftiWriter):
     * 2×3×2 voxels, pixdim (1.5, 2, 3), the given datatype, byte order, vox_offset, scaling and geometry codes.
     */
    private static ByteBuffer header(ByteOrder order, int datatype, int bitpix, int voxOffset, float slope, float inter,
                                     float qfac, int qformCode, int sformCode, int payload) {
        ByteBuffer b = ByteBuffer.allocate(voxOffset + payload).order(order);
        b.putInt(0, 348);
        short[] dim = {3, 2, 3, 2, 1, 1, 1, 1};
        for (int d = 0; d < 8; d++) {
            b.putShort(40 + 2 * d, dim[d]);
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) bitpix);
        float[] pixdim = {qfac, 1.5f, 2f, 3f, 0, 0, 0, 0};
        for (int d = 0; d < 8; d++) {
            b.putFloat(76 + 4 * d, pixdim[d]);
        }
        b.putFloat(108, voxOffset);
        b.putFloat(112, slope);
        b.putFloat(116, inter);
        b.putShort(252, (short) qformCode);
        b.putShort(254, (short) sformCode);
        b.putFloat(268, 10f); // qoffset x, y, z
        b.putFloat(272, 20f);
        b.putFloat(276, 30f);
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        for (int i = 348; i < voxOffset; i++) {
            b.put(i, (byte) 0x5A); // extension bytes the reader must skip
        }
        return b;
    }

    private Path save(String name, ByteBuffer b) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void int16BigEndianWithScalingAndLargeVoxOffset() throws IOException {
        ByteBuffer b = header(ByteOrder.BIG_ENDIAN, 4, 16, 1952, 2f, -100f, 1f, 0, 0, 12 * 2);
        for (int i = 0; i < 12; i++) {
            b.putShort(1952 + 2 * i, (short) (i - 3));
        }
        Volume v = NiftiReader.read(save("be.nii", b));
        assertArrayEquals(new int[] {2, 3, 2}, v.dims());
        assertArrayEquals(new double[] {1.5, 2, 3}, v.spacing(), 1e-6);
        for (int i = 0; i < 12; i++) {
            assertEquals(2f * (i - 3) - 100f, v.data()[i], 0f, "voxel " + i); // slope·stored + inter
        }
        // x fastest: voxel (1, 2, 1) is stored at 1 + 2·(2 + 3·1) = 11
        assertEquals(2f * (11 - 3) - 100f, v.get(1, 2, 1), 0f);
        assertEquals("BIG_ENDIAN", v.metadata().get("nifti.byte_order"));
        assertArrayEquals(new double[] {1.5, 0, 0, 0}, v.affine()[0], 1e-9); // no qform/sform: diag(pixdim)
    }

    @Test
    void float32AndFloat64AndUint8LittleEndian() throws IOException {
        float[] expect = new float[12];
        ByteBuffer f32 = header(ByteOrder.LITTLE_ENDIAN, 16, 32, 352, 0f, 0f, 1f, 0, 0, 48);
        ByteBuffer f64 = header(ByteOrder.LITTLE_ENDIAN, 64, 64, 352, 0f, 0f, 1f, 0, 0, 96);
        ByteBuffer u8 = header(ByteOrder.LITTLE_ENDIAN, 2, 8, 352, 0f, 0f, 1f, 0, 0, 12);
        for (int i = 0; i < 12; i++) {
            expect[i] = i * 0.25f - 1;
            f32.putFloat(352 + 4 * i, expect[i]);
            f64.putDouble(352 + 8 * i, expect[i]);
            u8.put(352 + i, (byte) (200 + i)); // above 127: must read unsigned
        }
        assertArrayEquals(expect, NiftiReader.read(save("f.nii", f32)).data(), 0f); // slope 0 = unscaled
        assertArrayEquals(expect, NiftiReader.read(save("d.nii", f64)).data(), 0f);
        float[] bytes = NiftiReader.read(save("u.nii", u8)).data();
        assertEquals(200f, bytes[0]);
        assertEquals(211f, bytes[11]);
    }

    @Test
    void qformWithNegativeQfacFlipsTheSliceAxis() throws IOException {
        // quaternion (b, c, d) = 0 → identity rotation; qfac = −1 negates the k column (nifti1.h method 2)
        ByteBuffer b = header(ByteOrder.LITTLE_ENDIAN, 2, 8, 352, 1f, 0f, -1f, 1, 0, 12);
        Volume v = NiftiReader.read(save("q.nii", b));
        double[][] a = v.affine();
        assertArrayEquals(new double[] {1.5, 0, 0, 10}, a[0], 1e-9);
        assertArrayEquals(new double[] {0, 2, 0, 20}, a[1], 1e-9);
        assertArrayEquals(new double[] {0, 0, -3, 30}, a[2], 1e-9);
        assertArrayEquals(new double[] {1.5, 2, 3}, v.spacing(), 1e-9);
        assertEquals("qform", v.metadata().get("nifti.geometry"));
    }

    @Test
    void quaternionOf90DegreesAboutZ() {
        // rotation by 90° about z: a = cos45°, d = sin45° → R = [[0,−1,0],[1,0,0],[0,0,1]]
        double s = Math.sqrt(0.5);
        double[][] m = NiftiReader.qform(0, 0, s, 0, 0, 0, new double[] {1, 1, 1}, 1);
        assertArrayEquals(new double[] {0, -1, 0, 0}, m[0], 1e-6);
        assertArrayEquals(new double[] {1, 0, 0, 0}, m[1], 1e-6);
        assertArrayEquals(new double[] {0, 0, 1, 0}, m[2], 1e-6);
    }

    @Test
    void sformWinsOverQform() throws IOException {
        ByteBuffer b = header(ByteOrder.LITTLE_ENDIAN, 2, 8, 352, 1f, 0f, 1f, 1, 2, 12);
        float[][] srow = {{-1.5f, 0, 0, 90}, {0, 2, 0, -126}, {0, 0, 3, -72}};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, srow[r][c]);
            }
        }
        Volume v = NiftiReader.read(save("s.nii", b));
        assertArrayEquals(new double[] {-1.5, 0, 0, 90}, v.affine()[0], 1e-6);
        assertArrayEquals(new double[] {90 - 1.5, -126 + 2, -72 + 3}, v.world(1, 1, 1), 1e-6);
    }

    @Test
    void writerRoundTripsThroughGzip() throws IOException {
        float[] d = new float[4 * 3 * 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sin(i) * 1000;
        }
        double[][] aff = {{-2, 0, 0, 5}, {0, 2.5, 0, -6}, {0, 0, 3, 7}, {0, 0, 0, 1}};
        Volume v = new Volume(d, new int[] {4, 3, 2}, new double[] {2, 2.5, 3}, aff, Modality.CT, null);
        Path p = tmp.resolve("out.nii.gz");
        NiftiWriter.write(v, p);
        Volume back = NiftiReader.read(p);
        assertArrayEquals(d, back.data(), 0f);
        assertArrayEquals(v.spacing(), back.spacing(), 1e-6);
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(aff[r], back.affine()[r], 1e-6);
        }
        NiftiWriter.write(v, tmp.resolve("i16.nii"), NiftiWriter.DataType.INT16);
        assertEquals(Math.round(d[5]), NiftiReader.read(tmp.resolve("i16.nii")).data()[5], 0f);
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "temporary files left behind");
        }
    }

    @Test
    void truncatedFileNamesTheFileAndTheBytes() throws IOException {
        ByteBuffer b = header(ByteOrder.LITTLE_ENDIAN, 4, 16, 352, 1f, 0f, 1f, 0, 0, 24);
        Path p = tmp.resolve("cut.nii");
        Files.write(p, Arrays.copyOf(b.array(), 352 + 10));
        ImagingException e = assertThrows(ImagingException.class, () -> NiftiReader.read(p));
        assertTrue(e.getMessage().contains("cut.nii") && e.getMessage().contains("truncated")
                && e.getMessage().contains("376"), e.getMessage());
        assertEquals(p, e.file());
    }

    @Test
    void truncatedGzipAndBadMagicAndBadDatatype() throws IOException {
        ByteBuffer b = header(ByteOrder.LITTLE_ENDIAN, 4, 16, 352, 1f, 0f, 1f, 0, 0, 24);
        Path gz = tmp.resolve("cut.nii.gz");
        var bos = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bos)) {
            o.write(b.array());
        }
        byte[] full = bos.toByteArray();
        Files.write(gz, Arrays.copyOf(full, full.length / 2));
        assertTrue(assertThrows(ImagingException.class, () -> NiftiReader.read(gz)).getMessage().contains("gzip"));

        ByteBuffer bad = header(ByteOrder.LITTLE_ENDIAN, 4, 16, 352, 1f, 0f, 1f, 0, 0, 24);
        bad.put(344, (byte) 'x');
        String m = assertThrows(ImagingException.class, () -> NiftiReader.read(save("m.nii", bad))).getMessage();
        assertTrue(m.contains("m.nii") && m.contains("magic"), m);

        ByteBuffer rgb = header(ByteOrder.LITTLE_ENDIAN, 128, 24, 352, 1f, 0f, 1f, 0, 0, 36);
        m = assertThrows(ImagingException.class, () -> NiftiReader.read(save("rgb.nii", rgb))).getMessage();
        assertTrue(m.contains("datatype 128") && m.contains("RGB24"), m);

        Files.write(tmp.resolve("tiny.nii"), new byte[100]);
        m = assertThrows(ImagingException.class, () -> NiftiReader.read(tmp.resolve("tiny.nii"))).getMessage();
        assertTrue(m.contains("348"), m);
    }

    @Test
    void colin27AndAalOnTheRealFiles() throws IOException {
        // DATA.md: ch2.nii.gz is Colin27, 181×217×181 uint8 at 1 mm; aal.nii.gz holds labels 0–116 on the same grid
        Volume t1 = NiftiReader.read(TestData.file("brain-mri", "ch2.nii.gz"));
        Volume aal = NiftiReader.read(TestData.file("brain-mri", "aal.nii.gz"));
        assertArrayEquals(new int[] {181, 217, 181}, t1.dims());
        assertArrayEquals(new double[] {1, 1, 1}, t1.spacing(), 1e-6);
        assertEquals("2", t1.metadata().get("nifti.datatype"));
        assertTrue(t1.sameGrid(aal));
        assertEquals(0f, aal.min());
        assertEquals(116f, aal.max());
        for (float x : aal.data()) {
            assertEquals(Math.rint(x), x, 0.0);
        }
        // MNI space: the anterior commissure (world 0, 0, 0) lies inside the brain, near the centre of the grid
        double[][] a = t1.affine();
        int i0 = (int) Math.round(-a[0][3] / a[0][0]);
        int j0 = (int) Math.round(-a[1][3] / a[1][1]);
        int k0 = (int) Math.round(-a[2][3] / a[2][2]);
        assertTrue(Math.abs(i0 - 90) <= 2 && Math.abs(j0 - 126) <= 3 && Math.abs(k0 - 72) <= 3, i0 + "," + j0 + "," + k0);
        assertTrue(t1.get(i0, j0, k0) > 0);
    }
}

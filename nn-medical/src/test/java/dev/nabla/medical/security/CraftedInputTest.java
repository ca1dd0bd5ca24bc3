package dev.nabla.medical.security;

import dev.nabla.data.Idx;
import dev.nabla.io.ModelFile;
import dev.nabla.io.SafeTensors;
import dev.nabla.medical.data.MalformedFileException;
import dev.nabla.medical.data.NumericCsv;
import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.imaging.Modality;
import dev.nabla.medical.imaging.NiftiReader;
import dev.nabla.medical.imaging.NiftiWriter;
import dev.nabla.medical.imaging.Volume;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-crafted attacks on each reader, each answered by the reader's own exception with a clear message. */
class CraftedInputTest {
    @TempDir
    Path dir;

    @Test
    void modelFileRefusesZipSlipNames() throws Exception {
        for (String name : new String[] {"../evil.json", "/etc/passwd", "a/../../b", "C:/x", "a\\..\\b"}) {
            Path f = zip(Map.of(name, new byte[] {1}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(f), name);
            assertTrue(e.getMessage().contains("unsafe zip entry name"), e.getMessage());
        }
    }

    @Test
    void modelFileRefusesDuplicateEntriesAndDecompressionBombs() throws Exception {
        Path model = dir.resolve("ok.nabla");
        Sequential m = new Sequential(new Dense(2)).seed(1);
        m.build(3);
        m.save(model);
        // Duplicate names: java.util.zip refuses to write them, so write "config.jsoX" and patch the name bytes.
        Path dup = dir.resolve("dup.nabla");
        try (OutputStream out = Files.newOutputStream(dup); ZipOutputStream z = new ZipOutputStream(out)) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(model))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    z.putNextEntry(new ZipEntry(e.getName()));
                    z.write(in.readAllBytes());
                    z.closeEntry();
                }
            }
            z.putNextEntry(new ZipEntry("config.jsoX"));
            z.write("{}".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(dup);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace("config.jsoX", "config.json");
        Files.write(dup, latin.getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(dup));
        assertTrue(d.getMessage().contains("appears twice"), d.getMessage());
        Path bomb = dir.resolve("bomb.nabla");
        try (OutputStream out = Files.newOutputStream(bomb); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("model.safetensors"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 80; i++) {
                z.write(zeros); // 80 MiB of zeros deflate to about 80 KiB
            }
            z.closeEntry();
        }
        assertTrue(Files.size(bomb) < 1 << 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(bomb));
        assertTrue(e.getMessage().contains("decompression bomb"), e.getMessage());
    }

    @Test
    void safeTensorsRefusesHeaderLengthsBeyondTheFile() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(b.array(), "x"));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
        byte[] json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer f = ByteBuffer.allocate(8 + json.length + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f.array(), "x"));
    }

    @Test
    void idxRefusesOverflowingAndUnbackedDimensions() throws Exception {
        Path overflow = dir.resolve("o-idx3-ubyte");
        Files.write(overflow, ByteBuffer.allocate(16).putInt(0x0803).putInt(65536).putInt(65536).putInt(65536).array());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(overflow));
        assertTrue(e.getMessage().contains("more than 2 GiB"), e.getMessage());
        // gzip: 2 GiB − 1 announced, 16 bytes present: refused when the data runs out, without a 2 GiB allocation.
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
            gz.write(ByteBuffer.allocate(32).putInt(0x0803).putInt(2000).putInt(1000).putInt(1000).array());
        }
        Path gz = dir.resolve("g-idx3-ubyte.gz");
        Files.write(gz, raw.toByteArray());
        long free = Runtime.getRuntime().freeMemory();
        e = assertThrows(IllegalArgumentException.class, () -> Idx.readImages(gz));
        assertTrue(e.getMessage().contains("only 16 inflate"), e.getMessage());
        assertTrue(free > 0);
    }

    @Test
    void niftiRefusesVoxOffsetBeyondTheFile() {
        Volume v = new Volume(new float[8], new int[] {2, 2, 2}, new double[] {1, 1, 1}, null, Modality.MR, null);
        byte[] b = NiftiWriter.encode(v, NiftiWriter.DataType.FLOAT32);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 1e30f);
        ImagingException e = assertThrows(ImagingException.class, () -> NiftiReader.parse(dir.resolve("x.nii"), b));
        assertTrue(e.getMessage().contains("vox_offset"), e.getMessage());
    }

    @Test
    void csvRefusesRaggedRowsNonNumbersAndOverlongLines() {
        assertThrows(MalformedFileException.class, () -> NumericCsv.read(stream("h\n1,2\n3\n"), "t.csv", 1));
        MalformedFileException e = assertThrows(MalformedFileException.class,
                () -> NumericCsv.read(stream("h\n1,NaN\n"), "t.csv", 1));
        assertTrue(e.getMessage().contains("t.csv: line 2, column 2"), e.getMessage());
        String longLine = "1".repeat(NumericCsv.MAX_LINE_CHARS + 1);
        e = assertThrows(MalformedFileException.class, () -> NumericCsv.read(stream(longLine), "t.csv", 0));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path zip(Map<String, byte[]> entries) throws Exception {
        Path f = Files.createTempFile(dir, "z", ".nabla");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }
}

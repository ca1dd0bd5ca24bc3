package dev.nabla.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SafeTensorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "weights-under-test.safetensors";

    @TempDir
    Path dir;

    /** Several tensors: a matrix, a scalar, an empty one, special values, a non-contiguous view. */
    private static Map<String, Tensor> sample() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("dense/kernel", Tensor.of(new float[] {1.5f, -2.25f, 3e-8f, 4e20f, -0f, 6}, 2, 3));
        t.put("scalar", Tensor.scalar(7.125f));
        t.put("empty", Tensor.zeros(0, 4));
        t.put("special", Tensor.vector(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, -Float.MAX_VALUE));
        // The transpose of [[1, 2, 3], [4, 5, 6]]: row-major values 1, 4, 2, 5, 3, 6.
        t.put("transposed", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1));
        return t;
    }

    private static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(tensors, metadata, out);
        return out.toByteArray();
    }

    private static void assertBitEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void roundTripKeepsNamesOrderShapesBitsAndMetadata() throws IOException {
        Map<String, Tensor> in = sample();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "ünïcode ∇ and \"quotes\"");
        SafeTensors.Content out = SafeTensors.read(write(in, meta), SOURCE);
        assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.tensors().keySet()));
        for (String name : in.keySet()) {
            assertArrayEquals(in.get(name).shape(), out.tensors().get(name).shape(), name);
            assertBitEqual(in.get(name).toArray(), out.tensors().get(name).toArray(), name);
        }
        assertArrayEquals(new int[0], out.tensors().get("scalar").shape());
        assertEquals(7.125f, out.tensors().get("scalar").item());
        assertArrayEquals(new int[] {0, 4}, out.tensors().get("empty").shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, out.tensors().get("transposed").toArray());
        assertEquals(meta, out.metadata());
    }

    @Test
    void roundTripWithoutMetadataAndWithNoTensors() throws IOException {
        SafeTensors.Content none = SafeTensors.read(write(Map.of(), null), SOURCE);
        assertTrue(none.tensors().isEmpty());
        assertTrue(none.metadata().isEmpty());
        byte[] bytes = write(Map.of("a", Tensor.vector(1, 2)), Map.of());
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("__metadata__"),
                "empty metadata should be left out");
        assertArrayEquals(new float[] {1, 2}, SafeTensors.read(bytes, SOURCE).tensors().get("a").toArray());
    }

    @Test
    void writeRejectsTheReservedName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(Map.of("__metadata__", Tensor.scalar(1)), null));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
    }

    /** Parses the written bytes by hand, following the format description, not the reader. */
    @Test
    void byteLayoutFollowsTheSpecification() throws IOException {
        Map<String, Tensor> in = sample();
        byte[] file = write(in, Map.of("format", "pt", "k", "v"));
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, n % 8, "header length should be a multiple of 8");
        // Explicit little-endian decode of the length, byte by byte.
        long manual = 0;
        for (int i = 7; i >= 0; i--) {
            manual = (manual << 8) | (file[i] & 0xff);
        }
        assertEquals(n, manual);
        String header = new String(file, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals('{', header.charAt(0), "the header must begin with '{'");
        String trimmed = header.stripTrailing();
        assertEquals('}', trimmed.charAt(trimmed.length() - 1));
        assertTrue(header.substring(trimmed.length()).chars().allMatch(c -> c == ' '), "padding must be spaces");
        assertTrue(header.length() - trimmed.length() < 8, "no more padding than needed");

        JsonNode json = JSON.readTree(header);
        Set<String> keys = new TreeSet<>();
        json.fieldNames().forEachRemaining(keys::add);
        Set<String> expectedKeys = new TreeSet<>(in.keySet());
        expectedKeys.add("__metadata__");
        assertEquals(expectedKeys, keys);
        JsonNode meta = json.get("__metadata__");
        assertEquals("pt", meta.get("format").textValue());
        assertEquals("v", meta.get("k").textValue());
        meta.elements().forEachRemaining(v -> assertTrue(v.isTextual(), "metadata values must be strings"));

        int dataStart = 8 + (int) n;
        long expectedBegin = 0;
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            JsonNode entry = json.get(e.getKey());
            Set<String> fields = new TreeSet<>();
            entry.fieldNames().forEachRemaining(fields::add);
            assertEquals(Set.of("dtype", "shape", "data_offsets"), fields, e.getKey());
            assertEquals("F32", entry.get("dtype").textValue());
            int[] shape = new int[entry.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                assertTrue(entry.get("shape").get(i).isIntegralNumber());
                shape[i] = entry.get("shape").get(i).intValue();
            }
            assertArrayEquals(e.getValue().shape(), shape, e.getKey());
            long begin = entry.get("data_offsets").get(0).longValue();
            long end = entry.get("data_offsets").get(1).longValue();
            assertEquals(2, entry.get("data_offsets").size());
            assertEquals(expectedBegin, begin, e.getKey() + ": tensors are packed in order");
            assertEquals(4L * e.getValue().numel(), end - begin, e.getKey());
            float[] expected = e.getValue().toArray();
            for (int i = 0; i < expected.length; i++) {
                int at = dataStart + (int) begin + 4 * i;
                int bits = (file[at] & 0xff) | (file[at + 1] & 0xff) << 8 | (file[at + 2] & 0xff) << 16
                        | (file[at + 3] & 0xff) << 24;
                assertEquals(Float.floatToRawIntBits(expected[i]), bits, e.getKey() + "[" + i + "]");
            }
            expectedBegin = end;
        }
        assertEquals(dataStart + expectedBegin, file.length, "the data section is exactly the tensors' bytes");
    }

    // ------------------------------------------------------------------ a second implementation: Python + NumPy

    private static final String PYTHON = String.join("\n",
            "import json, struct, sys",
            "import numpy as np",
            "def read(path):",
            "    raw = open(path, 'rb').read()",
            "    (n,) = struct.unpack('<Q', raw[:8])",
            "    assert n % 8 == 0, n",
            "    text = raw[8:8 + n].decode('utf-8')",
            "    assert text[0] == '{' and text.rstrip(' ')[-1] == '}'",
            "    header = json.loads(text)",
            "    data = raw[8 + n:]",
            "    out, spans = {}, []",
            "    for name, spec in header.items():",
            "        if name == '__metadata__':",
            "            assert all(isinstance(v, str) for v in spec.values())",
            "            out[name] = spec",
            "            continue",
            "        assert set(spec) == {'dtype', 'shape', 'data_offsets'}, spec",
            "        assert spec['dtype'] == 'F32'",
            "        b, e = spec['data_offsets']",
            "        spans.append((b, e))",
            "        count = int(np.prod(spec['shape'], dtype=np.int64))",
            "        assert e - b == 4 * count",
            "        a = np.frombuffer(data[b:e], dtype='<f4').reshape(spec['shape'])",
            "        out[name] = {'shape': list(a.shape), 'bits': a.reshape(-1).view('<u4').tolist()}",
            "    spans.sort()",
            "    pos = 0",
            "    for b, e in spans:",
            "        assert b == pos, (b, pos)",
            "        pos = e",
            "    assert pos == len(data), (pos, len(data))",
            "    return out",
            "def write(path):",
            "    # Written in another order than the header lists them, with an unpadded header.",
            "    a = np.arange(6, dtype='<f4').reshape(2, 3) / 4",
            "    s = np.array(-3.5, dtype='<f4')",
            "    header = {'b_scalar': {'dtype': 'F32', 'shape': [], 'data_offsets': [24, 28]},",
            "              'a_matrix': {'dtype': 'F32', 'shape': [2, 3], 'data_offsets': [0, 24]},",
            "              '__metadata__': {'written_by': 'numpy'}}",
            "    text = json.dumps(header).encode('utf-8')",
            "    open(path, 'wb').write(struct.pack('<Q', len(text)) + text + a.tobytes() + s.tobytes())",
            "json.dump(read(sys.argv[1]), open(sys.argv[2], 'w'))",
            "write(sys.argv[3])");

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void pythonWithNumpyReadsOurFilesAndWeReadItsFiles() throws Exception {
        assumeTrue(pythonWithNumpy(), "python3 with numpy not available; skipping the cross-implementation check");
        Map<String, Tensor> in = sample();
        Path ours = dir.resolve("ours.safetensors");
        Files.write(ours, write(in, Map.of("format", "pt")));
        Path script = dir.resolve("check.py");
        Files.writeString(script, PYTHON);
        Path report = dir.resolve("report.json");
        Path theirs = dir.resolve("theirs.safetensors");
        Process p = new ProcessBuilder("python3", script.toString(), ours.toString(), report.toString(),
                theirs.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "python rejected our file:\n" + output);

        JsonNode seen = JSON.readTree(report.toFile());
        assertEquals("pt", seen.get("__metadata__").get("format").textValue());
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            JsonNode t = seen.get(e.getKey());
            int[] shape = new int[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).intValue();
            }
            assertArrayEquals(e.getValue().shape(), shape, e.getKey());
            float[] expected = e.getValue().toArray();
            assertEquals(expected.length, t.get("bits").size());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), (int) t.get("bits").get(i).longValue(),
                        e.getKey() + "[" + i + "]");
            }
        }

        SafeTensors.Content back = SafeTensors.read(Files.readAllBytes(theirs), theirs.toString());
        assertEquals(List.of("b_scalar", "a_matrix"), new ArrayList<>(back.tensors().keySet()));
        assertArrayEquals(new int[] {2, 3}, back.tensors().get("a_matrix").shape());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, back.tensors().get("a_matrix").toArray());
        assertArrayEquals(new int[0], back.tensors().get("b_scalar").shape());
        assertEquals(-3.5f, back.tensors().get("b_scalar").item());
        assertEquals(Map.of("written_by", "numpy"), back.metadata());
    }

    // ------------------------------------------------------------------ malformed files

    /** A file from a header JSON (padded here) and a data section of {@code dataBytes} zeros. */
    private static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        return buf.array();
    }

    private static String fails(byte[] file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(file, SOURCE));
        assertTrue(e.getMessage().contains(SOURCE), "message should name the source: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void aValidHandWrittenFileIsAccepted() {
        // Guards the malformed cases below: the same layout with correct values reads fine.
        byte[] ok = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}", 12);
        SafeTensors.Content c = SafeTensors.read(ok, SOURCE);
        assertEquals(3, c.tensors().size());
        assertArrayEquals(new int[] {0}, c.tensors().get("b").shape());
    }

    @Test
    void truncatedFilesFail() throws IOException {
        byte[] good = write(sample(), Map.of("format", "pt"));
        fails(new byte[0]);
        fails(new byte[] {1, 2, 3});
        // Cut inside the header.
        fails(java.util.Arrays.copyOf(good, 20));
        // Cut inside the data: the last tensor's offsets run past the end.
        String m = fails(java.util.Arrays.copyOf(good, good.length - 4));
        assertTrue(m.contains("transposed"), m);
    }

    @Test
    void headerLengthBeyondTheFileOrAbsurdFails() {
        byte[] f = file("{}", 0);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        String m = fails(f);
        assertTrue(m.contains("1000"), m);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // 2^64 − 1 as unsigned
        fails(f);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0);
        fails(f);
    }

    @Test
    void badJsonFails() {
        assertTrue(fails(file("{\"a\": {\"dtype\": ", 0)).contains("JSON"));
        assertTrue(fails(file("[1, 2, 3]", 0)).contains("JSON object"));
        fails(file("not json", 0));
    }

    @Test
    void otherDtypesFailNamingTensorAndDtype() {
        String m = fails(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("'w'") && m.contains("F16"), m);
        fails(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
    }

    @Test
    void missingOrInvalidShapeAndOffsetsFail() {
        fails(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4));
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4));
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4));
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4));
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"x\"],\"data_offsets\":[0,4]}}", 4));
    }

    @Test
    void offsetsThatDoNotMatchTheShapeFail() {
        String m = fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", 12));
        assertTrue(m.contains("'w'") && m.contains("12") && m.contains("16"), m);
    }

    @Test
    void offsetsOutsideTheDataFail() {
        String m = fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 8));
        assertTrue(m.contains("'w'"), m);
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 8));
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8));
    }

    @Test
    void overlappingOffsetsFail() {
        // Both tensors claim bytes 4..8.
        String m = fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertTrue(m.contains("overlap"), m);
        // Two tensors sharing the very same bytes.
        fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
    }

    @Test
    void dataNotCoveredByTensorsFails() {
        // A gap between tensors, and trailing bytes no tensor owns: the spec wants the buffer fully indexed.
        fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12));
        String m = fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8));
        assertTrue(m.contains("4") && m.contains("8"), m);
    }

    @Test
    void metadataIsReadAsStrings() {
        byte[] f = file("{\"__metadata__\":{\"a\":\"x\",\"b\":\"y\"}}", 0);
        assertEquals(Map.of("a", "x", "b", "y"), SafeTensors.read(f, SOURCE).metadata());
        Iterator<String> it = SafeTensors.read(f, SOURCE).metadata().keySet().iterator();
        assertEquals("a", it.next());
    }
}

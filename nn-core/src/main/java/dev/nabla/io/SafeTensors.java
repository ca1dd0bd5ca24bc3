package dev.nabla.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (Hugging Face), so other tools can read Nabla's weights:
 * <pre>
 *   8 bytes        N, the header length, unsigned little-endian
 *   N bytes        JSON: {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …,
 *                         "__metadata__": {"key": "value", …}}   (padded with spaces to a multiple of 8)
 *   the rest       the tensors' bytes, little-endian, at data_offsets relative to this section
 * </pre>
 * Only {@code F32} is written; reading also rejects other dtypes with a clear message. Every
 * offset and size is checked, and the tensors must tile the data section exactly (no overlap, no
 * unindexed bytes, as the reference implementation demands), so a truncated or altered file fails
 * with the reason.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /** Writes the tensors (in map order) and string metadata. */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor");
            }
            long bytes = 4L * e.getValue().numel();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        out.write(prefix.array());
        for (Tensor t : tensors.values()) {
            float[] values = t.toArray();
            ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(values);
            out.write(buf.array());
        }
    }

    /** The content of a safetensors file: tensors by name (file order) and metadata. */
    public record Content(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Parses a whole file's bytes; {@code source} names it in error messages. */
    public static Content read(byte[] file, String source) {
        if (file.length < 8) {
            throw new IllegalArgumentException(source + ": not a safetensors file (only " + file.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        if (n < 2 || n > MAX_HEADER || n > file.length - 8) {
            throw new IllegalArgumentException(source + ": bad safetensors header length " + n + " for a file of "
                    + file.length + " bytes (truncated or not safetensors)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(file, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": the safetensors header is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new IllegalArgumentException(source + ": the safetensors header is not a JSON object");
        }
        int dataStart = 8 + (int) n;
        long dataLength = file.length - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Span> spans = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(e.getKey(), tensor(e.getKey(), e.getValue(), buf, dataStart, dataLength, source));
            JsonNode offsets = e.getValue().path("data_offsets");
            spans.add(new Span(e.getKey(), offsets.get(0).asLong(), offsets.get(1).asLong()));
        }
        checkCoverage(spans, dataLength, source);
        return new Content(tensors, metadata);
    }

    private record Span(String name, long begin, long end) {
    }

    /**
     * As the reference implementation: the tensors' byte ranges, in offset order, must tile the
     * data section exactly, with no overlap (two tensors sharing bytes) and no gap or trailing bytes.
     */
    private static void checkCoverage(List<Span> spans, long dataLength, String source) {
        spans.sort(Comparator.comparingLong(Span::begin).thenComparingLong(Span::end));
        long position = 0;
        Span previous = null;
        for (Span s : spans) {
            if (s.begin() < position) {
                throw new IllegalArgumentException(source + ": tensor '" + s.name() + "' (bytes [" + s.begin() + ", "
                        + s.end() + ")) and tensor '" + previous.name() + "' (bytes [" + previous.begin() + ", "
                        + previous.end() + ")) overlap");
            }
            if (s.begin() > position) {
                throw new IllegalArgumentException(source + ": data bytes [" + position + ", " + s.begin()
                        + ") belong to no tensor (before tensor '" + s.name() + "'); safetensors data must be fully indexed");
            }
            position = s.end();
            previous = s;
        }
        if (position != dataLength) {
            throw new IllegalArgumentException(source + ": the tensors cover " + position + " of the " + dataLength
                    + " data bytes; safetensors data must be fully indexed (trailing bytes?)");
        }
    }

    private static Tensor tensor(String name, JsonNode spec, ByteBuffer buf, int dataStart, long dataLength,
                                 String source) {
        String where = source + ": tensor '" + name + "'";
        String dtype = spec.path("dtype").asText("");
        if (!dtype.equals("F32")) {
            throw new IllegalArgumentException(where + " has dtype '" + dtype + "'; Nabla reads F32 only");
        }
        JsonNode shapeNode = spec.path("shape");
        JsonNode offsets = spec.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new IllegalArgumentException(where + " lacks a shape or a [begin, end] data_offsets pair");
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt(-1);
            if (shape[i] < 0) {
                throw new IllegalArgumentException(where + " has an invalid shape " + shapeNode);
            }
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        long expected = 4L * Shape.numel(shape);
        if (begin < 0 || end < begin || end > dataLength) {
            throw new IllegalArgumentException(where + " has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataLength + " data bytes (file truncated?)");
        }
        if (end - begin != expected) {
            throw new IllegalArgumentException(where + " has " + (end - begin) + " bytes but shape "
                    + Shape.format(shape) + " needs " + expected);
        }
        float[] values = new float[(int) (expected / 4)];
        ByteBuffer slice = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        slice.position(dataStart + (int) begin);
        slice.asFloatBuffer().get(values);
        return Tensor.wrap(values, shape);
    }
}

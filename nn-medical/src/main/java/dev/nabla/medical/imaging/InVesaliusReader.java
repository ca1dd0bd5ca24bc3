package dev.nabla.medical.imaging;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads an InVesalius 3 project: either an {@code .inv3} file (a gzip-compressed tar) or a folder holding its
 * {@code main.plist} and {@code matrix.dat} (what {@code scripts/fetch-data.sh head-ct} leaves in the cache).
 * <p>{@code main.plist} (Apple XML plist) gives {@code matrix.shape} {@code [n0, n1, n2]} (C order, slowest
 * first), {@code matrix.dtype} (int16), {@code spacing} {@code [sx, sy, sz]} (mm, fastest axis first),
 * {@code modality}, {@code window_width}/{@code window_level}; {@code matrix.dat} is the raw little-endian
 * voxel array. The volume is laid out as {@code nx = n2, ny = n1, nz = n0} with affine {@code diag(spacing)};
 * {@code invesalius.window_width}/{@code invesalius.window_level} land in the metadata.
 */
public final class InVesaliusReader {
    private InVesaliusReader() {
    }

    /** Reads a project folder or an {@code .inv3} archive. */
    public static Volume read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new ImagingException(path, "no such file or folder (fetch the example with scripts/fetch-data.sh head-ct)");
        }
        Map<String, byte[]> files = new HashMap<>();
        if (Files.isDirectory(path)) {
            Path plist = path.resolve("main.plist");
            if (!Files.exists(plist)) {
                throw new ImagingException(path, "no main.plist in this folder; expected an InVesalius project");
            }
            files.put("main.plist", Files.readAllBytes(plist));
            return parse(path, files.get("main.plist"), name -> Files.readAllBytes(path.resolve(name)));
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
            files = untar(path, in);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ImagingException(path, "not a readable .inv3 (gzip tar) archive: " + e.getMessage(), e);
        }
        Map<String, byte[]> entries = files;
        byte[] plist = entries.get("main.plist");
        if (plist == null) {
            throw new ImagingException(path, "archive has no main.plist; entries: " + entries.keySet());
        }
        return parse(path, plist, name -> {
            byte[] b = entries.get(name);
            if (b == null) {
                throw new ImagingException(path, "archive has no " + name);
            }
            return b;
        });
    }

    private interface Source {
        byte[] get(String name) throws IOException;
    }

    private static Volume parse(Path path, byte[] plistBytes, Source source) throws IOException {
        Map<String, Object> plist = parsePlist(path, plistBytes);
        @SuppressWarnings("unchecked")
        Map<String, Object> matrix = (Map<String, Object>) plist.get("matrix");
        if (matrix == null) {
            throw new ImagingException(path, "main.plist has no 'matrix' entry");
        }
        String dtype = String.valueOf(matrix.get("dtype"));
        if (!dtype.equals("int16")) {
            throw new ImagingException(path, "matrix dtype '" + dtype + "' is not supported (expected int16)");
        }
        List<?> shape = (List<?>) matrix.get("shape");
        List<?> spacingList = (List<?>) plist.get("spacing");
        if (shape == null || shape.size() != 3 || spacingList == null || spacingList.size() != 3) {
            throw new ImagingException(path, "main.plist needs a 3-element matrix.shape and spacing, got " + shape
                    + " and " + spacingList);
        }
        int nz = ((Number) shape.get(0)).intValue();
        int ny = ((Number) shape.get(1)).intValue();
        int nx = ((Number) shape.get(2)).intValue();
        double[] spacing = new double[3];
        for (int a = 0; a < 3; a++) {
            spacing[a] = ((Number) spacingList.get(a)).doubleValue();
        }
        String name = String.valueOf(matrix.getOrDefault("filename", "matrix.dat"));
        byte[] raw = source.get(name);
        long need = 2L * nx * ny * nz;
        if (raw.length != need) {
            throw new ImagingException(path, name + " has " + raw.length + " bytes, shape " + shape + " of int16 needs "
                    + need + (raw.length < need ? " (truncated)" : ""));
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[nx * ny * nz];
        for (int i = 0; i < data.length; i++) {
            data[i] = b.getShort();
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (String key : new String[] {"name", "modality", "window_width", "window_level", "orientation", "date"}) {
            Object v = plist.get(key);
            if (v != null) {
                meta.put("invesalius." + key, String.valueOf(v));
            }
        }
        meta.put("source", path.toString());
        return new Volume(data, new int[] {nx, ny, nz}, spacing, null,
                Modality.fromCode(String.valueOf(plist.get("modality"))), meta);
    }

    /** Parses an XML plist's top-level dict into maps, lists, strings, Longs and Doubles. */
    static Map<String, Object> parsePlist(Path path, byte[] xml) throws ImagingException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
            Element dict = firstElement(root);
            if (dict == null || !dict.getTagName().equals("dict")) {
                throw new ImagingException(path, "main.plist: expected a top-level <dict>");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) value(dict);
            return m;
        } catch (ImagingException e) {
            throw e;
        } catch (Exception e) {
            throw new ImagingException(path, "main.plist is not a readable XML plist: " + e.getMessage(), e);
        }
    }

    private static Element firstElement(Node n) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element) {
                return (Element) c;
            }
        }
        return null;
    }

    private static Object value(Element e) {
        switch (e.getTagName()) {
            case "dict": {
                Map<String, Object> m = new LinkedHashMap<>();
                String key = null;
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (!(c instanceof Element)) {
                        continue;
                    }
                    Element el = (Element) c;
                    if (el.getTagName().equals("key")) {
                        key = el.getTextContent();
                    } else if (key != null) {
                        m.put(key, value(el));
                        key = null;
                    }
                }
                return m;
            }
            case "array": {
                List<Object> l = new ArrayList<>();
                NodeList kids = e.getChildNodes();
                for (int i = 0; i < kids.getLength(); i++) {
                    if (kids.item(i) instanceof Element) {
                        l.add(value((Element) kids.item(i)));
                    }
                }
                return l;
            }
            case "integer": return Long.parseLong(e.getTextContent().trim());
            case "real": return Double.parseDouble(e.getTextContent().trim());
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: return e.getTextContent();
        }
    }

    /** A minimal ustar walk: 512-byte headers (name @0, octal size @124), data padded to 512 bytes. */
    private static Map<String, byte[]> untar(Path path, InputStream in) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        byte[] header = new byte[512];
        while (true) {
            int got = in.readNBytes(header, 0, 512);
            if (got == 0) {
                break;
            }
            if (got < 512) {
                throw new ImagingException(path, "truncated tar header");
            }
            if (header[0] == 0) {
                break;
            }
            String name = new String(header, 0, 100, StandardCharsets.UTF_8).replace("\0", "").trim();
            String prefix = new String(header, 345, 155, StandardCharsets.UTF_8).replace("\0", "").trim();
            String sizeText = new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim();
            long size = sizeText.isEmpty() ? 0 : Long.parseLong(sizeText, 8);
            byte type = header[156];
            byte[] body = in.readNBytes((int) size);
            if (body.length < size) {
                throw new ImagingException(path, "truncated tar entry " + name + ": " + body.length + " of " + size + " bytes");
            }
            long pad = (512 - size % 512) % 512;
            in.readNBytes((int) pad);
            if (type == '0' || type == 0) {
                String full = prefix.isEmpty() ? name : prefix + "/" + name;
                out.put(full.substring(full.lastIndexOf('/') + 1), body);
            }
        }
        return out;
    }
}

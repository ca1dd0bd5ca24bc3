package dev.nabla.medical.privacy;

import dev.nabla.medical.imaging.ImagingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A DICOM Part 10 file (PS3.10 §7) parsed into data elements and written back byte for byte where nothing changed:
 * the 128-byte preamble, {@code DICM}, the file meta group (explicit VR little endian) and the data set.
 *
 * <p><b>Supported</b>: data sets in Implicit VR Little Endian (1.2.840.10008.1.2), Explicit VR Little Endian
 * (1.2.840.10008.1.2.1) and every encapsulated (compressed) syntax whose data set is explicit VR little endian
 * (JPEG, JPEG-LS, JPEG 2000, RLE, …): encapsulated Pixel Data (7FE0,0010) of undefined length is kept as its
 * fragments, untouched. Sequences of defined and undefined length are parsed into items (in implicit VR a defined-length
 * value is taken as a sequence when it parses completely as items, as no data dictionary is used); an explicit
 * {@code UN} of undefined length is parsed as an implicit-VR sequence (CP-246). Zero bytes after the last element
 * (padding) are dropped. <b>Converted on reading</b>: Explicit VR Big Endian (1.2.840.10008.1.2.2, retired) — tags
 * and lengths read big-endian, every value of a multi-byte binary VR byte-swapped per value unit (US/SS/OW/AT by 2
 * bytes, UL/SL/FL/OF/OL by 4, FD/OD/SV/UV/OV by 8; OB and text untouched), Pixel Data included — and Deflated Explicit
 * VR Little Endian (1.2.840.10008.1.2.1.99: the data set after the file meta group is a raw deflate stream, inflated
 * with {@link Inflater}{@code (nowrap = true)} up to {@link #MAX_INFLATED} bytes, a decompression-bomb limit). Both
 * are held, and {@linkplain #encode() encoded}, as Explicit VR Little Endian with the meta group's Transfer Syntax UID
 * changed accordingly; {@link #sourceTransferSyntax()} tells what the file had. <b>Refused</b>: files without the
 * {@code DICM} marker or without a Transfer Syntax UID, an undefined-length {@code UN} in a big-endian data set.
 *
 * <p><b>Hardened</b>: every declared length must fit inside its enclosing value and the file; explicit VRs must be two
 * upper-case letters; undefined lengths only on sequences, {@code UN} and Pixel Data; nesting at most
 * {@link #MAX_DEPTH} sequences deep; at most {@link #MAX_ELEMENTS} elements; files up to 2 GiB. Any violation is an
 * {@link ImagingException} naming the file, the tag and the byte offset.
 *
 * <p>{@link #encode()} writes sequences and items with defined lengths, encapsulated pixel data with undefined length,
 * and recomputes every group length element (gggg,0000) that is present, including File Meta Information Group Length
 * (0002,0000).
 */
public final class DicomDataSet {
    /** Deepest sequence nesting accepted. */
    public static final int MAX_DEPTH = 16;
    /** Most data elements accepted in one file. */
    public static final int MAX_ELEMENTS = 1_000_000;
    /** Implicit VR Little Endian. */
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    /** Explicit VR Little Endian. */
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    /** Explicit VR Big Endian (retired). */
    public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    /** Deflated Explicit VR Little Endian. */
    public static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    /** Most bytes a deflated data set may inflate to (decompression-bomb limit): 512 MiB. */
    public static final long MAX_INFLATED = 512L << 20;
    static final int PIXEL_DATA = 0x7FE00010;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQ_END = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFF_FFFFL;
    private static final long MAX_FILE = Integer.MAX_VALUE - 64;
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    /**
     * One data element: a tag, its VR (null in implicit VR unless known), and exactly one of a value, a list of
     * items (a sequence; each item a list of elements) or a list of fragments (encapsulated pixel data, the first
     * being the Basic Offset Table).
     */
    public static final class Element {
        final int tag;
        final String vr;
        final byte[] value;
        final List<List<Element>> items;
        final List<byte[]> fragments;
        /** An explicit UN of undefined length whose items are implicit VR (CP-246). */
        final boolean implicitItems;

        Element(int tag, String vr, byte[] value, List<List<Element>> items, List<byte[]> fragments, boolean implicitItems) {
            this.tag = tag;
            this.vr = vr;
            this.value = value;
            this.items = items;
            this.fragments = fragments;
            this.implicitItems = implicitItems;
        }

        static Element value(int tag, String vr, byte[] value) {
            return new Element(tag, vr, value, null, null, false);
        }

        static Element sequence(int tag, String vr, List<List<Element>> items) {
            return new Element(tag, vr, null, items, null, false);
        }

        /** The tag as (group &lt;&lt; 16 | element). */
        public int tag() {
            return tag;
        }

        /** {@code "GGGG,EEEE"}, upper-case hex, as {@code DicomReader}'s header maps. */
        public String key() {
            return DicomDataSet.key(tag);
        }

        /** The VR written in the file, or null (implicit VR). */
        public String vr() {
            return vr;
        }

        /** The raw value bytes (a copy), or null for a sequence or encapsulated pixel data. */
        public byte[] bytes() {
            return value == null ? null : value.clone();
        }

        /** The value as text (ISO-8859-1), trailing spaces and NULs removed; null for sequences and fragments. */
        public String text() {
            if (value == null) {
                return null;
            }
            int end = value.length;
            while (end > 0 && (value[end - 1] == 0 || value[end - 1] == ' ')) {
                end--;
            }
            return new String(value, 0, end, StandardCharsets.ISO_8859_1);
        }

        /** The items of a sequence (unmodifiable), or null. */
        public List<List<Element>> items() {
            return items == null ? null : Collections.unmodifiableList(items);
        }

        /** The fragments of encapsulated pixel data (unmodifiable), or null. */
        public List<byte[]> fragments() {
            return fragments == null ? null : Collections.unmodifiableList(fragments);
        }

        @Override
        public String toString() {
            return key() + (vr == null ? "" : " " + vr) + (items != null ? " (" + items.size() + " items)"
                    : fragments != null ? " (" + fragments.size() + " fragments)" : " [" + value.length + " bytes]");
        }
    }

    private final byte[] preamble;
    private final List<Element> meta;
    private final List<Element> dataSet;
    private final String transferSyntax;
    private final String sourceTransferSyntax;

    DicomDataSet(byte[] preamble, List<Element> meta, List<Element> dataSet, String transferSyntax) {
        this(preamble, meta, dataSet, transferSyntax, transferSyntax);
    }

    DicomDataSet(byte[] preamble, List<Element> meta, List<Element> dataSet, String transferSyntax,
            String sourceTransferSyntax) {
        this.preamble = preamble;
        this.meta = meta;
        this.dataSet = dataSet;
        this.transferSyntax = transferSyntax;
        this.sourceTransferSyntax = sourceTransferSyntax;
    }

    /** Reads and parses {@code file}. */
    public static DicomDataSet read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImagingException(file, "no such file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE) {
            throw new ImagingException(file, "file of " + size + " bytes is larger than the 2 GiB this reader accepts");
        }
        return parse(Files.readAllBytes(file), file);
    }

    /** Parses the bytes of a Part 10 file; {@code source} names it in errors. */
    public static DicomDataSet parse(byte[] b, Path source) throws ImagingException {
        return parse(b, source, MAX_ELEMENTS, MAX_INFLATED);
    }

    /** As {@link #parse(byte[], Path)} with another element limit (tests). */
    static DicomDataSet parse(byte[] b, Path source, int maxElements) throws ImagingException {
        return parse(b, source, maxElements, MAX_INFLATED);
    }

    /** As {@link #parse(byte[], Path)} with other element and inflated-size limits (tests). */
    static DicomDataSet parse(byte[] b, Path source, int maxElements, long maxInflated) throws ImagingException {
        return new Parser(b, source, maxElements, ByteOrder.LITTLE_ENDIAN, maxInflated, "").file();
    }

    /**
     * The Transfer Syntax UID of the data set as held and encoded (that of the meta group): the file's own, except
     * Explicit VR Little Endian for a big-endian or deflated file.
     */
    public String transferSyntax() {
        return transferSyntax;
    }

    /** The Transfer Syntax UID the file was read in. */
    public String sourceTransferSyntax() {
        return sourceTransferSyntax;
    }

    /** Whether the data set is explicit VR. */
    public boolean explicitVr() {
        return !IMPLICIT_LE.equals(transferSyntax);
    }

    /** The file meta elements (group 0002), unmodifiable. */
    public List<Element> meta() {
        return Collections.unmodifiableList(meta);
    }

    /** The top-level data set elements, unmodifiable. */
    public List<Element> elements() {
        return Collections.unmodifiableList(dataSet);
    }

    byte[] preamble() {
        return preamble.clone();
    }

    /** The top-level (or meta) element with {@code key} ({@code "GGGG,EEEE"}), or null. */
    public Element find(String key) {
        for (List<Element> list : List.of(meta, dataSet)) {
            for (Element e : list) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The text of the top-level (or meta) element {@code key}, or null when absent. */
    public String text(String key) {
        Element e = find(key);
        return e == null ? null : e.text();
    }

    /** The file's bytes: preamble, DICM, meta group, data set. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(encodeList(meta, true));
        out.writeBytes(encodeList(dataSet, explicitVr()));
        return out.toByteArray();
    }

    /** Every element of the data set, depth first through sequence items (meta group excluded). */
    public List<Element> walk() {
        List<Element> all = new ArrayList<>();
        walk(dataSet, all);
        return all;
    }

    private static void walk(List<Element> list, List<Element> into) {
        for (Element e : list) {
            into.add(e);
            if (e.items != null) {
                for (List<Element> item : e.items) {
                    walk(item, into);
                }
            }
        }
    }

    static String key(int tag) {
        return String.format(Locale.ROOT, "%04X,%04X", tag >>> 16, tag & 0xffff);
    }

    // ------------------------------------------------------------------ encoding

    static byte[] encodeList(List<Element> list, boolean explicit) {
        byte[][] parts = new byte[list.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = encode(list.get(i), explicit);
        }
        for (int i = 0; i < parts.length; i++) {
            Element e = list.get(i);
            if ((e.tag & 0xffff) == 0 && e.value != null && e.value.length == 4) { // group length: recompute
                long sum = 0;
                for (int j = 0; j < parts.length; j++) {
                    if (j != i && (list.get(j).tag >>> 16) == (e.tag >>> 16)) {
                        sum += parts[j].length;
                    }
                }
                byte[] v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) sum).array();
                parts[i] = encode(Element.value(e.tag, e.vr, v), explicit);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] encode(Element e, boolean explicit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (e.implicitItems) {
            throw new IllegalStateException("DicomDataSet: element " + e.key() + " is an undefined-length UN sequence "
                    + "(implicit VR inside explicit VR); writing it back is not supported");
        }
        if (e.fragments != null) {
            header(out, e.tag, explicit ? (e.vr == null ? "OB" : e.vr) : null, UNDEFINED, explicit);
            for (byte[] f : e.fragments) {
                tagAndLength(out, ITEM, f.length);
                out.writeBytes(f);
            }
            tagAndLength(out, SEQ_END, 0);
            return out.toByteArray();
        }
        if (e.items != null) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (List<Element> item : e.items) {
                byte[] content = encodeList(item, explicit);
                tagAndLength(body, ITEM, content.length);
                body.writeBytes(content);
            }
            header(out, e.tag, explicit ? "SQ" : null, body.size(), explicit);
            out.writeBytes(body.toByteArray());
            return out.toByteArray();
        }
        String vr = e.vr;
        if (explicit && vr == null) {
            throw new IllegalStateException("DicomDataSet: element " + e.key() + " has no VR for an explicit-VR data set");
        }
        if (explicit && !LONG_VRS.contains(vr) && e.value.length > 0xFFFF) {
            throw new IllegalStateException("DicomDataSet: element " + e.key() + " VR " + vr + " value of "
                    + e.value.length + " bytes does not fit a 16-bit length");
        }
        header(out, e.tag, vr, e.value.length, explicit);
        out.writeBytes(e.value);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, int tag, String vr, long length, boolean explicit) {
        writeShort(out, tag >>> 16);
        writeShort(out, tag & 0xffff);
        if (!explicit) {
            writeInt(out, length);
            return;
        }
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (LONG_VRS.contains(vr)) {
            writeShort(out, 0);
            writeInt(out, length);
        } else {
            writeShort(out, (int) length);
        }
    }

    private static void tagAndLength(ByteArrayOutputStream out, int tag, long length) {
        writeShort(out, tag >>> 16);
        writeShort(out, tag & 0xffff);
        writeInt(out, length);
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    private static void writeInt(ByteArrayOutputStream out, long v) {
        writeShort(out, (int) (v & 0xffff));
        writeShort(out, (int) ((v >>> 16) & 0xffff));
    }

    // ------------------------------------------------------------------ parsing

    private static final class Parser {
        private final byte[] b;
        private final ByteBuffer le;
        private final Path file;
        private int count;
        private final int maxElements;
        private final boolean bigEndian;
        private final long maxInflated;
        /** Appended to error messages ("" or " of the inflated data set"). */
        private final String where;

        Parser(byte[] b, Path file, int maxElements, ByteOrder order, long maxInflated, String where) {
            this.maxElements = maxElements;
            this.b = b;
            this.le = ByteBuffer.wrap(b).order(order);
            this.bigEndian = order == ByteOrder.BIG_ENDIAN;
            this.file = file;
            this.maxInflated = maxInflated;
            this.where = where;
        }

        DicomDataSet file() throws ImagingException {
            if (b.length < 132 || b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M') {
                throw error("not a DICOM Part 10 file: no 'DICM' marker at byte 128 (" + b.length + " bytes)");
            }
            int p = 132;
            List<Element> meta = new ArrayList<>();
            while (p + 8 <= b.length && (le.getShort(p) & 0xffff) == 0x0002) {
                int[] next = {p};
                meta.add(element(next, b.length, true, 0));
                p = next[0];
            }
            String ts = null;
            for (Element e : meta) {
                if (e.tag == 0x00020010 && e.value != null) {
                    ts = e.text().trim();
                }
            }
            if (ts == null || ts.isEmpty()) {
                throw error("the file meta group has no Transfer Syntax UID (0002,0010)");
            }
            if (ts.equals(EXPLICIT_BE) || ts.equals(DEFLATED_LE)) {
                Parser data;
                if (ts.equals(EXPLICIT_BE)) {
                    data = new Parser(b, file, maxElements, ByteOrder.BIG_ENDIAN, maxInflated, "");
                } else {
                    byte[] inflated = inflate(p);
                    byte[] whole = Arrays.copyOf(b, p + inflated.length);
                    System.arraycopy(inflated, 0, whole, p, inflated.length);
                    data = new Parser(whole, file, maxElements, ByteOrder.LITTLE_ENDIAN, maxInflated,
                            " (of the inflated data set)");
                }
                data.count = count;
                int[] pos = {p};
                List<Element> elements = data.list(pos, data.b.length, true, 0, false, true);
                List<Element> newMeta = new ArrayList<>(meta);
                for (int i = 0; i < newMeta.size(); i++) {
                    if (newMeta.get(i).tag == 0x00020010) {
                        newMeta.set(i, Element.value(0x00020010, "UI",
                                (EXPLICIT_LE + "\0").getBytes(StandardCharsets.US_ASCII)));
                    }
                }
                return new DicomDataSet(Arrays.copyOf(b, 128), newMeta, elements, EXPLICIT_LE, ts);
            }
            boolean explicit = !ts.equals(IMPLICIT_LE);
            int[] pos = {p};
            List<Element> data = list(pos, b.length, explicit, 0, false, true);
            return new DicomDataSet(Arrays.copyOf(b, 128), meta, data, ts);
        }

        /** The raw deflate stream from {@code from} to the end of the file, inflated, at most maxInflated bytes. */
        private byte[] inflate(int from) throws ImagingException {
            Inflater inf = new Inflater(true);
            try {
                byte[] input = Arrays.copyOfRange(b, from, b.length + 1); // nowrap needs one extra dummy byte
                inf.setInput(input);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] chunk = new byte[1 << 16];
                long total = 0;
                int stalls = 0;
                while (!inf.finished()) {
                    int n = inf.inflate(chunk);
                    if (n == 0) {
                        if (inf.needsDictionary()) {
                            throw error("the deflated data set needs a preset dictionary, which DICOM does not allow");
                        }
                        if (inf.needsInput() || ++stalls > 4) {
                            throw error(String.format(Locale.ROOT, "truncated deflate stream: the deflated data set "
                                    + "starting at offset %d ends before its last block (%d bytes inflated)", from, total));
                        }
                        continue;
                    }
                    stalls = 0;
                    total += n;
                    if (total > maxInflated) {
                        throw error(String.format(Locale.ROOT, "the deflated data set (%d bytes at offset %d) inflates "
                                + "to more than %d bytes, the decompression-bomb limit", b.length - from, from,
                                maxInflated));
                    }
                    out.write(chunk, 0, n);
                }
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw error(String.format(Locale.ROOT, "corrupt deflate stream in the data set starting at offset %d: "
                        + "%s", from, e.getMessage()));
            } finally {
                inf.end();
            }
        }

        /** Elements from pos[0] up to {@code end}, or up to an item delimiter when {@code untilItemEnd}. */
        private List<Element> list(int[] pos, int end, boolean explicit, int depth, boolean untilItemEnd, boolean top)
                throws ImagingException {
            List<Element> out = new ArrayList<>();
            while (pos[0] < end) {
                int p = pos[0];
                if (top && allZero(p, end)) {
                    pos[0] = end; // trailing padding
                    break;
                }
                if (p + 8 > end) {
                    throw error(String.format(Locale.ROOT, "truncated: %d stray bytes at offset %d where a data "
                            + "element needs at least 8", end - p, p));
                }
                int tag = (le.getShort(p) & 0xffff) << 16 | (le.getShort(p + 2) & 0xffff);
                if (tag == ITEM_END && untilItemEnd) {
                    pos[0] = p + 8;
                    return out;
                }
                if ((tag >>> 16) == 0xFFFE) {
                    throw error(String.format(Locale.ROOT, "unexpected delimiter (%s) at offset %d", key(tag), p));
                }
                out.add(element(pos, end, explicit, depth));
            }
            if (untilItemEnd) {
                throw error("truncated: an item of undefined length has no Item Delimitation (FFFE,E00D) before offset " + end);
            }
            return out;
        }

        private boolean allZero(int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] != 0) {
                    return false;
                }
            }
            return true;
        }

        private Element element(int[] pos, int end, boolean explicit, int depth) throws ImagingException {
            int p = pos[0];
            if (++count > maxElements) {
                throw error("more than " + maxElements + " data elements");
            }
            if (p + 8 > end) {
                throw error(String.format(Locale.ROOT, "truncated: data element at offset %d is cut off", p));
            }
            int tag = (le.getShort(p) & 0xffff) << 16 | (le.getShort(p + 2) & 0xffff);
            String vr = null;
            long len;
            int valueAt;
            if (explicit) {
                int c0 = b[p + 4] & 0xff;
                int c1 = b[p + 5] & 0xff;
                if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z') {
                    throw error(String.format(Locale.ROOT, "element (%s) at offset %d has an invalid VR (bytes 0x%02X "
                            + "0x%02X) in an explicit-VR data set", key(tag), p, c0, c1));
                }
                vr = "" + (char) c0 + (char) c1;
                if (LONG_VRS.contains(vr)) {
                    if (p + 12 > end) {
                        throw error(String.format(Locale.ROOT, "truncated: element (%s) %s at offset %d is cut off",
                                key(tag), vr, p));
                    }
                    len = le.getInt(p + 8) & 0xffffffffL;
                    valueAt = p + 12;
                } else {
                    len = le.getShort(p + 6) & 0xffff;
                    valueAt = p + 8;
                }
            } else {
                len = le.getInt(p + 4) & 0xffffffffL;
                valueAt = p + 8;
            }
            if (len == UNDEFINED) {
                if (tag == PIXEL_DATA) {
                    if (bigEndian) {
                        throw error(String.format(Locale.ROOT, "Pixel Data at offset %d has an undefined length "
                                + "(encapsulated) in an Explicit VR Big Endian data set, which only has native pixels", p));
                    }
                    pos[0] = valueAt;
                    return new Element(tag, vr, null, null, fragments(pos, end), false);
                }
                boolean un = "UN".equals(vr);
                if (un && bigEndian) {
                    throw error(String.format(Locale.ROOT, "element (%s) UN at offset %d has an undefined length in a "
                            + "big-endian data set (implicit little-endian items inside big endian); not supported",
                            key(tag), p));
                }
                if (vr != null && !vr.equals("SQ") && !un) {
                    throw error(String.format(Locale.ROOT, "element (%s) %s at offset %d has an undefined length, which "
                            + "only sequences, UN and encapsulated Pixel Data may have", key(tag), vr, p));
                }
                pos[0] = valueAt;
                List<List<Element>> items = items(pos, end, -1, un ? false : explicit, depth + 1, tag);
                return new Element(tag, vr, null, items, null, un);
            }
            if (valueAt + len > end) {
                throw error(String.format(Locale.ROOT, "truncated or corrupt: element (%s)%s at offset %d declares %d "
                        + "bytes, only %d remain%s", key(tag), vr == null ? "" : " " + vr, p, len,
                        Math.max(0, end - valueAt), end < b.length ? " in its enclosing item" : " in the file"));
            }
            int stop = (int) (valueAt + len);
            if ("SQ".equals(vr)) {
                pos[0] = valueAt;
                List<List<Element>> items = items(pos, stop, stop, explicit, depth + 1, tag);
                pos[0] = stop;
                return Element.sequence(tag, vr, items);
            }
            if (!explicit && len >= 8 && tag != PIXEL_DATA && le.getInt(valueAt) == 0xE000FFFE) {
                int saved = count;
                try { // implicit VR: a value that parses completely as items is a sequence
                    int[] q = {valueAt};
                    List<List<Element>> items = items(q, stop, stop, false, depth + 1, tag);
                    pos[0] = stop;
                    return Element.sequence(tag, null, items);
                } catch (ImagingException notASequence) {
                    if (notASequence.getMessage().contains("nested more than") || count > maxElements) {
                        throw notASequence;
                    }
                    count = saved;
                }
            }
            pos[0] = stop;
            byte[] value = Arrays.copyOfRange(b, valueAt, stop);
            if (bigEndian) {
                swap(value, unit(vr));
            }
            return Element.value(tag, vr, value);
        }

        /** Bytes per value unit of a binary VR that big endian byte-swaps; 1 for OB, UN and text. */
        private static int unit(String vr) {
            return switch (vr) {
                case "US", "SS", "OW", "AT" -> 2;
                case "UL", "SL", "FL", "OF", "OL" -> 4;
                case "FD", "OD", "SV", "UV", "OV" -> 8;
                default -> 1;
            };
        }

        private static void swap(byte[] v, int unit) {
            if (unit == 1) {
                return;
            }
            for (int i = 0; i + unit <= v.length; i += unit) {
                for (int j = 0; j < unit / 2; j++) {
                    byte t = v[i + j];
                    v[i + j] = v[i + unit - 1 - j];
                    v[i + unit - 1 - j] = t;
                }
            }
        }

        /** Items of a sequence: up to {@code stop} (defined length) or to a Sequence Delimitation ({@code stop} < 0). */
        private List<List<Element>> items(int[] pos, int end, int stop, boolean explicit, int depth, int seqTag)
                throws ImagingException {
            if (depth > MAX_DEPTH) {
                throw error(String.format(Locale.ROOT, "sequence (%s) at offset %d is nested more than %d deep",
                        key(seqTag), pos[0], MAX_DEPTH));
            }
            List<List<Element>> items = new ArrayList<>();
            int limit = stop < 0 ? end : stop;
            while (true) {
                int p = pos[0];
                if (stop >= 0 && p == stop) {
                    return items;
                }
                if (p + 8 > limit) {
                    throw error(String.format(Locale.ROOT, "truncated: sequence (%s) is cut off at offset %d",
                            key(seqTag), p));
                }
                int tag = (le.getShort(p) & 0xffff) << 16 | (le.getShort(p + 2) & 0xffff);
                long len = le.getInt(p + 4) & 0xffffffffL;
                if (tag == SEQ_END && stop < 0) {
                    pos[0] = p + 8;
                    return items;
                }
                if (tag != ITEM) {
                    throw error(String.format(Locale.ROOT, "sequence (%s): expected an item (FFFE,E000) at offset %d, "
                            + "found (%s)", key(seqTag), p, key(tag)));
                }
                if (++count > maxElements) {
                    throw error("more than " + maxElements + " data elements");
                }
                pos[0] = p + 8;
                if (len == UNDEFINED) {
                    items.add(list(pos, limit, explicit, depth, true, false));
                } else {
                    if (p + 8 + len > limit) {
                        throw error(String.format(Locale.ROOT, "truncated or corrupt: item of sequence (%s) at offset "
                                + "%d declares %d bytes, only %d remain", key(seqTag), p, len, limit - p - 8));
                    }
                    int itemEnd = (int) (p + 8 + len);
                    items.add(list(pos, itemEnd, explicit, depth, false, false));
                    pos[0] = itemEnd;
                }
            }
        }

        private List<byte[]> fragments(int[] pos, int end) throws ImagingException {
            List<byte[]> out = new ArrayList<>();
            while (true) {
                int p = pos[0];
                if (p + 8 > end) {
                    throw error(String.format(Locale.ROOT, "truncated: encapsulated Pixel Data is cut off at offset %d "
                            + "(no Sequence Delimitation)", p));
                }
                int tag = (le.getShort(p) & 0xffff) << 16 | (le.getShort(p + 2) & 0xffff);
                long len = le.getInt(p + 4) & 0xffffffffL;
                if (tag == SEQ_END) {
                    pos[0] = p + 8;
                    return out;
                }
                if (tag != ITEM || len == UNDEFINED) {
                    throw error(String.format(Locale.ROOT, "encapsulated Pixel Data: expected a fragment item "
                            + "(FFFE,E000) of defined length at offset %d, found (%s) length %d", p, key(tag), len));
                }
                if (p + 8 + len > end) {
                    throw error(String.format(Locale.ROOT, "truncated: Pixel Data fragment at offset %d declares %d "
                            + "bytes, only %d remain", p, len, end - p - 8));
                }
                if (++count > maxElements) {
                    throw error("more than " + maxElements + " data elements");
                }
                out.add(Arrays.copyOfRange(b, p + 8, (int) (p + 8 + len)));
                pos[0] = (int) (p + 8 + len);
            }
        }

        private ImagingException error(String problem) {
            return new ImagingException(file, problem + where);
        }
    }
}

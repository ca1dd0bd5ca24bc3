package dev.nabla.medical.imaging;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.measure.Calibration;
import ij.plugin.DICOM;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads DICOM images — one file (single- or multi-frame) or a folder holding one series — into a {@link Volume},
 * decoding pixels with ImageJ ({@code ij.plugin.DICOM}).
 * <ul>
 *   <li>Values: the stored value through Rescale Slope/Intercept (0028,1053/0028,1052), i.e. Hounsfield units
 *       for CT. ImageJ stores signed 16-bit pixels offset by 32768 with a calibration; this reader always goes
 *       through the calibration, never the raw {@code short[]}.</li>
 *   <li>Geometry: Pixel Spacing (0028,0030, row\column spacing) gives the in-plane spacing; a series is sorted by
 *       the position of each slice along the slice normal (Image Position (Patient) 0020,0032 · (row × column
 *       cosines of 0020,0037)), falling back to Instance Number (0020,0013); the slice spacing is the mean
 *       distance between sorted positions (a gap off by more than 50 % is refused), else Spacing Between Slices (0018,0088), else Slice Thickness
 *       (0018,0050). The affine is converted from DICOM's LPS to RAS.</li>
 *   <li>Metadata: every header element ImageJ lists, as tag {@code "GGGG,EEEE"} (upper-case hex) → value
 *       (first occurrence wins; nested sequence items are flattened), so a de-identification step can scrub
 *       e.g. {@code "0010,0010"} (Patient's Name). For a series, the first slice's header.</li>
 *   <li>Refused with an {@link ImagingException} naming the file: compressed or deflated transfer syntaxes
 *       (JPEG, JPEG-LS, JPEG 2000, RLE, deflate — decompress them first, e.g. {@code gdcmconv --raw}),
 *       colour images, truncated pixel data, files ImageJ cannot decode, and series whose slices disagree in
 *       size or collide in position.</li>
 * </ul>
 */
public final class DicomReader {
    /** Uncompressed transfer syntaxes ImageJ decodes. */
    private static final Map<String, String> SUPPORTED = Map.of(
            "1.2.840.10008.1.2", "Implicit VR Little Endian",
            "1.2.840.10008.1.2.1", "Explicit VR Little Endian",
            "1.2.840.10008.1.2.2", "Explicit VR Big Endian");

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian"),
            Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"),
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless SV1"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Near-lossless"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4"));

    private static final Pattern TAG_LINE = Pattern.compile("^([0-9A-Fa-f]{4},[0-9A-Fa-f]{4})\\s+(.*?):\\s?(.*)$");

    private DicomReader() {
    }

    /** A folder is read as a series ({@link #readSeries}), a file with {@link #readFile}. */
    public static Volume read(Path path) throws IOException {
        return Files.isDirectory(path) ? readSeries(path) : readFile(path);
    }

    /** One DICOM file; a multi-frame file gives one slice per frame. */
    public static Volume readFile(Path file) throws IOException {
        Slices s = decode(file);
        double dz = firstPositive(number(s.meta, "0018,0088"), number(s.meta, "0018,0050"), 1.0);
        double[] pos = numbers(s.meta, "0020,0032", 3);
        double[][] cosines = orientation(s.meta);
        return build(s.stack, s.width, s.height, s.spacingX, s.spacingY, dz, pos, cosines, s.meta);
    }

    /**
     * Every DICOM file in {@code folder} (files named {@code *.dcm}, or carrying the {@code DICM} marker at
     * byte 128), sorted into one volume.
     */
    public static Volume readSeries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new ImagingException(folder, "not a folder; use readFile for a single DICOM file");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".") && looksLikeDicom(p)) {
                    files.add(p);
                }
            }
        }
        if (files.isEmpty()) {
            throw new ImagingException(folder, "no DICOM files (*.dcm or with the DICM marker) in this folder");
        }
        List<Slices> slices = new ArrayList<>();
        for (Path f : files) {
            Slices s = decode(f);
            if (s.stack.length != 1) {
                throw new ImagingException(f, "multi-frame file (" + s.stack.length + " frames) inside a series folder;"
                        + " read it alone with readFile");
            }
            Slices first = slices.isEmpty() ? s : slices.get(0);
            if (s.width != first.width || s.height != first.height) {
                throw new ImagingException(f, "slice is " + s.width + "×" + s.height + " but " + first.file.getFileName()
                        + " is " + first.width + "×" + first.height + "; not one series");
            }
            String uid = s.meta.get("0020,000E");
            String uid0 = first.meta.get("0020,000E");
            if (uid != null && uid0 != null && !uid.equals(uid0)) {
                throw new ImagingException(f, "Series Instance UID " + uid + " differs from " + uid0 + " of "
                        + first.file.getFileName() + "; the folder mixes series");
            }
            slices.add(s);
        }
        double[][] cosines = orientation(slices.get(0).meta);
        double[] normal = cross(cosines[0], cosines[1]);
        boolean positioned = slices.stream().allMatch(s -> numbers(s.meta, "0020,0032", 3) != null);
        double[] key = new double[slices.size()];
        for (int i = 0; i < key.length; i++) {
            Slices s = slices.get(i);
            if (positioned) {
                key[i] = dot(numbers(s.meta, "0020,0032", 3), normal);
            } else {
                double inst = number(s.meta, "0020,0013");
                key[i] = Double.isNaN(inst) ? i : inst;
            }
        }
        Integer[] order = new Integer[slices.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> key[i]));
        double dz;
        if (positioned && order.length > 1) {
            double[] gaps = new double[order.length - 1];
            for (int i = 1; i < order.length; i++) {
                gaps[i - 1] = key[order[i]] - key[order[i - 1]];
                if (gaps[i - 1] < 1e-4) {
                    throw new ImagingException(folder, "slices " + slices.get(order[i - 1]).file.getFileName() + " and "
                            + slices.get(order[i]).file.getFileName() + " lie at the same position (" + key[order[i]]
                            + " mm along the normal); duplicate or mixed series");
                }
            }
            dz = (key[order[order.length - 1]] - key[order[0]]) / (order.length - 1);
            for (int i = 0; i < gaps.length; i++) {
                if (gaps[i] > 1.5 * dz || gaps[i] < 0.5 * dz) {
                    throw new ImagingException(folder, String.format(Locale.ROOT, "irregular slice spacing: %.3f mm "
                            + "between %s and %s, %.3f mm on average (a missing slice?)", gaps[i],
                            slices.get(order[i]).file.getFileName(), slices.get(order[i + 1]).file.getFileName(), dz));
                }
            }
        } else {
            Map<String, String> m = slices.get(0).meta;
            dz = firstPositive(number(m, "0018,0088"), number(m, "0018,0050"), 1.0);
        }
        Slices first = slices.get(order[0]);
        float[][] stack = new float[order.length][];
        for (int i = 0; i < order.length; i++) {
            stack[i] = slices.get(order[i]).stack[0];
        }
        Map<String, String> meta = new LinkedHashMap<>(first.meta);
        return build(stack, first.width, first.height, first.spacingX, first.spacingY, dz,
                numbers(first.meta, "0020,0032", 3), cosines, meta);
    }

    /** The header of one file as tag {@code "GGGG,EEEE"} → value, in file order (first occurrence wins). */
    public static Map<String, String> header(Path file) throws IOException {
        return decode(file).meta;
    }

    /** The header with element names: tag → {@code "Name: value"}, as ImageJ lists it. */
    public static Map<String, String> namedHeader(Path file) throws IOException {
        return parseInfo(decode(file).info, true);
    }

    /**
     * The Transfer Syntax UID (0002,0010) from the file meta group, or null when the file has no meta group
     * (a bare implicit-little-endian data set).
     */
    public static String transferSyntax(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        }
        if (head.length < 132 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int p = 132;
        while (p + 8 <= head.length) {
            int group = b.getShort(p) & 0xffff;
            int element = b.getShort(p + 2) & 0xffff;
            if (group != 0x0002) {
                return null;
            }
            String vr = new String(head, p + 4, 2, StandardCharsets.US_ASCII);
            long len;
            int valueAt;
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN") || vr.equals("UT")
                    || vr.equals("OF") || vr.equals("UC") || vr.equals("UR")) {
                len = b.getInt(p + 8) & 0xffffffffL;
                valueAt = p + 12;
            } else {
                len = b.getShort(p + 6) & 0xffff;
                valueAt = p + 8;
            }
            if (valueAt + len > head.length) {
                return null;
            }
            if (element == 0x0010) {
                return new String(head, valueAt, (int) len, StandardCharsets.US_ASCII).replace("\0", "").trim();
            }
            p = valueAt + (int) len;
        }
        return null;
    }

    // ------------------------------------------------------------------ decoding

    private static final class Slices {
        Path file;
        float[][] stack;
        int width;
        int height;
        double spacingX;
        double spacingY;
        String info;
        Map<String, String> meta;
    }

    private static boolean looksLikeDicom(Path p) throws IOException {
        if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(132);
            return h.length == 132 && h[128] == 'D' && h[129] == 'I' && h[130] == 'C' && h[131] == 'M';
        }
    }

    private static Slices decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ImagingException(file, "no such file");
        }
        String ts = transferSyntax(file);
        if (ts != null && !SUPPORTED.containsKey(ts)) {
            throw new ImagingException(file, "transfer syntax " + ts + " (" + KNOWN.getOrDefault(ts, "unknown")
                    + ") is not supported; only uncompressed DICOM is (" + String.join(", ", SUPPORTED.values())
                    + ") — decompress it first, e.g. gdcmconv --raw in.dcm out.dcm");
        }
        DicomStructure.check(file); // every declared length fits before ImageJ trusts them
        DICOM dcm = new DICOM();
        try {
            dcm.open(file.toString());
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new ImagingException(file, "ImageJ could not decode this DICOM file (" + e + ")", e);
        }
        if (dcm.getWidth() <= 0 || dcm.getHeight() <= 0 || dcm.getStack() == null) {
            throw new ImagingException(file, "ImageJ could not decode this file as DICOM (no image: not DICOM, corrupt, "
                    + "or an unsupported encoding" + (ts == null ? "" : ", transfer syntax " + ts) + ")");
        }
        if (dcm.getType() == ImagePlus.COLOR_RGB || dcm.getType() == ImagePlus.COLOR_256) {
            throw new ImagingException(file, "colour image (photometric interpretation "
                    + parseInfo(info(dcm), false).getOrDefault("0028,0004", "?").trim()
                    + "); only greyscale DICOM is supported as a volume");
        }
        FileInfo fi = dcm.getOriginalFileInfo();
        int w = dcm.getWidth();
        int h = dcm.getHeight();
        int n = dcm.getStackSize();
        if (fi != null) {
            long need = fi.getOffset() + (long) w * h * n * fi.getBytesPerPixel();
            long size = Files.size(file);
            if (size < need) {
                throw new ImagingException(file, "truncated: pixel data of " + w + "×" + h + "×" + n + " × "
                        + fi.getBytesPerPixel() + " bytes from offset " + fi.getOffset() + " needs " + need
                        + " bytes, the file has " + size);
            }
        }
        Calibration cal = dcm.getCalibration();
        ImageStack stack = dcm.getStack();
        float[][] out = new float[n][w * h];
        for (int s = 0; s < n; s++) {
            ImageProcessor ip = stack.getProcessor(s + 1);
            float[] o = out[s];
            boolean integer = dcm.getType() == ImagePlus.GRAY8 || dcm.getType() == ImagePlus.GRAY16;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    o[y * w + x] = integer ? (float) cal.getCValue(ip.get(x, y)) : ip.getf(x, y);
                }
            }
        }
        Slices r = new Slices();
        r.file = file;
        r.stack = out;
        r.width = w;
        r.height = h;
        r.info = info(dcm);
        r.meta = parseInfo(r.info, false);
        double[] ps = numbers(r.meta, "0028,0030", 2);
        r.spacingY = ps != null && ps[0] > 0 ? ps[0] : positiveOr(cal.pixelHeight, 1);
        r.spacingX = ps != null && ps[1] > 0 ? ps[1] : positiveOr(cal.pixelWidth, 1);
        return r;
    }

    private static String info(ImagePlus imp) {
        Object o = imp.getProperty("Info");
        return o == null ? "" : o.toString();
    }

    static Map<String, String> parseInfo(String info, boolean withNames) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : info.split("\\r?\\n")) {
            Matcher mt = TAG_LINE.matcher(line);
            if (mt.matches()) {
                String tag = mt.group(1).toUpperCase(Locale.ROOT);
                String value = mt.group(3).trim();
                m.putIfAbsent(tag, withNames ? mt.group(2).trim() + ": " + value : value);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private static Volume build(float[][] stack, int w, int h, double dx, double dy, double dz, double[] pos,
                                double[][] cosines, Map<String, String> meta) {
        int n = stack.length;
        float[] data = new float[w * h * n];
        for (int s = 0; s < n; s++) {
            System.arraycopy(stack[s], 0, data, s * w * h, w * h);
        }
        double[] normal = cross(cosines[0], cosines[1]);
        double[] origin = pos == null ? new double[3] : pos;
        double[][] lps = new double[4][4];
        for (int r = 0; r < 3; r++) {
            lps[r][0] = cosines[0][r] * dx;
            lps[r][1] = cosines[1][r] * dy;
            lps[r][2] = normal[r] * dz;
            lps[r][3] = origin[r];
        }
        for (int c = 0; c < 4; c++) { // LPS → RAS
            lps[0][c] = -lps[0][c];
            lps[1][c] = -lps[1][c];
        }
        lps[3][3] = 1;
        return new Volume(data, new int[] {w, h, n}, new double[] {dx, dy, dz}, lps,
                Modality.fromCode(meta.get("0008,0060")), meta);
    }

    /** Row and column direction cosines (LPS) from Image Orientation (Patient); default axial. */
    private static double[][] orientation(Map<String, String> meta) {
        double[] o = numbers(meta, "0020,0037", 6);
        if (o == null) {
            return new double[][] {{1, 0, 0}, {0, 1, 0}};
        }
        return new double[][] {{o[0], o[1], o[2]}, {o[3], o[4], o[5]}};
    }

    private static double[] numbers(Map<String, String> meta, String tag, int count) {
        String v = meta.get(tag);
        if (v == null) {
            return null;
        }
        String[] parts = v.trim().split("\\\\");
        if (parts.length < count) {
            return null;
        }
        double[] r = new double[count];
        try {
            for (int i = 0; i < count; i++) {
                r[i] = Double.parseDouble(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return r;
    }

    private static double number(Map<String, String> meta, String tag) {
        double[] r = numbers(meta, tag, 1);
        return r == null ? Double.NaN : r[0];
    }

    private static double firstPositive(double... values) {
        for (double v : values) {
            if (v > 0) {
                return v;
            }
        }
        return 1;
    }

    private static double positiveOr(double v, double fallback) {
        return v > 0 ? v : fallback;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}

package dev.nabla.medical.imaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A structural check of a DICOM file before ImageJ decodes it: walks every data element (file meta group in
 * explicit VR little endian, then the data set in the file's transfer syntax; nested sequences and items entered)
 * and refuses, with an {@link ImagingException} naming the file, the tag and the offset, any element whose declared
 * length runs past the end of the file, an invalid VR in an explicit-VR data set, an undefined length on an element
 * that cannot have one, or more than {@link #MAX_ELEMENTS} elements. The walk ends at Pixel Data (7FE0,0010), as
 * ImageJ's does (files padded with zeros after it occur). ImageJ trusts those lengths (a corrupted length
 * makes it allocate or scan for the declared size), so the check keeps crafted files from exhausting memory or time.
 */
final class DicomStructure {
    /** Most data elements accepted in one file. */
    static final int MAX_ELEMENTS = 1_000_000;
    private static final long MAX_FILE = 2L << 30;
    private static final long UNDEFINED = 0xFFFF_FFFFL;
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    private DicomStructure() {
    }

    /** Checks {@code file}; returns normally when every element fits. */
    static void check(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE) {
            throw new ImagingException(file, "file of " + size + " bytes is larger than the 2 GiB this reader accepts");
        }
        byte[] b = Files.readAllBytes(file);
        int p = 0;
        boolean part10 = b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
        String ts = "1.2.840.10008.1.2"; // a bare data set: implicit VR little endian
        if (part10) {
            p = 132;
            ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            while (p + 8 <= b.length && (le.getShort(p) & 0xffff) == 0x0002) {
                Element e = element(file, b, p, le, true);
                if (e.valueAt + e.length > b.length) {
                    throw tooLong(file, e, b.length);
                }
                if (e.element == 0x0010) {
                    ts = new String(b, e.valueAt, (int) e.length, StandardCharsets.US_ASCII).replace("\0", "").trim();
                }
                p = (int) (e.valueAt + e.length);
            }
        }
        boolean explicit = !ts.equals("1.2.840.10008.1.2");
        ByteOrder order = ts.equals("1.2.840.10008.1.2.2") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (ts.equals("1.2.840.10008.1.2.1.99")) {
            return; // deflated: the data set is compressed; DicomReader refuses this syntax anyway
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        int count = 0;
        while (p + 8 <= b.length) {
            if (++count > MAX_ELEMENTS) {
                throw new ImagingException(file, "more than " + MAX_ELEMENTS + " data elements");
            }
            int group = buf.getShort(p) & 0xffff;
            int elem = buf.getShort(p + 2) & 0xffff;
            if (group == 0xFFFE) { // item, item delimitation, sequence delimitation: tag + 4-byte length
                long len = buf.getInt(p + 4) & 0xffffffffL;
                if (elem == 0xE000 && len != UNDEFINED && p + 8 + len > b.length) {
                    throw new ImagingException(file, String.format("item at offset %d declares %d bytes, only %d remain",
                            p, len, b.length - p - 8));
                }
                p += 8; // enter items; delimiters carry no value
                continue;
            }
            Element e = element(file, b, p, buf, explicit);
            if (e.length == UNDEFINED) {
                if (!(e.vr == null || e.vr.equals("SQ") || e.vr.equals("UN") || e.vr.equals("OB") || e.vr.equals("OW"))) {
                    throw new ImagingException(file, String.format("element (%04X,%04X) with VR %s at offset %d has an "
                            + "undefined length, which only sequences and encapsulated pixel data may have", group, elem,
                            e.vr, p));
                }
                p = e.valueAt; // walk into the sequence / encapsulated fragments
                continue;
            }
            if (e.valueAt + e.length > b.length) {
                if (group == 0x7FE0 && elem == 0x0010) {
                    throw new ImagingException(file, String.format("truncated: Pixel Data at offset %d declares %d bytes, "
                            + "only %d remain", p, e.length, b.length - e.valueAt));
                }
                throw tooLong(file, e, b.length);
            }
            if (group == 0x7FE0 && elem == 0x0010) {
                return; // what follows the pixel data (padding, zeros) is not read by ImageJ either
            }
            p = (int) (e.valueAt + e.length);
        }
    }

    private record Element(int group, int element, String vr, long length, int valueAt, int offset) {
    }

    private static Element element(Path file, byte[] b, int p, ByteBuffer buf, boolean explicit) throws ImagingException {
        int group = buf.getShort(p) & 0xffff;
        int elem = buf.getShort(p + 2) & 0xffff;
        if (!explicit) {
            return new Element(group, elem, null, buf.getInt(p + 4) & 0xffffffffL, p + 8, p);
        }
        char c0 = (char) (b[p + 4] & 0xff);
        char c1 = (char) (b[p + 5] & 0xff);
        if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z') {
            throw new ImagingException(file, String.format("element (%04X,%04X) at offset %d has an invalid VR "
                    + "(bytes 0x%02X 0x%02X) in an explicit-VR data set", group, elem, p, (int) c0, (int) c1));
        }
        String vr = "" + c0 + c1;
        if (LONG_VRS.contains(vr)) {
            if (p + 12 > b.length) {
                throw new ImagingException(file, String.format("element (%04X,%04X) at offset %d is cut off", group, elem, p));
            }
            return new Element(group, elem, vr, buf.getInt(p + 8) & 0xffffffffL, p + 12, p);
        }
        return new Element(group, elem, vr, buf.getShort(p + 6) & 0xffff, p + 8, p);
    }

    private static ImagingException tooLong(Path file, Element e, int size) {
        return new ImagingException(file, String.format("element (%04X,%04X)%s at offset %d declares %d bytes, only %d "
                + "remain in the file", e.group, e.element, e.vr == null ? "" : " " + e.vr, e.offset, e.length,
                Math.max(0, size - e.valueAt)));
    }
}

package dev.nabla.medical.privacy;

import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.privacy.DicomDataSet.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a de-identified copy of a DICOM Part 10 file: the same PS3.15 Annex E Basic Application Level
 * Confidentiality Profile actions as {@link DicomDeidentifier} (its class documentation lists every attribute and
 * action), applied to the file's data elements — at the top level <em>and inside every sequence item</em> — and written
 * back as a valid DICOM file (formats: {@link DicomDataSet}).
 *
 * <ul>
 *   <li>Removed (X), emptied (Z), replaced by {@code ANONYMOUS} / a keyed pseudonym, UIDs replaced by
 *       {@code 2.25.<HMAC>} (the same original UID gives the same new UID under one key, in every file and in the
 *       file meta group's Media Storage SOP Instance UID), dates shifted by one per-patient offset (the key and the
 *       original Patient ID decide it; intervals are kept) — exactly as {@link DicomDeidentifier#apply}.</li>
 *   <li>In explicit-VR files every other attribute of VR DA or DT is shifted by the same offset too (e.g. dates
 *       inside sequences, Performed Procedure Step Start Date); in implicit-VR files only the listed date tags are
 *       (no data dictionary).</li>
 *   <li>Sequences listed for removal (Content, Request Attributes, Institution Code, Other Patient IDs) go with all
 *       their items; every other sequence is kept and its items de-identified recursively.</li>
 *   <li>Removed as well: all private (odd-group) elements, every other group-0010 element, Digital Signatures
 *       (FFFA,FFFA) and Data Set Trailing Padding (FFFC,FFFC); any remaining text value that contains the patient's
 *       name (components of 3+ characters) or ID.</li>
 *   <li>Added: Patient Identity Removed (0012,0062) = YES, De-identification Method (0012,0063), De-identification
 *       Method Code Sequence (0012,0064: DCM 113100 Basic Application Confidentiality Profile, DCM 113107 Retain
 *       Longitudinal Temporal Information Modified Dates Option), Longitudinal Temporal Information Modified
 *       (0028,0303) = MODIFIED.</li>
 *   <li>Elements of VR UN without a listed action are removed (their bytes may hold a sequence with UIDs, dates
 *       or names that cannot be inspected), and the 128-byte preamble is written as zeros.</li>
 *   <li>Pixel Data (7FE0,0010) is copied byte for byte (native or encapsulated fragments); group lengths are
 *       recomputed. Burned-in text is <b>not</b> cleaned: Burned In Annotation = YES is refused unless the
 *       de-identifier allows it.</li>
 * </ul>
 * The output is written to a temporary file in the target folder and renamed into place, so a failure (bad input,
 * full disk) never leaves a partial output file. Errors are {@link ImagingException}s naming the input file.
 */
public final class DeidentifiedDicomWriter {
    /** De-identification Method (0012,0063) values, each within LO's 64 characters. */
    static final String[] METHOD_VALUES = {"DICOM PS3.15 E.1-1 Basic Application Confidentiality Profile",
            "Retain Longitudinal Temporal Information Modified Dates Option", "Nabla DeidentifiedDicomWriter"};
    private static final Set<String> BINARY_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "UN", "US", "SS", "UL",
            "SL", "FL", "FD", "AT", "SV", "UV");

    private final DicomDeidentifier profile;

    /** A writer applying {@code profile}'s key and options. */
    public DeidentifiedDicomWriter(DicomDeidentifier profile) {
        this.profile = profile;
    }

    /** What one file became. */
    public record Result(Path output, String sopInstanceUid, int removed, int replaced, int kept) {
    }

    /** De-identifies {@code input} and writes it to {@code output} (atomically; an existing file is replaced). */
    public Result write(Path input, Path output) throws IOException {
        DicomDataSet src = DicomDataSet.read(input);
        Counts c = new Counts();
        DicomDataSet out = deidentify(src, input, c);
        byte[] bytes;
        try {
            bytes = out.encode();
        } catch (IllegalStateException e) {
            throw new ImagingException(input, e.getMessage(), e);
        }
        writeAtomically(output, bytes);
        return new Result(output, out.text("0008,0018"), c.removed, c.replaced, c.kept);
    }

    /**
     * De-identifies {@code input} into {@code folder}, naming the file after its de-identified SOP Instance UID
     * ({@code <uid>.dcm}) so that nothing of the input's file name (which may carry a name or an ID) is kept. An
     * existing file of that name is never replaced (two inputs with one SOP Instance UID are one instance, e.g. in
     * two encodings): that input is refused with an {@link ImagingException} and nothing is written for it.
     */
    public Result writeInto(Path input, Path folder) throws IOException {
        DicomDataSet src = DicomDataSet.read(input);
        Counts c = new Counts();
        DicomDataSet out = deidentify(src, input, c);
        String uid = out.text("0008,0018");
        if (uid == null || uid.isBlank() || !uid.matches("[0-9.]+")) {
            throw new ImagingException(input, "no usable SOP Instance UID (0008,0018) to name the output file after");
        }
        byte[] bytes;
        try {
            bytes = out.encode();
        } catch (IllegalStateException e) {
            throw new ImagingException(input, e.getMessage(), e);
        }
        Path target = folder.resolve(uid + ".dcm");
        try {
            writeAtomically(target, bytes, false);
        } catch (FileAlreadyExistsException e) {
            throw new ImagingException(input, target + " already exists (an instance with the same SOP "
                    + "Instance UID was written before, e.g. the same image in another encoding); not replaced", e);
        }
        return new Result(target, uid, c.removed, c.replaced, c.kept);
    }

    /** The de-identified data set of {@code src} ({@code source} names the file in errors). */
    public DicomDataSet deidentify(DicomDataSet src, Path source) throws ImagingException {
        return deidentify(src, source, new Counts());
    }

    private DicomDataSet deidentify(DicomDataSet src, Path source, Counts c) throws ImagingException {
        String burned = src.text("0028,0301");
        if (burned != null && burned.trim().equalsIgnoreCase("YES") && !profile.allowsBurnedInAnnotation()) {
            throw new ImagingException(source, "Burned In Annotation (0028,0301) is YES: identifying text may be in "
                    + "the pixels, which this de-identifier does not clean; refused");
        }
        String name = orEmpty(src.text("0010,0010")).trim();
        String id = orEmpty(src.text("0010,0020")).trim();
        Context ctx = new Context();
        ctx.patientKey = id.isEmpty() ? name : id;
        ctx.shiftDays = profile.shiftDays(ctx.patientKey);
        ctx.needles = DicomDeidentifier.needles(name, id);
        ctx.explicit = src.explicitVr();
        ctx.counts = c;
        ctx.source = source;
        List<Element> meta = apply(src.meta(), ctx, true);
        List<Element> data = apply(src.elements(), ctx, false);
        setOrAdd(data, Element.value(0x00120062, "CS", text("YES", false)));
        setOrAdd(data, Element.value(0x00120063, "LO", text(String.join("\\", METHOD_VALUES), false)));
        setOrAdd(data, Element.sequence(0x00120064, "SQ", List.of(code("113100",
                "Basic Application Confidentiality Profile"), code("113107",
                "Retain Longitudinal Temporal Information Modified Dates Option"))));
        setOrAdd(data, Element.value(0x00280303, "CS", text("MODIFIED", false)));
        return new DicomDataSet(new byte[128], meta, data, src.transferSyntax()); // the preamble is application-defined: zeroed
    }

    private static List<Element> code(String value, String meaning) {
        List<Element> item = new ArrayList<>();
        item.add(Element.value(0x00080100, "SH", text(value, false)));
        item.add(Element.value(0x00080102, "SH", text("DCM", false)));
        item.add(Element.value(0x00080104, "LO", text(meaning, false)));
        return item;
    }

    private static final class Context {
        String patientKey;
        long shiftDays;
        String[] needles;
        boolean explicit;
        Counts counts;
        Path source;
    }

    private static final class Counts {
        int removed;
        int replaced;
        int kept;
    }

    private List<Element> apply(List<Element> in, Context ctx, boolean meta) throws ImagingException {
        List<Element> out = new ArrayList<>();
        for (Element e : in) {
            Element r = apply(e, ctx, meta);
            if (r == null) {
                ctx.counts.removed++;
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** The element after the profile's action, or null when it is removed. */
    private Element apply(Element e, Context ctx, boolean meta) throws ImagingException {
        int group = e.tag >>> 16;
        String key = e.key();
        if ((group & 1) == 1 || group == 0xFFFA || e.tag == 0xFFFCFFFC) {
            return null; // private, digital signatures, trailing padding
        }
        DicomDeidentifier.Action a = DicomDeidentifier.ACTIONS.get(key);
        if (a == null && group == 0x0010) {
            a = DicomDeidentifier.Action.REMOVE; // any other patient-module attribute
        }
        if (e.items != null) {
            if (a != null) {
                return null; // listed sequences are removed with their items
            }
            if (e.implicitItems) {
                throw new ImagingException(ctx.source, "element " + key + " is an undefined-length UN sequence outside "
                        + "a private group; rewriting it is not supported");
            }
            List<List<Element>> items = new ArrayList<>();
            for (List<Element> item : e.items) {
                items.add(apply(item, ctx, false));
            }
            ctx.counts.kept++;
            return Element.sequence(e.tag, e.vr, items);
        }
        if (e.fragments != null) {
            ctx.counts.kept++;
            return e; // encapsulated pixel data, untouched
        }
        if (a == null && ctx.explicit && !meta && ("DA".equals(e.vr) || "DT".equals(e.vr))) {
            a = "DA".equals(e.vr) ? DicomDeidentifier.Action.SHIFT_DATE : DicomDeidentifier.Action.SHIFT_DATETIME;
        }
        if (a == null) {
            if (e.tag != DicomDataSet.PIXEL_DATA && isText(e) && DicomDeidentifier.containsAny(e.text(), ctx.needles)) {
                return null; // safety net
            }
            if ("UN".equals(e.vr) && e.tag != DicomDataSet.PIXEL_DATA) {
                return null; // unknown VR: raw bytes that may hold a sequence with UIDs, dates or names we cannot see
            }
            ctx.counts.kept++;
            return e;
        }
        String v = e.text();
        Element r = switch (a) {
            case REMOVE -> null;
            case EMPTY -> with(e, new byte[0]);
            case ANONYMOUS_NAME -> with(e, text("ANONYMOUS", false));
            case PSEUDONYM -> with(e, text(profile.pseudonym(ctx.patientKey), false));
            case UID -> v.isBlank() ? e : with(e, text(uids(v), true));
            case SHIFT_DATE -> shiftDates(v, ctx.shiftDays, false).map(d -> with(e, text(d, false))).orElse(null);
            case SHIFT_DATETIME -> shiftDates(v, ctx.shiftDays, true).map(d -> with(e, text(d, false))).orElse(null);
            case CHARACTERISTIC -> profile.retainsPatientCharacteristics() ? e : null;
        };
        if (r != null) {
            if (r == e) {
                ctx.counts.kept++;
            } else {
                ctx.counts.replaced++;
            }
        }
        return r;
    }

    /** Each backslash-separated UID mapped. */
    private String uids(String v) {
        String[] parts = v.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            parts[i] = p.isEmpty() ? p : profile.uid(p);
        }
        return String.join("\\", parts);
    }

    /** Each backslash-separated date (or date-time: first 8 characters) shifted; empty if any is unparsable. */
    private static Optional<String> shiftDates(String v, long days, boolean dateTime) {
        if (v.isEmpty()) {
            return Optional.of("");
        }
        String[] parts = v.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() < 8 || (!dateTime && p.length() != 8)) {
                return Optional.empty(); // not a plain date (e.g. a range): removed rather than kept unshifted
            }
            Optional<String> d = DicomDeidentifier.shiftDate(p.substring(0, 8), days);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            parts[i] = d.get() + (dateTime ? p.substring(8) : "");
        }
        return Optional.of(String.join("\\", parts));
    }

    private static boolean isText(Element e) {
        if (e.vr != null) {
            return !BINARY_VRS.contains(e.vr);
        }
        if (e.value.length > 65536) {
            return false;
        }
        for (byte x : e.value) {
            int u = x & 0xff;
            if (u < 0x20 && u != 0 && u != '\t' && u != '\n' && u != '\r' && u != 0x1B) {
                return false;
            }
        }
        return true;
    }

    private static Element with(Element e, byte[] value) {
        return Element.value(e.tag, e.vr, value);
    }

    /** ASCII value padded to even length (UIDs with NUL, text with a space). */
    private static byte[] text(String s, boolean uid) {
        byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
        if (raw.length % 2 == 0) {
            return raw;
        }
        byte[] out = java.util.Arrays.copyOf(raw, raw.length + 1);
        out[raw.length] = (byte) (uid ? 0 : ' ');
        return out;
    }

    private static void setOrAdd(List<Element> list, Element e) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).tag == e.tag) {
                list.set(i, e.vr == null && list.get(i).vr != null ? Element.value(e.tag, list.get(i).vr, e.value) : e);
                return;
            }
        }
        int i = 0;
        while (i < list.size() && Integer.compareUnsigned(list.get(i).tag, e.tag) < 0) {
            i++;
        }
        list.add(i, e);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, then renames it into place (replacing). */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        writeAtomically(target, bytes, true);
    }

    /**
     * As {@link #writeAtomically(Path, byte[])}; without {@code replace} an existing target is left alone and a
     * {@link FileAlreadyExistsException} thrown (a hard link is made atomically, falling back to a plain move).
     */
    static void writeAtomically(Path target, byte[] bytes, boolean replace) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            if (!replace) {
                try {
                    Files.createLink(target, tmp); // fails atomically when target exists
                    Files.delete(tmp);
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (e instanceof FileAlreadyExistsException) {
                        throw e;
                    }
                    Files.move(tmp, target); // no REPLACE_EXISTING: refuses an existing target
                }
                return;
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DeidentifiedDicomWriter(%s)", profile);
    }
}

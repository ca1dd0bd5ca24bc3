package dev.nabla.medical.privacy;

import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.privacy.ConfidentialityProfile.Action;
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
 * Writes a de-identified copy of a DICOM Part 10 file: the Basic Profile column of DICOM PS3.15 Annex E Table E.1-1
 * ({@link ConfidentialityProfile}, 620 rows of PS3.15 2024b) applied to the file's data elements — in the file meta
 * group, at the top level <em>and inside every sequence item</em> — with the Retain Longitudinal Temporal Information
 * with Modified Dates option, and written back as a valid DICOM file (formats: {@link DicomDataSet}; big-endian and
 * deflated input is written as Explicit VR Little Endian).
 *
 * <ul>
 *   <li><b>X</b> removed; <b>Z</b>, <b>X/Z</b>, <b>X/Z/D</b> and <b>Z/D</b> a zero-length value (a sequence: no items);
 *       <b>D</b> and <b>X/D</b> a dummy consistent with the VR ({@code ANONYMOUS} for text VRs, {@code 0} for DS/IS,
 *       {@code 000D} for AS, zeros for binary VRs, a keyed UID for UI; removed when the VR is unknown), a D sequence
 *       kept with its items de-identified, except Content Sequence (removed); <b>U</b> every UID replaced by
 *       {@code 2.25.<HMAC>} (the same original UID gives the same new UID under one key, in every file and in the
 *       meta group); <b>X/Z/U*</b> sequences kept with their items de-identified.</li>
 *   <li>Patient's Name {@code ANONYMOUS}; Patient ID (Z/D) a keyed pseudonym; Age, Sex, Size, Weight kept under the
 *       Retain Patient Characteristics option.</li>
 *   <li>Temporal option: listed DA/DT attributes are shifted by one per-patient offset (the key and the original
 *       Patient ID decide it; intervals are kept), TM attributes kept (the shift is whole days) — except Patient's
 *       Birth Date/Time and the GPS stamps; in explicit-VR files unlisted DA/DT elements are shifted too.</li>
 *   <li>Removed as well: all private (odd-group) elements, every unlisted group-0010 element, Source Application
 *       Entity Title (0002,0016), every element of VR UN (opaque bytes that may hold UIDs, dates or names); any
 *       remaining text value that contains the patient's name (components of 3+ characters) or ID.</li>
 *   <li>Added: Patient Identity Removed (0012,0062) = YES, De-identification Method (0012,0063), De-identification
 *       Method Code Sequence (0012,0064: DCM 113100 Basic Application Confidentiality Profile, DCM 113107 Retain
 *       Longitudinal Temporal Information Modified Dates Option), Longitudinal Temporal Information Modified
 *       (0028,0303) = MODIFIED. The 128-byte preamble is written as zeros.</li>
 *   <li>Pixel Data (7FE0,0010) is copied (native or encapsulated fragments); group lengths are recomputed.
 *       Burned-in text is <b>not</b> cleaned: Burned In Annotation = YES is refused unless the de-identifier allows
 *       it.</li>
 * </ul>
 * The output is written to a temporary file in the target folder and renamed into place, so a failure (bad input,
 * full disk) never leaves a partial output file. Errors are {@link ImagingException}s naming the input file.
 */
public final class DeidentifiedDicomWriter {
    /** De-identification Method (0012,0063) values, each within LO's 64 characters. */
    static final String[] METHOD_VALUES = {"DICOM PS3.15 E.1-1 Basic Application Confidentiality Profile",
            "Retain Longitudinal Temporal Information Modified Dates Option", "Nabla DeidentifiedDicomWriter"};
    /** The Basic Profile column of PS3.15 Table E.1-1. */
    static final ConfidentialityProfile TABLE = ConfidentialityProfile.basic();
    /** Patient's Age, Sex, Size, Weight: kept under the Retain Patient Characteristics option. */
    static final Set<Integer> CHARACTERISTICS = Set.of(0x00101010, 0x00100040, 0x00101020, 0x00101030);
    /**
     * Dates the temporal option does not shift: Patient's Birth Date and Time (demographic, not study timing) and the
     * GPS Date/Time Stamps (they go with a location) — the table's action applies to them.
     */
    private static final Set<Integer> NOT_SHIFTED = Set.of(0x00100030, 0x00100032, 0x0016008D, 0x00160077);
    private static final Set<String> BINARY_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "UN", "US", "SS", "UL",
            "SL", "FL", "FD", "AT", "SV", "UV");

    private final DicomDeidentifier profile;

    /** A writer applying {@code profile}'s key and options. */
    public DeidentifiedDicomWriter(DicomDeidentifier profile) {
        this.profile = profile;
    }

    /**
     * What one file became: where it was written, its new SOP Instance UID, element counts, and the input's transfer
     * syntax ({@code sourceTransferSyntax}; the output's is the same, except Explicit VR Little Endian for a big-endian
     * or deflated input).
     */
    public record Result(Path output, String sopInstanceUid, int removed, int replaced, int kept,
            String sourceTransferSyntax) {
        /** Whether the input was converted to Explicit VR Little Endian (big-endian or deflated input). */
        public boolean converted() {
            return sourceTransferSyntax.equals(DicomDataSet.EXPLICIT_BE)
                    || sourceTransferSyntax.equals(DicomDataSet.DEFLATED_LE);
        }
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
        return new Result(output, out.text("0008,0018"), c.removed, c.replaced, c.kept, src.sourceTransferSyntax());
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
        return new Result(target, uid, c.removed, c.replaced, c.kept, src.sourceTransferSyntax());
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
        if ((group & 1) == 1) {
            return null; // private attributes (Table E.1-1's "Private attributes" row: X)
        }
        if (e.tag == 0x00100010) {
            return replaced(ctx, with(e, text("ANONYMOUS", false))); // Z, with a dummy value
        }
        if (e.tag == 0x00100020) {
            return replaced(ctx, with(e, text(profile.pseudonym(ctx.patientKey), false))); // Z/D as D: keyed pseudonym
        }
        if (CHARACTERISTICS.contains(e.tag) && profile.retainsPatientCharacteristics()) {
            return kept(ctx, e); // Retain Patient Characteristics option: K
        }
        if (e.tag == 0x00020016) {
            return null; // Source Application Entity Title: not in the table, names the sending system
        }
        if (e.fragments != null) {
            return kept(ctx, e); // encapsulated pixel data, untouched
        }
        if ("UN".equals(e.vr) && e.tag != DicomDataSet.PIXEL_DATA) {
            return null; // unknown VR: raw bytes that may hold a sequence with UIDs, dates or names we cannot see
        }
        ConfidentialityProfile.Row row = TABLE.find(e.tag);
        if (row == null) {
            return unlisted(e, ctx, meta, group);
        }
        String vr = e.vr != null ? e.vr : row.vr().isEmpty() ? null : row.vr();
        Action a = row.action();
        if (e.items != null) {
            return sequence(e, a, ctx);
        }
        if (a == Action.U || (a == Action.X_Z_U && "UI".equals(vr))) {
            String v = e.text();
            return v.isBlank() ? kept(ctx, e) : replaced(ctx, with(e, text(uids(v), true)));
        }
        if (!NOT_SHIFTED.contains(e.tag) && a != Action.K && ("DA".equals(vr) || "DT".equals(vr) || "TM".equals(vr))) {
            // Retain Longitudinal Temporal Information with Modified Dates option (its column is C for these rows):
            // dates shifted by the patient's offset, times of day kept (the shift is whole days).
            if ("TM".equals(vr)) {
                return kept(ctx, e);
            }
            return shifted(e, ctx, "DT".equals(vr));
        }
        return switch (a) {
            case X, C -> null; // C (cleaning) is not implemented: removed instead
            case K -> kept(ctx, e);
            case Z, Z_D, X_Z, X_Z_D, X_Z_U -> e.value.length == 0 ? kept(ctx, e) : replaced(ctx, with(e, new byte[0]));
            case D, X_D -> {
                byte[] dummy = dummy(vr, e);
                yield dummy == null ? null : replaced(ctx, with(e, dummy));
            }
            case U -> throw new AssertionError(a);
        };
    }

    /** A sequence the table lists: X removes it, Z-like actions empty it, D-like and U* keep its items de-identified. */
    private Element sequence(Element e, Action a, Context ctx) throws ImagingException {
        requireDefinedItems(e, ctx);
        switch (a) {
            case X, C -> {
                return null;
            }
            case Z, Z_D, X_Z, X_Z_D -> {
                return e.items.isEmpty() ? kept(ctx, e) : replaced(ctx, Element.sequence(e.tag, e.vr, List.of()));
            }
            default -> {
                if (e.tag == 0x0040A730) {
                    return null; // Content Sequence (D): SR text values are not in the table; removed, not recursed
                }
                return replaced(ctx, Element.sequence(e.tag, e.vr, deidentifiedItems(e, ctx)));
            }
        }
    }

    /** An attribute that Table E.1-1 does not list: kept, with this writer's extra rules. */
    private Element unlisted(Element e, Context ctx, boolean meta, int group) throws ImagingException {
        if (group == 0x0010) {
            return null; // any other patient-module attribute (stricter than the table, which keeps unlisted ones)
        }
        if (e.items != null) {
            requireDefinedItems(e, ctx);
            List<List<Element>> items = deidentifiedItems(e, ctx);
            ctx.counts.kept++;
            return Element.sequence(e.tag, e.vr, items);
        }
        if (ctx.explicit && !meta && ("DA".equals(e.vr) || "DT".equals(e.vr))) {
            return shifted(e, ctx, "DT".equals(e.vr));
        }
        if (e.tag != DicomDataSet.PIXEL_DATA && isText(e) && DicomDeidentifier.containsAny(e.text(), ctx.needles)) {
            return null; // safety net
        }
        return kept(ctx, e);
    }

    private static void requireDefinedItems(Element e, Context ctx) throws ImagingException {
        if (e.implicitItems) {
            throw new ImagingException(ctx.source, "element " + e.key() + " is an undefined-length UN sequence outside "
                    + "a private group; rewriting it is not supported");
        }
    }

    /** Each item of sequence {@code e} with the profile applied to its elements. */
    private List<List<Element>> deidentifiedItems(Element e, Context ctx) throws ImagingException {
        List<List<Element>> items = new ArrayList<>();
        for (List<Element> item : e.items) {
            items.add(apply(item, ctx, false));
        }
        return items;
    }

    /** A DA/DT element shifted by the patient's offset, or null (removed) when its value is not a date. */
    private Element shifted(Element e, Context ctx, boolean dateTime) {
        Optional<String> d = shiftDates(e.text(), ctx.shiftDays, dateTime);
        return d.isPresent() ? replaced(ctx, with(e, text(d.get(), false))) : null;
    }

    /**
     * The D dummy for {@code vr}: text VRs {@code ANONYMOUS}; AS {@code 000D}; DA/DT/TM the epoch 19000101 / 000000;
     * DS/IS {@code 0}; UI a keyed UID of the original; fixed-size binary VRs zeros of the original length (at least one
     * value); OB/OW/OF/OD/OL/OV zeros of one unit. Null (remove) for an unknown VR or UN.
     */
    private byte[] dummy(String vr, Element e) {
        if (vr == null) {
            return null;
        }
        return switch (vr) {
            case "AE", "CS", "LO", "LT", "PN", "SH", "ST", "UC", "UT", "UR" -> text("ANONYMOUS", false);
            case "AS" -> text("000D", false);
            case "DA" -> text("19000101", false);
            case "DT" -> text("19000101000000", false);
            case "TM" -> text("000000", false);
            case "DS", "IS" -> text("0", false);
            case "UI" -> text(e.text().isBlank() ? profile.uid(e.key()) : uids(e.text()), true);
            case "US", "SS" -> new byte[Math.max(2, e.value.length)];
            case "UL", "SL", "FL", "AT" -> new byte[Math.max(4, e.value.length)];
            case "FD", "SV", "UV" -> new byte[Math.max(8, e.value.length)];
            case "OB", "OW" -> new byte[2];
            case "OF", "OL" -> new byte[4];
            case "OD", "OV" -> new byte[8];
            default -> null;
        };
    }

    private static Element kept(Context ctx, Element e) {
        ctx.counts.kept++;
        return e;
    }

    private static Element replaced(Context ctx, Element e) {
        ctx.counts.replaced++;
        return e;
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

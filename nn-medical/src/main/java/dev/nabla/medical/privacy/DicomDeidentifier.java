package dev.nabla.medical.privacy;

import dev.nabla.medical.imaging.DicomReader;
import dev.nabla.medical.imaging.ImagingException;
import dev.nabla.medical.imaging.Volume;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * De-identifies DICOM header metadata (tag {@code "GGGG,EEEE"} → value, as {@link DicomReader} gives it) after the
 * DICOM PS3.15 Annex E <b>Basic Application Level Confidentiality Profile</b>, with the <b>Retain Longitudinal
 * Temporal Information with Modified Dates</b> option, applied on import ({@link #read}) so that identifying values
 * never reach a log, a cache or a file written by the library.
 *
 * <p>Actions (PS3.15 Table E.1-1 action codes: X remove, Z replace by an empty/dummy value, U replace UID,
 * D replace by a dummy; here S = date shifted):
 * <ul>
 *   <li><b>Patient</b>: Patient's Name (0010,0010) → {@code ANONYMOUS} (Z); Patient ID (0010,0020) → a keyed
 *       pseudonym {@code PSEUDO-…} (Z, consistent per patient so studies stay linkable); Birth Date (0010,0030),
 *       Birth Time (0010,0032), Other Patient IDs (0010,1000), Other Patient IDs Sequence (0010,1002), Other Patient
 *       Names (0010,1001), Birth Name (0010,1005), Mother's Birth Name (0010,1060), Address (0010,1040), Telephone
 *       Numbers (0010,2154), Medical Record Locator (0010,1090), Ethnic Group (0010,2160), Occupation (0010,2180),
 *       Additional Patient History (0010,21B0), Religious Preference (0010,21F0), Patient Comments (0010,4000),
 *       Military Rank (0010,1080), Branch of Service (0010,1081), Insurance Plan (0010,1050) — removed (X);
 *       Age (0010,1010), Sex (0010,0040), Size (0010,1020), Weight (0010,1030) — removed unless
 *       {@link #retainPatientCharacteristics()} (PS3.15's Retain Patient Characteristics option); <em>any other</em>
 *       group-0010 attribute — removed.</li>
 *   <li><b>Institution and staff</b>: Institution Name (0008,0080), Address (0008,0081), Code Sequence (0008,0082),
 *       Department (0008,1040), Station Name (0008,1010), Referring Physician's Name (0008,0090, Z → empty), Address
 *       (0008,0092), Telephone (0008,0094), Physician(s) of Record (0008,1048), Performing Physician (0008,1050),
 *       Reading Physician (0008,1060), Operators' Name (0008,1070), Requesting Physician (0032,1032), Device Serial
 *       Number (0018,1000), Source Application Entity Title (0002,0016), Current Patient Location (0038,0300),
 *       Admission ID (0038,0010) — removed.</li>
 *   <li><b>Study identifiers</b>: Accession Number (0008,0050) and Study ID (0020,0010) → empty (Z); Requested
 *       Procedure ID (0040,1001), Scheduled/Performed Procedure Step IDs (0040,0009 / 0040,0253) — removed.</li>
 *   <li><b>Free text</b>: Study (0008,1030) and Series (0008,103E) Description, Admitting Diagnoses (0008,1080),
 *       Image Comments (0020,4000), Study Comments (0032,4000), Requested Procedure Description (0032,1060),
 *       Performed Procedure Step Description (0040,0254), Protocol Name (0018,1030), Content Sequence (0040,A730),
 *       Request Attributes Sequence (0040,0275) — removed.</li>
 *   <li><b>UIDs</b> (U): SOP Instance (0008,0018), Media Storage SOP Instance (0002,0003), Study Instance
 *       (0020,000D), Series Instance (0020,000E), Frame of Reference (0020,0052), Synchronization Frame of Reference
 *       (0020,0200), Instance Creator (0008,0014), Referenced SOP Instance (0008,1155), Storage Media File-set
 *       (0088,0140), UID (0040,A124), Irradiation Event (0008,3010) → {@code 2.25.<decimal of 128 bits of
 *       HMAC-SHA256(key, uid)>} — the same input UID always maps to the same new UID under one key, so series and
 *       studies stay consistent across files. Class UIDs (SOP Class, Transfer Syntax) are not identifying and are
 *       kept.</li>
 *   <li><b>Dates</b> (S): Study (0008,0020), Series (0008,0021), Acquisition (0008,0022), Content (0008,0023),
 *       Instance Creation (0008,0012) dates and Acquisition DateTime (0008,002A) are shifted by a per-patient offset of
 *       −1…−3650 days drawn from HMAC(key, original Patient ID), so intervals within one patient are preserved; times
 *       of day are kept (the option keeps them); an unparsable date is removed.</li>
 *   <li><b>Private attributes</b> (odd groups, e.g. GE's 0009/0019/0043 blocks): all removed (the profile's default;
 *       the Retain Safe Private option is not implemented).</li>
 *   <li><b>Safety net</b>: any remaining attribute whose value contains the original Patient Name, any of its
 *       name components (3+ characters), or the original Patient ID is removed.</li>
 *   <li>Added: Patient Identity Removed (0012,0062) = {@code YES}, De-identification Method (0012,0063),
 *       Longitudinal Temporal Information Modified (0028,0303) = {@code MODIFIED}.</li>
 * </ul>
 * <p><b>Not handled</b> (documented, not silently ignored): text burned into the pixels — a file whose Burned In
 * Annotation (0028,0301) is {@code YES} is refused unless {@link #allowBurnedInAnnotation()} (then pixels must be
 * cleaned elsewhere), and files without that attribute may still carry burned-in text (e.g. ultrasound, secondary
 * captures); faces recognisable from 3-D renderings of head CT/MR (defacing is not done); identifying content inside
 * nested sequences beyond what ImageJ flattens into the header; file names and folder names (they are not metadata —
 * callers must not name files after patients); the pixel data's own content.
 *
 * <p>The key must be kept secret and constant for a project: with it, pseudonyms, UIDs and date shifts can be
 * recomputed (re-identification by whoever holds the key and the original IDs).
 */
public final class DicomDeidentifier {
    /** The method string written to (0012,0063). */
    public static final String METHOD = "DICOM PS3.15 E.1 Basic Application Level Confidentiality Profile; "
            + "Retain Longitudinal Temporal Information with Modified Dates Option; Nabla DicomDeidentifier";

    static final Map<String, Action> ACTIONS = actions();
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final byte[] key;
    /** One initialised HMAC-SHA256 per thread (a Mac is not thread-safe; looking one up per value is slow). */
    private final ThreadLocal<Mac> mac;
    private boolean retainPatientCharacteristics;
    private boolean allowBurnedInAnnotation;

    /** What happens to an attribute. */
    enum Action { REMOVE, EMPTY, ANONYMOUS_NAME, PSEUDONYM, UID, SHIFT_DATE, SHIFT_DATETIME, CHARACTERISTIC }

    /** A de-identifier keyed with {@code key} (at least 16 bytes; keep it secret, constant per project). */
    public DicomDeidentifier(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("DicomDeidentifier: the key must have at least 16 bytes");
        }
        this.key = key.clone();
        byte[] k = this.key;
        this.mac = ThreadLocal.withInitial(() -> newMac(k));
    }

    /** Keeps Patient's Age, Sex, Size and Weight (PS3.15 Retain Patient Characteristics option). */
    public DicomDeidentifier retainPatientCharacteristics() {
        this.retainPatientCharacteristics = true;
        return this;
    }

    /** Accepts files flagged with burned-in annotation; the caller takes responsibility for the pixels. */
    public DicomDeidentifier allowBurnedInAnnotation() {
        this.allowBurnedInAnnotation = true;
        return this;
    }

    /** The tags this profile acts on, with their action, for documentation and tests. */
    public static Map<String, String> handledAttributes() {
        Map<String, String> out = new TreeMap<>();
        ACTIONS.forEach((k, v) -> out.put(k, v.name()));
        return Collections.unmodifiableMap(out);
    }

    /** Reads a DICOM file or series ({@link DicomReader#read}) and returns it with de-identified metadata. */
    public Volume read(Path path) throws IOException {
        Volume v = DicomReader.read(path);
        return v.withMetadata(apply(v.metadata(), path));
    }

    /** The de-identified copy of {@code header} (tag → value); {@code source} names the file in errors only. */
    public Map<String, String> apply(Map<String, String> header, Path source) throws ImagingException {
        if ("YES".equalsIgnoreCase(header.getOrDefault("0028,0301", "").trim()) && !allowBurnedInAnnotation) {
            throw new ImagingException(source, "Burned In Annotation (0028,0301) is YES: identifying text may be "
                    + "in the pixels, which this de-identifier does not clean; refused (allowBurnedInAnnotation() "
                    + "to accept and clean pixels elsewhere)");
        }
        String name = header.getOrDefault("0010,0010", "").trim();
        String id = header.getOrDefault("0010,0020", "").trim();
        String patientKey = id.isEmpty() ? name : id;
        long shiftDays = shiftDays(patientKey);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : header.entrySet()) {
            String tag = e.getKey().toUpperCase(Locale.ROOT);
            String value = e.getValue();
            if (isPrivate(tag)) {
                continue;
            }
            Action a = ACTIONS.get(tag);
            if (a == null && tag.startsWith("0010,")) {
                a = Action.REMOVE; // any other patient-module attribute
            }
            if (a == null) {
                out.put(tag, value);
                continue;
            }
            switch (a) {
                case REMOVE -> { }
                case EMPTY -> out.put(tag, "");
                case ANONYMOUS_NAME -> out.put(tag, "ANONYMOUS");
                case PSEUDONYM -> out.put(tag, pseudonym(patientKey));
                case UID -> {
                    if (!value.isBlank()) {
                        out.put(tag, uid(value.trim()));
                    }
                }
                case SHIFT_DATE -> shiftDate(value, shiftDays).ifPresent(d -> out.put(tag, d));
                case SHIFT_DATETIME -> {
                    String v = value.trim();
                    if (v.length() >= 8) {
                        shiftDate(v.substring(0, 8), shiftDays).ifPresent(d -> out.put(tag, d + v.substring(8)));
                    }
                }
                case CHARACTERISTIC -> {
                    if (retainPatientCharacteristics) {
                        out.put(tag, value);
                    }
                }
                default -> throw new AssertionError(a);
            }
        }
        // Safety net: values that still mention the patient.
        String[] needles = needles(name, id);
        out.entrySet().removeIf(e -> !e.getKey().equals("0010,0010") && !e.getKey().equals("0010,0020")
                && containsAny(e.getValue(), needles));
        out.put("0012,0062", "YES");
        out.put("0012,0063", METHOD);
        out.put("0028,0303", "MODIFIED");
        return Collections.unmodifiableMap(out);
    }

    /** The per-patient date offset in days (−1 … −3650) for {@code patientKey} (original Patient ID, else name). */
    long shiftDays(String patientKey) {
        return -1 - Math.floorMod(new BigInteger(1, hmac("date-shift|" + patientKey)).longValue(), 3650L);
    }

    /** The keyed pseudonym that replaces Patient ID. */
    String pseudonym(String patientKey) {
        return "PSEUDO-" + HexFormat.of().formatHex(hmac("patient|" + patientKey), 0, 8);
    }

    boolean retainsPatientCharacteristics() {
        return retainPatientCharacteristics;
    }

    boolean allowsBurnedInAnnotation() {
        return allowBurnedInAnnotation;
    }

    /** {@code 2.25.} followed by the decimal value of the first 128 bits of HMAC-SHA256(key, uid). */
    String uid(String original) {
        byte[] h = Arrays.copyOf(hmac("uid|" + original), 16);
        return "2.25." + new BigInteger(1, h);
    }

    static java.util.Optional<String> shiftDate(String value, long days) {
        String v = value.trim();
        if (v.isEmpty()) {
            return java.util.Optional.of("");
        }
        try {
            return java.util.Optional.of(LocalDate.parse(v, DA).plusDays(days).format(DA));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty(); // unparsable: dropped rather than kept unshifted
        }
    }

    private static boolean isPrivate(String tag) {
        try {
            return (Integer.parseInt(tag.substring(0, 4), 16) & 1) == 1;
        } catch (RuntimeException e) {
            return true; // malformed tag: drop it
        }
    }

    static String[] needles(String name, String id) {
        java.util.List<String> n = new java.util.ArrayList<>();
        if (id.length() >= 3) {
            n.add(id.toUpperCase(Locale.ROOT));
        }
        for (String part : name.split("[\\^ ]+")) {
            if (part.length() >= 3) {
                n.add(part.toUpperCase(Locale.ROOT));
            }
        }
        return n.toArray(new String[0]);
    }

    static boolean containsAny(String value, String[] needles) {
        String v = value.toUpperCase(Locale.ROOT);
        for (String s : needles) {
            if (v.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private byte[] hmac(String message) {
        return mac.get().doFinal(message.getBytes(StandardCharsets.UTF_8)); // doFinal resets the Mac for reuse
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static Map<String, Action> actions() {
        Map<String, Action> m = new LinkedHashMap<>();
        m.put("0010,0010", Action.ANONYMOUS_NAME);
        m.put("0010,0020", Action.PSEUDONYM);
        for (String t : new String[] {"0010,0030", "0010,0032", "0010,1000", "0010,1001", "0010,1002", "0010,1005",
                "0010,1060", "0010,1040", "0010,2154", "0010,1090", "0010,2160", "0010,2180", "0010,21B0", "0010,21F0",
                "0010,4000", "0010,1080", "0010,1081", "0010,1050", "0010,0021", "0010,0022",
                "0008,0080", "0008,0081", "0008,0082", "0008,1040", "0008,1010", "0008,0092", "0008,0094", "0008,1048",
                "0008,1050", "0008,1060", "0008,1070", "0032,1032", "0018,1000", "0002,0016", "0038,0300", "0038,0010",
                "0040,1001", "0040,0009", "0040,0253",
                "0008,1030", "0008,103E", "0008,1080", "0020,4000", "0032,4000", "0032,1060", "0040,0254", "0018,1030",
                "0040,A730", "0040,0275"}) {
            m.put(t, Action.REMOVE);
        }
        for (String t : new String[] {"0008,0090", "0008,0050", "0020,0010"}) {
            m.put(t, Action.EMPTY);
        }
        for (String t : new String[] {"0010,1010", "0010,0040", "0010,1020", "0010,1030"}) {
            m.put(t, Action.CHARACTERISTIC);
        }
        for (String t : new String[] {"0008,0018", "0002,0003", "0020,000D", "0020,000E", "0020,0052", "0020,0200",
                "0008,0014", "0008,1155", "0088,0140", "0040,A124", "0008,3010"}) {
            m.put(t, Action.UID);
        }
        for (String t : new String[] {"0008,0020", "0008,0021", "0008,0022", "0008,0023", "0008,0012"}) {
            m.put(t, Action.SHIFT_DATE);
        }
        m.put("0008,002A", Action.SHIFT_DATETIME);
        return Collections.unmodifiableMap(m);
    }
}

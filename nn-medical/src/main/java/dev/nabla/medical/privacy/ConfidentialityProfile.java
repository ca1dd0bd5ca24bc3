package dev.nabla.medical.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Basic Profile column of DICOM PS3.15 Annex E Table E.1-1 (Application Level Confidentiality Profile
 * Attributes), loaded from the checked-in resource {@code ps3.15-table-e1-1.tsv} beside this class (its header names
 * the source: PS3.15 2024b as transcribed by KitwareMedical/dicom-anonymizer, with the commit).
 *
 * <p>Each {@link Row} has a tag — or a repeating-group mask such as {@code 50xx,xxxx} (Curve Data) or
 * {@code 60xx,3000} (Overlay Data), where each {@code x} matches any hex digit — the VR that ImageJ's dictionary gives
 * for it (empty when unknown), the Basic Profile {@link Action} and the attribute's name. {@link #find(int)} gives the
 * row for a tag: the exact row if there is one, else the first mask row that matches.
 */
public final class ConfidentialityProfile {
    /** The resource name, relative to this class. */
    public static final String RESOURCE = "ps3.15-table-e1-1.tsv";

    /** Basic Profile action codes (PS3.15 E.1.1). */
    public enum Action {
        /** Replace with a non-zero-length dummy value consistent with the VR. */
        D("D"),
        /** Replace with a zero-length value, or a dummy value consistent with the VR. */
        Z("Z"),
        /** Remove. */
        X("X"),
        /** Keep. */
        K("K"),
        /** Clean: replace with values of similar meaning known not to identify. */
        C("C"),
        /** Replace with a non-zero-length UID, consistent within the set of instances. */
        U("U"),
        /** Z unless D is required to keep the IOD conformant. */
        Z_D("Z/D"),
        /** X unless Z is required to keep the IOD conformant. */
        X_Z("X/Z"),
        /** X unless D is required to keep the IOD conformant. */
        X_D("X/D"),
        /** X unless Z or D is required to keep the IOD conformant. */
        X_Z_D("X/Z/D"),
        /** X unless Z or replacement of contained instance UIDs (U) is required. */
        X_Z_U("X/Z/U*");

        private final String code;

        Action(String code) {
            this.code = code;
        }

        /** The code as the table writes it, e.g. {@code "X/Z/U*"}. */
        public String code() {
            return code;
        }

        /** The action for a table code, e.g. {@code "Z/D"}. */
        public static Action of(String code) {
            for (Action a : values()) {
                if (a.code.equals(code)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown PS3.15 action code '" + code + "'");
        }
    }

    /**
     * One row of the table.
     *
     * @param tag   the tag as {@code "GGGG,EEEE"} (upper-case hex, {@code x} in repeating-group masks)
     * @param value the tag's bits with 0 where the mask has {@code x}
     * @param mask  1-bits where the tag is fixed ({@code 0xFFFFFFFF} for an ordinary tag)
     * @param vr    the VR from ImageJ's dictionary, or empty
     * @param action the Basic Profile action
     * @param name  the attribute name as the table gives it
     */
    public record Row(String tag, int value, int mask, String vr, Action action, String name) {
        /** Whether {@code t} (group &lt;&lt; 16 | element) is this row's tag or matches its mask. */
        public boolean matches(int t) {
            return (t & mask) == value;
        }
    }

    private static final ConfidentialityProfile BASIC = load();

    private final List<Row> rows;
    private final Map<Integer, Row> exact;
    private final List<Row> masked;

    private ConfidentialityProfile(List<Row> rows) {
        this.rows = Collections.unmodifiableList(rows);
        this.exact = new HashMap<>();
        List<Row> m = new ArrayList<>();
        for (Row r : rows) {
            if (r.mask == 0xFFFFFFFF) {
                if (exact.put(r.value, r) != null) {
                    throw new IllegalStateException(RESOURCE + ": tag " + r.tag + " listed twice");
                }
            } else {
                m.add(r);
            }
        }
        this.masked = List.copyOf(m);
    }

    /** The Basic Profile table from the bundled resource. */
    public static ConfidentialityProfile basic() {
        return BASIC;
    }

    /** All rows in file order (sorted by tag). */
    public List<Row> rows() {
        return rows;
    }

    /** The row for {@code tag} (group &lt;&lt; 16 | element), or null when the table does not list it. */
    public Row find(int tag) {
        Row r = exact.get(tag);
        if (r != null) {
            return r;
        }
        for (Row m : masked) {
            if (m.matches(tag)) {
                return m;
            }
        }
        return null;
    }

    /** The row for {@code "GGGG,EEEE"}, or null. */
    public Row find(String key) {
        return find(parseTag(key, key).value);
    }

    private static ConfidentialityProfile load() {
        try (InputStream in = ConfidentialityProfile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the TSV format of the resource ({@code #} comments; tag, vr, action, name); {@code source} names it. */
    static ConfidentialityProfile parse(BufferedReader r, String source) throws IOException {
        List<Row> rows = new ArrayList<>();
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = source + " line " + no;
            if (f.length != 4) {
                throw new IllegalArgumentException(where + ": expected 4 tab-separated fields (tag, vr, action, name), "
                        + "found " + f.length);
            }
            Row parsed = parseTag(f[0], where);
            if (!f[1].isEmpty() && !f[1].matches("[A-Z]{2}")) {
                throw new IllegalArgumentException(where + ": VR '" + f[1] + "' is not two capital letters");
            }
            Action a;
            try {
                a = Action.of(f[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (f[3].isBlank()) {
                throw new IllegalArgumentException(where + ": empty attribute name");
            }
            rows.add(new Row(parsed.tag, parsed.value, parsed.mask, f[1], a, f[3]));
        }
        return new ConfidentialityProfile(rows);
    }

    private static Row parseTag(String s, String where) {
        String t = s.trim().toUpperCase(Locale.ROOT).replace('X', 'x');
        if (!t.matches("[0-9A-Fx]{4},[0-9A-Fx]{4}")) {
            throw new IllegalArgumentException(where + ": tag '" + s + "' is not GGGG,EEEE (x for a repeating digit)");
        }
        String hex = t.replace(",", "");
        int value = 0;
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            char c = hex.charAt(i);
            value <<= 4;
            mask <<= 4;
            if (c != 'x') {
                value |= Character.digit(c, 16);
                mask |= 0xF;
            }
        }
        return new Row(t, value, mask, "", Action.K, "");
    }

    @Override
    public String toString() {
        return "ConfidentialityProfile(" + rows.size() + " rows of PS3.15 Table E.1-1)";
    }
}

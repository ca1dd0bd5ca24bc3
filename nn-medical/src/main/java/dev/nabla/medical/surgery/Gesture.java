package dev.nabla.medical.surgery;

/**
 * The 15 surgical gestures of the JIGSAWS vocabulary (Gao et al. 2014), {@code G1}–{@code G15}. Class
 * index {@code i} (0-based, used for model outputs) is gesture {@code G(i+1)}.
 */
public enum Gesture {
    G1("reaching for needle with right hand"),
    G2("positioning needle"),
    G3("pushing needle through tissue"),
    G4("transferring needle from left to right"),
    G5("moving to center with needle in grip"),
    G6("pulling suture with left hand"),
    G7("pulling suture with right hand"),
    G8("orienting needle"),
    G9("using right hand to help tighten suture"),
    G10("loosening more suture"),
    G11("dropping suture at end and moving to end points"),
    G12("reaching for needle with left hand"),
    G13("making C loop around right hand"),
    G14("reaching for suture with right hand"),
    G15("pulling suture with both hands");

    /** Number of gestures, the number of classes of a gesture model. */
    public static final int COUNT = 15;

    private final String description;

    Gesture(String description) {
        this.description = description;
    }

    /** What the surgeon does, as worded in the JIGSAWS documentation. */
    public String description() {
        return description;
    }

    /** The 0-based class index ({@code G1} → 0). */
    public int index() {
        return ordinal();
    }

    /** The gesture of a 0-based class index. */
    public static Gesture ofIndex(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("gesture index " + index + " is outside [0, " + COUNT + ")");
        }
        return values()[index];
    }

    /** Parses {@code "G1"} … {@code "G15"} (case-insensitive). */
    public static Gesture parse(String label) {
        String s = label.trim().toUpperCase(java.util.Locale.ROOT);
        if (s.startsWith("G")) {
            try {
                int n = Integer.parseInt(s.substring(1));
                if (n >= 1 && n <= COUNT) {
                    return values()[n - 1];
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown gesture '" + label + "': expected G1 … G15");
    }
}

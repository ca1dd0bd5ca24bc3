package dev.nabla.medical.surgery;

/** Self-reported operator experience as in JIGSAWS: novice (N), intermediate (I), expert (E). */
public enum Skill {
    NOVICE('N'), INTERMEDIATE('I'), EXPERT('E');

    private final char code;

    Skill(char code) {
        this.code = code;
    }

    /** The letter used in the JIGSAWS meta file. */
    public char code() {
        return code;
    }

    /** Parses the meta-file letter {@code N}, {@code I} or {@code E}. */
    public static Skill parse(String code) {
        String s = code.trim();
        for (Skill k : values()) {
            if (s.length() == 1 && Character.toUpperCase(s.charAt(0)) == k.code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown skill level '" + code + "': expected N, I or E");
    }
}

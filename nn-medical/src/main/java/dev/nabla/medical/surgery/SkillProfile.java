package dev.nabla.medical.surgery;

/**
 * How a simulated operator of one skill level moves (the simulator's assumptions, loosely after the
 * JIGSAWS observations that novices are slower, shakier, travel longer paths and repeat gestures).
 *
 * @param slowness   gesture durations × this (expert 1)
 * @param tremorMm   amplitude of the 8–12 Hz hand tremor at the slave tool tip, mm
 * @param detourMm   typical sideways detour of a reach, mm (longer, less direct paths)
 * @param errorRate  probability, at each opportunity, of an error gesture sequence (failed needle pass,
 *                   extra re-orientation, suture tightening/loosening, dropped needle)
 * @param grsItem    mean score of each of the six GRS items (1–5)
 */
public record SkillProfile(double slowness, double tremorMm, double detourMm, double errorRate, double grsItem) {
    /** The simulator's profile of a skill level. */
    public static SkillProfile of(Skill skill) {
        return switch (skill) {
            case EXPERT -> new SkillProfile(1.0, 0.05, 1.5, 0.04, 4.3);
            case INTERMEDIATE -> new SkillProfile(1.35, 0.08, 4.0, 0.12, 3.4);
            case NOVICE -> new SkillProfile(1.8, 0.12, 8.0, 0.25, 2.6);
        };
    }
}

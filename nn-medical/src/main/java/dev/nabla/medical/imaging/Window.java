package dev.nabla.medical.imaging;

/**
 * A CT display window: {@code width} and {@code level} (centre) in Hounsfield units. Applying it maps
 * {@code v → clamp((v − (level − width/2)) / width, 0, 1)}.
 * <p>Presets: values from Radiopaedia, "Windowing (CT)" (radiopaedia.org/articles/windowing-ct), which lists
 * brain W 80 / L 40, subdural W 130–300 / L 50–100, stroke W 40 / L 40, soft tissue W 350–400 / L 20–60,
 * lung W 1500 / L −600, bone W 1800 / L 400, liver W 150 / L 30.
 *
 * @param width window width (HU), positive
 * @param level window centre (HU)
 */
public record Window(double width, double level) {
    /** Brain: W 80 / L 40. */
    public static final Window BRAIN = new Window(80, 40);
    /** Subdural (blood against bone): W 200 / L 75, the middle of Radiopaedia's 130–300 / 50–100. */
    public static final Window SUBDURAL = new Window(200, 75);
    /** Stroke (early ischaemia): W 40 / L 40. */
    public static final Window STROKE = new Window(40, 40);
    /** Soft tissue: W 400 / L 40. */
    public static final Window SOFT_TISSUE = new Window(400, 40);
    /** Lung: W 1500 / L −600. */
    public static final Window LUNG = new Window(1500, -600);
    /** Bone: W 1800 / L 400. */
    public static final Window BONE = new Window(1800, 400);
    /** Liver: W 150 / L 30. */
    public static final Window LIVER = new Window(150, 30);

    public Window {
        if (!(width > 0) || !Double.isFinite(level)) {
            throw new IllegalArgumentException("Window: width must be positive and level finite, got W " + width
                    + " / L " + level);
        }
    }

    /** A preset by name (brain, subdural, stroke, soft-tissue, lung, bone, liver), case-insensitive. */
    public static Window preset(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "brain": return BRAIN;
            case "subdural": return SUBDURAL;
            case "stroke": return STROKE;
            case "soft-tissue": case "soft": return SOFT_TISSUE;
            case "lung": return LUNG;
            case "bone": return BONE;
            case "liver": return LIVER;
            default: throw new IllegalArgumentException("unknown window preset '" + name
                    + "'; known: brain, subdural, stroke, soft-tissue, lung, bone, liver");
        }
    }

    /** Lower edge {@code level − width/2}. */
    public double lower() {
        return level - width / 2;
    }

    /** Upper edge {@code level + width/2}. */
    public double upper() {
        return level + width / 2;
    }

    /** {@code clamp((v − lower) / width, 0, 1)}. */
    public float map(double v) {
        double t = (v - lower()) / width;
        return (float) Math.max(0, Math.min(1, t));
    }

    /** Maps every value of {@code in} into {@code out} (may be the same array). */
    public void apply(float[] in, float[] out) {
        for (int i = 0; i < in.length; i++) {
            out[i] = map(in[i]);
        }
    }
}

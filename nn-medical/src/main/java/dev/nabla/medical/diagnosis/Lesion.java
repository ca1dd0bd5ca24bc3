package dev.nabla.medical.diagnosis;

/**
 * The parameters of one SIMULATED lesion: centre (column, row, in pixels), mean radius (pixels),
 * elongation and orientation of an ellipse, irregularity of its outline (0 = smooth ellipse), contrast
 * (signed intensity change in the slice's normalised units, [0, 1] = the display window), partial-volume
 * blur (Gaussian σ in pixels) and the standard deviation of its internal texture noise.
 */
public record Lesion(double centreX, double centreY, double radius, double elongation, double angle,
                     double irregularity, double contrast, double blur, double texture) {
    /** Checks the ranges. */
    public Lesion {
        if (!(radius > 0) || !(elongation >= 1) || irregularity < 0 || irregularity >= 1 || blur < 0 || texture < 0) {
            throw new IllegalArgumentException("lesion: need radius > 0, elongation >= 1, 0 <= irregularity < 1, "
                    + "blur >= 0, texture >= 0; got radius=" + radius + " elongation=" + elongation + " irregularity="
                    + irregularity + " blur=" + blur + " texture=" + texture);
        }
    }

    /** "ellipsoid" or "irregular". */
    public String shape() {
        return irregularity == 0 ? "ellipsoid" : "irregular";
    }
}

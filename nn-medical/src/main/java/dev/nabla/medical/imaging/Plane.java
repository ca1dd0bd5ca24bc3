package dev.nabla.medical.imaging;

/**
 * An anatomical slice plane. Which voxel axis a plane cuts is read from the volume's affine (the voxel axis
 * whose direction is closest to the plane's normal), so a coronally acquired volume still gives true axial
 * slices of its axial plane. See {@link Volume#slice(Plane, int)} for the in-plane orientation.
 */
public enum Plane {
    /** Transverse plane, normal along the superior–inferior (world z) axis; anterior at the top of the image. */
    AXIAL(2),
    /** Frontal plane, normal along the anterior–posterior (world y) axis; superior at the top. */
    CORONAL(1),
    /** Side plane, normal along the left–right (world x) axis; superior at the top. */
    SAGITTAL(0);

    private final int worldNormal;

    Plane(int worldNormal) {
        this.worldNormal = worldNormal;
    }

    /** The world (RAS) axis normal to this plane: 0 = x (left–right), 1 = y, 2 = z. */
    public int worldNormal() {
        return worldNormal;
    }

    /** The world axis that points up in the displayed slice: anterior (y) for axial, superior (z) otherwise. */
    public int worldUp() {
        return this == AXIAL ? 1 : 2;
    }
}

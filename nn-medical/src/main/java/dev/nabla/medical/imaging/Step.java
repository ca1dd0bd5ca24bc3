package dev.nabla.medical.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One preprocessing step: a named function from volume to volume. Images are handled as one-slice volumes
 * (an {@link Image2D} of {@code w × h} is the volume {@code w × h × 1} with the same pixel order). Make steps
 * with {@link Preprocessing}; chain them with {@link Preprocessing#pipeline}.
 */
public interface Step {
    /** A short description with parameters, e.g. {@code window(W80 L40)}; also the snapshot file name. */
    String name();

    /** Applies the step; the input is not changed. */
    Volume apply(Volume v);

    /** Applies the step to an image. */
    default Image2D apply(Image2D img) {
        Volume v = new Volume(img.data(), new int[] {img.width(), img.height(), 1},
                new double[] {img.spacingX(), img.spacingY(), 1}, null, Modality.OTHER, null);
        Volume out = apply(v);
        return new Image2D(out.data(), out.nx(), out.ny(), out.spacing()[0], out.spacing()[1]);
    }

    /**
     * Applies the step and writes {@code png}: the middle axial slice before (left) and after (right), each
     * panel scaled to its own min–max.
     */
    default Volume apply(Volume v, Path png) {
        Volume out = apply(v);
        try {
            ImageFiles.writeSideBySide(png, v.slice(Plane.AXIAL, v.sliceCount(Plane.AXIAL) / 2),
                    out.slice(Plane.AXIAL, out.sliceCount(Plane.AXIAL) / 2));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the before/after picture " + png, e);
        }
        return out;
    }
}

package dev.nabla.medical.imaging;

import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 3-D scalar image (CT in Hounsfield units, MR intensities, a label map) with its geometry.
 * <ul>
 *   <li>Voxels: {@code float}, x fastest — the value of voxel {@code (i, j, k)} is
 *       {@code data[i + nx * (j + ny * k)]} (the NIfTI order; a C array {@code [nz][ny][nx]}).</li>
 *   <li>{@code spacing}: voxel size in mm along i, j, k.</li>
 *   <li>{@code affine}: 4×4 voxel-to-world matrix in millimetres, world = RAS+ (the NIfTI/MNI convention:
 *       +x towards the patient's Right, +y Anterior, +z Superior). DICOM's LPS positions are converted on
 *       reading ({@code x → −x, y → −y}).
 *       {@code world = affine · (i, j, k, 1)ᵀ}.</li>
 *   <li>{@code modality} and a free {@code metadata} map (for DICOM: tag {@code "GGGG,EEEE"} → value, e.g.
 *       {@code "0010,0010" → "Doe^John"}; for NIfTI: {@code nifti.*} header fields).</li>
 * </ul>
 * The voxel array is shared, not copied ({@link #data()} is live); use {@link #copy()} before changing voxels
 * of a volume someone else holds.
 */
public final class Volume {
    private final float[] data;
    private final int nx;
    private final int ny;
    private final int nz;
    private final double[] spacing;
    private final double[][] affine;
    private final Modality modality;
    private final Map<String, String> metadata;

    /**
     * A volume over {@code data} (not copied).
     *
     * @param dims     {nx, ny, nz}
     * @param spacing  voxel size in mm along i, j, k (all positive)
     * @param affine   4×4 voxel-to-RAS matrix, or null for {@code diag(spacing, 1)}
     * @param modality the modality (null → {@link Modality#OTHER})
     * @param metadata header fields (copied; null → empty)
     */
    public Volume(float[] data, int[] dims, double[] spacing, double[][] affine, Modality modality,
                  Map<String, String> metadata) {
        if (dims.length != 3 || dims[0] <= 0 || dims[1] <= 0 || dims[2] <= 0) {
            throw new IllegalArgumentException("Volume: dims must be 3 positive sizes, got " + Arrays.toString(dims));
        }
        long n = (long) dims[0] * dims[1] * dims[2];
        if (data.length != n) {
            throw new IllegalArgumentException("Volume: dims " + Arrays.toString(dims) + " need " + n + " voxels, got "
                    + data.length);
        }
        if (spacing.length != 3 || !(spacing[0] > 0) || !(spacing[1] > 0) || !(spacing[2] > 0)) {
            throw new IllegalArgumentException("Volume: spacing must be 3 positive values (mm), got "
                    + Arrays.toString(spacing));
        }
        this.data = data;
        this.nx = dims[0];
        this.ny = dims[1];
        this.nz = dims[2];
        this.spacing = spacing.clone();
        this.affine = affine == null ? diagonal(spacing) : copy4(affine);
        this.modality = modality == null ? Modality.OTHER : modality;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    /** A volume with the affine {@code diag(spacing)}, modality {@link Modality#OTHER} and no metadata. */
    public Volume(float[] data, int nx, int ny, int nz, double... spacing) {
        this(data, new int[] {nx, ny, nz}, spacing, null, Modality.OTHER, null);
    }

    /** The 4×4 matrix {@code diag(sx, sy, sz, 1)}. */
    public static double[][] diagonal(double[] spacing) {
        return new double[][] {{spacing[0], 0, 0, 0}, {0, spacing[1], 0, 0}, {0, 0, spacing[2], 0}, {0, 0, 0, 1}};
    }

    private static double[][] copy4(double[][] a) {
        if (a.length < 3) {
            throw new IllegalArgumentException("Volume: affine must be 4×4 (or 3×4), got " + a.length + " rows");
        }
        double[][] c = new double[4][];
        for (int r = 0; r < 3; r++) {
            if (a[r].length != 4) {
                throw new IllegalArgumentException("Volume: affine row " + r + " has " + a[r].length + " values, expected 4");
            }
            c[r] = a[r].clone();
        }
        c[3] = new double[] {0, 0, 0, 1};
        return c;
    }

    // ------------------------------------------------------------------ geometry

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    public int nz() {
        return nz;
    }

    /** {nx, ny, nz}. */
    public int[] dims() {
        return new int[] {nx, ny, nz};
    }

    /** Number of voxels. */
    public int size() {
        return data.length;
    }

    /** Voxel size in mm along i, j, k (a copy). */
    public double[] spacing() {
        return spacing.clone();
    }

    /** The 4×4 voxel-to-world (RAS, mm) matrix (a copy). */
    public double[][] affine() {
        return copy4(affine);
    }

    /** World (RAS, mm) coordinates of voxel {@code (i, j, k)} (fractional indices allowed). */
    public double[] world(double i, double j, double k) {
        double[] w = new double[3];
        for (int r = 0; r < 3; r++) {
            w[r] = affine[r][0] * i + affine[r][1] * j + affine[r][2] * k + affine[r][3];
        }
        return w;
    }

    public Modality modality() {
        return modality;
    }

    /** Header fields (unmodifiable). DICOM: tag {@code "GGGG,EEEE"} → value. */
    public Map<String, String> metadata() {
        return metadata;
    }

    // ------------------------------------------------------------------ voxels

    /** The live voxel array, x fastest: {@code data[i + nx * (j + ny * k)]}. */
    public float[] data() {
        return data;
    }

    /** Linear index of voxel {@code (i, j, k)}. */
    public int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    /** The value of voxel {@code (i, j, k)}. */
    public float get(int i, int j, int k) {
        return data[i + nx * (j + ny * k)];
    }

    /** Sets voxel {@code (i, j, k)}. */
    public void set(int i, int j, int k, float v) {
        data[i + nx * (j + ny * k)] = v;
    }

    /** A deep copy of the voxels with the same geometry and metadata. */
    public Volume copy() {
        return withData(data.clone());
    }

    /** The same geometry, modality and metadata over new voxels. */
    public Volume withData(float[] voxels) {
        return new Volume(voxels, dims(), spacing, affine, modality, metadata);
    }

    /** The same volume with another modality (e.g. {@link Modality#LABELS} for an atlas). */
    public Volume withModality(Modality m) {
        return new Volume(data, dims(), spacing, affine, m, metadata);
    }

    /** The same volume with extra or replaced metadata entries (e.g. after de-identification). */
    public Volume withMetadata(Map<String, String> entries) {
        return new Volume(data, dims(), spacing, affine, modality, entries);
    }

    /** Smallest voxel value. */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest voxel value. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Whether {@code other} has the same dims and (within 1e-3 mm) the same spacing; see {@link #requireSameGrid}. */
    public boolean sameGrid(Volume other) {
        if (nx != other.nx || ny != other.ny || nz != other.nz) {
            return false;
        }
        for (int a = 0; a < 3; a++) {
            if (Math.abs(spacing[a] - other.spacing[a]) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    /**
     * Throws a clear {@link IllegalArgumentException} unless {@code other} (e.g. a label map) lies on the same
     * voxel grid as this volume.
     */
    public void requireSameGrid(Volume other, String what) {
        if (!sameGrid(other)) {
            throw new IllegalArgumentException(what + ": grids differ — " + describe() + " vs " + other.describe());
        }
    }

    /** A tensor of shape {@code (nz, ny, nx)} holding a copy of the voxels. */
    public Tensor toTensor() {
        return Tensor.of(data, nz, ny, nx);
    }

    // ------------------------------------------------------------------ slices

    /**
     * The voxel axis (0 = i, 1 = j, 2 = k) that {@code plane} cuts: the axis whose world direction has the
     * largest component along the plane's normal.
     */
    public int axisOf(Plane plane) {
        return dominantAxis(plane.worldNormal());
    }

    private int dominantAxis(int worldAxis) {
        int best = 0;
        double bestV = -1;
        for (int a = 0; a < 3; a++) {
            double v = Math.abs(affine[worldAxis][a]) / Math.sqrt(affine[0][a] * affine[0][a]
                    + affine[1][a] * affine[1][a] + affine[2][a] * affine[2][a]);
            if (v > bestV + 1e-9) {
                bestV = v;
                best = a;
            }
        }
        return best;
    }

    /** Number of slices along {@code plane}. */
    public int sliceCount(Plane plane) {
        return dims()[axisOf(plane)];
    }

    /**
     * Slice {@code index} (0-based, along the voxel axis {@link #axisOf(Plane)}) as a 2-D image.
     * <p>In-plane orientation: of the two remaining voxel axes, the one closest to the plane's "up" direction
     * ({@link Plane#worldUp()}: anterior for axial, superior for coronal and sagittal) runs along rows, flipped
     * so that up is at the top of the image; the other runs along columns in increasing voxel order.
     * The pixel spacing follows the axes. {@link #putSlice} is the exact inverse.
     */
    public Image2D slice(Plane plane, int index) {
        SliceGeometry g = sliceGeometry(plane, index);
        float[] out = new float[g.width * g.height];
        int[] ijk = new int[3];
        ijk[g.normal] = index;
        for (int r = 0; r < g.height; r++) {
            ijk[g.rowAxis] = g.flipRows ? g.height - 1 - r : r;
            for (int c = 0; c < g.width; c++) {
                ijk[g.colAxis] = c;
                out[r * g.width + c] = data[ijk[0] + nx * (ijk[1] + ny * ijk[2])];
            }
        }
        return new Image2D(out, g.width, g.height, spacing[g.colAxis], spacing[g.rowAxis]);
    }

    /** Writes {@code image} (as returned by {@link #slice}) back into slice {@code index} of {@code plane}. */
    public void putSlice(Plane plane, int index, Image2D image) {
        SliceGeometry g = sliceGeometry(plane, index);
        if (image.width() != g.width || image.height() != g.height) {
            throw new IllegalArgumentException("Volume.putSlice: " + plane + " slices are " + g.width + "×" + g.height
                    + ", got " + image.width() + "×" + image.height());
        }
        int[] ijk = new int[3];
        ijk[g.normal] = index;
        float[] in = image.data();
        for (int r = 0; r < g.height; r++) {
            ijk[g.rowAxis] = g.flipRows ? g.height - 1 - r : r;
            for (int c = 0; c < g.width; c++) {
                ijk[g.colAxis] = c;
                data[ijk[0] + nx * (ijk[1] + ny * ijk[2])] = in[r * g.width + c];
            }
        }
    }

    private record SliceGeometry(int normal, int rowAxis, int colAxis, boolean flipRows, int width, int height) {
    }

    private SliceGeometry sliceGeometry(Plane plane, int index) {
        int normal = axisOf(plane);
        int[] d = dims();
        if (index < 0 || index >= d[normal]) {
            throw new IndexOutOfBoundsException("Volume.slice: " + plane + " index " + index + " outside 0.."
                    + (d[normal] - 1));
        }
        int a = (normal + 1) % 3;
        int b = (normal + 2) % 3;
        int up = plane.worldUp();
        int rowAxis = Math.abs(affine[up][a]) >= Math.abs(affine[up][b]) ? a : b;
        int colAxis = rowAxis == a ? b : a;
        boolean flip = affine[up][rowAxis] > 0; // up at the top: the highest index along "up" goes in row 0
        return new SliceGeometry(normal, rowAxis, colAxis, flip, d[colAxis], d[rowAxis]);
    }

    /** One line: dims, spacing, modality. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d×%d×%d voxels, %.4g×%.4g×%.4g mm, %s", nx, ny, nz,
                spacing[0], spacing[1], spacing[2], modality);
    }

    @Override
    public String toString() {
        return "Volume[" + describe() + "]";
    }
}

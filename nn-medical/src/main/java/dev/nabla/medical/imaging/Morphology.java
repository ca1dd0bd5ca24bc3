package dev.nabla.medical.imaging;

/**
 * Binary morphology on 0/1 masks (non-zero = inside) of a {@code dims} grid (x fastest); images are one-slice
 * volumes. The structuring element is the {@link Connectivity} neighbourhood plus the centre, applied
 * {@code radius} times (radius 2 with SIX is a 3-D diamond of radius 2). Outside the grid counts as background
 * (SciPy's {@code border_value=0}), so erosion also eats objects from the grid border.
 * <ul>
 *   <li>erode: inside iff the voxel and all its neighbours are inside; dilate: inside iff any is;</li>
 *   <li>open = dilate(erode(m)) removes specks and thin bridges; close = erode(dilate(m)) fills small gaps;</li>
 *   <li>fill holes: background not connected (by {@link Connectivity#FOUR}/{@link Connectivity#SIX}) to the
 *       grid border becomes foreground — in 3-D, or slice by slice in the axial plane.</li>
 * </ul>
 */
public final class Morphology {
    private Morphology() {
    }

    /** Erosion. */
    public static float[] erode(float[] m, int[] dims, Connectivity conn, int radius) {
        float[] cur = m;
        for (int r = 0; r < radius; r++) {
            cur = step(cur, dims, conn, true);
        }
        return cur == m ? m.clone() : cur;
    }

    /** Dilation. */
    public static float[] dilate(float[] m, int[] dims, Connectivity conn, int radius) {
        float[] cur = m;
        for (int r = 0; r < radius; r++) {
            cur = step(cur, dims, conn, false);
        }
        return cur == m ? m.clone() : cur;
    }

    /** Opening: erosion then dilation. */
    public static float[] open(float[] m, int[] dims, Connectivity conn, int radius) {
        return dilate(erode(m, dims, conn, radius), dims, conn, radius);
    }

    /** Closing: dilation then erosion. */
    public static float[] close(float[] m, int[] dims, Connectivity conn, int radius) {
        return erode(dilate(m, dims, conn, radius), dims, conn, radius);
    }

    private static float[] step(float[] m, int[] dims, Connectivity conn, boolean erode) {
        int nx = dims[0];
        int ny = dims[1];
        int nz = dims[2];
        float[] out = new float[m.length];
        int[][] off = conn.raw();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int p = x + nx * (y + ny * z);
                    boolean v = m[p] != 0;
                    if (v == erode) { // erosion can only remove inside voxels, dilation only add outside ones
                        for (int[] o : off) {
                            int xx = x + o[0];
                            int yy = y + o[1];
                            int zz = z + o[2];
                            boolean inGrid = xx >= 0 && yy >= 0 && zz >= 0 && xx < nx && yy < ny && zz < nz;
                            boolean nb = inGrid && m[xx + nx * (yy + ny * zz)] != 0;
                            if (nb != erode) {
                                v = !erode;
                                break;
                            }
                        }
                    }
                    out[p] = v ? 1f : 0f;
                }
            }
        }
        return out;
    }

    /** Fills holes in 3-D (background components not touching the grid border, 6-connected). */
    public static float[] fillHoles(float[] m, int[] dims) {
        return fill(m, dims, dims[2] == 1 ? Connectivity.FOUR : Connectivity.SIX, dims[2] == 1);
    }

    /** Fills holes slice by slice (each axial slice of a volume stored with k as the slice axis), 4-connected. */
    public static float[] fillHolesPerSlice(float[] m, int[] dims) {
        int plane = dims[0] * dims[1];
        float[] out = new float[m.length];
        for (int z = 0; z < dims[2]; z++) {
            float[] s = java.util.Arrays.copyOfRange(m, z * plane, (z + 1) * plane);
            System.arraycopy(fill(s, new int[] {dims[0], dims[1], 1}, Connectivity.FOUR, true), 0, out, z * plane, plane);
        }
        return out;
    }

    private static float[] fill(float[] m, int[] dims, Connectivity conn, boolean flat) {
        float[] background = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            background[i] = m[i] == 0 ? 1f : 0f;
        }
        Components c = Components.label(background, dims, conn);
        boolean[] touches = new boolean[c.sizes().length];
        int nx = dims[0];
        int ny = dims[1];
        int nz = dims[2];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean border = x == 0 || y == 0 || x == nx - 1 || y == ny - 1
                            || (!flat && (z == 0 || z == nz - 1));
                    if (border) {
                        touches[c.labels()[x + nx * (y + ny * z)]] = true;
                    }
                }
            }
        }
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            int l = c.labels()[i];
            out[i] = m[i] != 0 || (l != 0 && !touches[l]) ? 1f : 0f;
        }
        return out;
    }
}

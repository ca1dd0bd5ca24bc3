package dev.nabla.medical.imaging;

/**
 * Connected-component labelling of a binary mask (non-zero = foreground) by breadth-first flood fill:
 * components are numbered 1, 2, … in the order their first voxel appears in memory (x fastest), with their
 * sizes in voxels.
 *
 * @param labels component number per voxel (0 = background)
 * @param sizes  {@code sizes[c]} = voxels of component c ({@code sizes[0]} = background voxels)
 */
public record Components(int[] labels, long[] sizes) {
    /** Number of components. */
    public int count() {
        return sizes.length - 1;
    }

    /** The component with the most voxels (0 when there is none). */
    public int largest() {
        int best = 0;
        for (int c = 1; c < sizes.length; c++) {
            if (best == 0 || sizes[c] > sizes[best]) {
                best = c;
            }
        }
        return best;
    }

    /** A 0/1 mask of component {@code c}. */
    public float[] mask(int c) {
        float[] m = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            m[i] = labels[i] == c && c != 0 ? 1f : 0f;
        }
        return m;
    }

    /** Labels the non-zero voxels of {@code mask} (a {@code dims} grid, x fastest). */
    public static Components label(float[] mask, int[] dims, Connectivity conn) {
        int nx = dims[0];
        int ny = dims[1];
        int nz = dims[2];
        if (mask.length != nx * ny * nz) {
            throw new IllegalArgumentException("Components.label: mask has " + mask.length + " voxels, dims "
                    + java.util.Arrays.toString(dims) + " need " + nx * ny * nz);
        }
        int[] labels = new int[mask.length];
        java.util.ArrayList<Long> sizes = new java.util.ArrayList<>();
        long background = 0;
        for (float v : mask) {
            if (v == 0) {
                background++;
            }
        }
        sizes.add(background);
        int[] queue = new int[mask.length];
        int[][] off = conn.raw();
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] == 0 || labels[start] != 0) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            labels[start] = next;
            while (head < tail) {
                int p = queue[head++];
                int x = p % nx;
                int y = (p / nx) % ny;
                int z = p / (nx * ny);
                for (int[] o : off) {
                    int xx = x + o[0];
                    int yy = y + o[1];
                    int zz = z + o[2];
                    if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) {
                        continue;
                    }
                    int q = xx + nx * (yy + ny * zz);
                    if (mask[q] != 0 && labels[q] == 0) {
                        labels[q] = next;
                        queue[tail++] = q;
                    }
                }
            }
            sizes.add((long) tail);
        }
        long[] s = new long[sizes.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = sizes.get(i);
        }
        return new Components(labels, s);
    }

    /** Labels a mask volume. */
    public static Components label(Volume mask, Connectivity conn) {
        return label(mask.data(), mask.dims(), conn);
    }

    /** Labels a 2-D mask image (use {@link Connectivity#FOUR} or {@link Connectivity#EIGHT}). */
    public static Components label(Image2D mask, Connectivity conn) {
        return label(mask.data(), new int[] {mask.width(), mask.height(), 1}, conn);
    }

    /** The largest component of a mask volume as a 0/1 mask volume. */
    public static Volume largest(Volume mask, Connectivity conn) {
        Components c = label(mask, conn);
        return mask.withData(c.mask(c.largest()));
    }
}

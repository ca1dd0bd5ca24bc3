package dev.nabla.medical.imaging;

/**
 * Seeded region growing: the connected set of voxels reachable from the seeds through neighbours whose values
 * lie in {@code [lo, hi]} (a flood fill with an intensity criterion, as ITK's ConnectedThresholdImageFilter).
 * {@link #around} takes the interval relative to the seed value.
 */
public final class RegionGrowing {
    private RegionGrowing() {
    }

    /** The region grown from the seed voxel {@code (i, j, k)} through values in {@code [lo, hi]}; 0/1 mask. */
    public static Volume grow(Volume v, int[] seed, double lo, double hi, Connectivity conn) {
        int[] d = v.dims();
        if (seed.length != 3 || seed[0] < 0 || seed[1] < 0 || seed[2] < 0 || seed[0] >= d[0] || seed[1] >= d[1]
                || seed[2] >= d[2]) {
            throw new IllegalArgumentException("RegionGrowing: seed " + java.util.Arrays.toString(seed)
                    + " outside the grid " + java.util.Arrays.toString(d));
        }
        float[] in = Threshold.range(v.data(), lo, hi);
        int s = v.index(seed[0], seed[1], seed[2]);
        if (in[s] == 0) {
            throw new IllegalArgumentException("RegionGrowing: the seed value " + v.data()[s] + " lies outside ["
                    + lo + ", " + hi + "]");
        }
        Components c = Components.label(in, d, conn);
        return v.withData(c.mask(c.labels()[s])).withModality(Modality.LABELS);
    }

    /** Grows through values within {@code ± tolerance} of the seed value. */
    public static Volume around(Volume v, int[] seed, double tolerance, Connectivity conn) {
        float s = v.get(seed[0], seed[1], seed[2]);
        return grow(v, seed, s - tolerance, s + tolerance, conn);
    }
}

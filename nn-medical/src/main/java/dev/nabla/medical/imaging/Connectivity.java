package dev.nabla.medical.imaging;

/**
 * Voxel neighbourhoods: in 3-D, 6 (faces) or 26 (faces, edges, corners); in 2-D (one slice), 4 or 8.
 */
public enum Connectivity {
    /** 2-D: the 4 edge neighbours. */
    FOUR(new int[][] {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}}),
    /** 2-D: the 8 neighbours. */
    EIGHT(offsets(true, false)),
    /** 3-D: the 6 face neighbours. */
    SIX(new int[][] {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}),
    /** 3-D: all 26 neighbours. */
    TWENTY_SIX(offsets(true, true));

    private final int[][] offsets;

    Connectivity(int[][] offsets) {
        this.offsets = offsets;
    }

    private static int[][] offsets(boolean diagonal, boolean threeD) {
        java.util.List<int[]> l = new java.util.ArrayList<>();
        for (int dz = threeD ? -1 : 0; dz <= (threeD ? 1 : 0); dz++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (dx != 0 || dy != 0 || dz != 0) {
                        l.add(new int[] {dx, dy, dz});
                    }
                }
            }
        }
        return l.toArray(new int[0][]);
    }

    /** The neighbour offsets {dx, dy, dz}. */
    public int[][] offsets() {
        return offsets.clone();
    }

    int[][] raw() {
        return offsets;
    }

    /** By count: 4, 8, 6 or 26. */
    public static Connectivity of(int n) {
        switch (n) {
            case 4: return FOUR;
            case 8: return EIGHT;
            case 6: return SIX;
            case 26: return TWENTY_SIX;
            default: throw new IllegalArgumentException("connectivity must be 4, 8 (2-D) or 6, 26 (3-D), got " + n);
        }
    }
}

package dev.nabla.medical.imaging;

/**
 * Overlap between segmentations: the Dice coefficient {@code D = 2|A ∩ B| / (|A| + |B|)} (Dice, 1945) and the
 * Jaccard index {@code J = |A ∩ B| / |A ∪ B|}, for binary masks (non-zero = inside) or per class of label maps.
 * Both empty → NaN (undefined), reported as such rather than as a perfect score.
 */
public final class Overlap {
    private Overlap() {
    }

    /** Dice of two binary masks (non-zero = inside). */
    public static double dice(float[] a, float[] b) {
        check(a.length, b.length);
        long inter = 0;
        long na = 0;
        long nb = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] != 0;
            boolean y = b[i] != 0;
            if (x) {
                na++;
            }
            if (y) {
                nb++;
            }
            if (x && y) {
                inter++;
            }
        }
        return na + nb == 0 ? Double.NaN : 2.0 * inter / (na + nb);
    }

    /** Jaccard of two binary masks. */
    public static double jaccard(float[] a, float[] b) {
        double d = dice(a, b);
        return d / (2 - d); // J = D / (2 − D)
    }

    /** Dice per class {@code 0..classes−1} of two label maps (values are class indices). */
    public static double[] dicePerClass(int[] predicted, int[] truth, int classes) {
        check(predicted.length, truth.length);
        long[] inter = new long[classes];
        long[] np = new long[classes];
        long[] nt = new long[classes];
        for (int i = 0; i < predicted.length; i++) {
            np[predicted[i]]++;
            nt[truth[i]]++;
            if (predicted[i] == truth[i]) {
                inter[truth[i]]++;
            }
        }
        double[] d = new double[classes];
        for (int c = 0; c < classes; c++) {
            d[c] = np[c] + nt[c] == 0 ? Double.NaN : 2.0 * inter[c] / (np[c] + nt[c]);
        }
        return d;
    }

    private static void check(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("Overlap: masks differ in size, " + a + " vs " + b + " voxels");
        }
    }
}

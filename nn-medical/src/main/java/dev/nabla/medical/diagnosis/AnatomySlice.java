package dev.nabla.medical.diagnosis;

/**
 * A real slice prepared for lesion simulation: the image resampled to {@code size×size} and normalised
 * (MRI: divided by the 99.5th percentile of brain voxels; CT: brain window level 40 HU, width 80 HU →
 * [0, 1]), the tissue where a lesion may be placed, the source ("MRI" or "CT") and the slice's position
 * in its volume.
 */
public record AnatomySlice(String modality, int position, float[][] image, boolean[][] tissue) {
    /** Number of tissue pixels. */
    public int tissuePixels() {
        int n = 0;
        for (boolean[] row : tissue) {
            for (boolean t : row) {
                n += t ? 1 : 0;
            }
        }
        return n;
    }
}

package dev.nabla.medical.diagnosis;

import dev.nabla.medical.imaging.DataSets;
import dev.nabla.medical.imaging.Image2D;
import dev.nabla.medical.imaging.InVesaliusReader;
import dev.nabla.medical.imaging.Plane;
import dev.nabla.medical.imaging.Volume;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LesionSlicesTest {
    @Test
    void ctSlicesAreTheWindowedBlockMeansOfTheRawHounsfieldUnits() throws Exception {
        List<AnatomySlice> slices = LesionSlices.ct(48);
        assertTrue(slices.size() > 20, "usable CT slices: " + slices.size());
        AnatomySlice s = slices.get(slices.size() / 2);
        Volume v = InVesaliusReader.read(DataSets.require("head-ct", ""));
        Image2D raw = v.slice(Plane.AXIAL, s.position());
        // 256 px / ⌈256/48⌉ = 6 → 42 resampled pixels, centred with a (48 − 42)/2 = 3 pixel margin
        int i = 20;
        int j = 25;
        double sum = 0;
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                float hu = raw.get((j - 3) * 6 + b, (i - 3) * 6 + a);
                sum += Math.max(0, Math.min(1, hu / 80.0));
            }
        }
        assertEquals(sum / 36, s.image()[i][j], 1e-5);
        assertEquals(0f, s.image()[0][0], 0); // margin
        assertTrue(s.tissuePixels() >= 48 * 48 / 12);
    }

    @Test
    void mriSlicesAreNormalisedBrain() throws Exception {
        List<AnatomySlice> slices = LesionSlices.mri(48);
        assertTrue(slices.size() > 60, "usable MRI slices: " + slices.size());
        for (AnatomySlice s : slices) {
            double inBrain = 0;
            int n = 0;
            for (int i = 0; i < 48; i++) {
                for (int j = 0; j < 48; j++) {
                    if (s.tissue()[i][j]) {
                        inBrain += s.image()[i][j];
                        n++;
                    }
                }
            }
            // brain tissue of a T1 divided by its 99.5th percentile: mean well inside (0.3, 1)
            assertTrue(inBrain / n > 0.3 && inBrain / n < 1.0, "slice " + s.position() + ": " + inBrain / n);
        }
    }
}

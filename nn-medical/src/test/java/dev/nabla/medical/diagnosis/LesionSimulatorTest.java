package dev.nabla.medical.diagnosis;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LesionSimulatorTest {
    static double sum(float[][] m) {
        double s = 0;
        for (float[] r : m) {
            for (float v : r) {
                s += v;
            }
        }
        return s;
    }

    @Test
    void ellipseAreaIsPiRSquaredWhateverTheElongation() {
        // u = x'/√e, v = y'·√e keeps the area: the ellipse has semi-axes r√e and r/√e, area π r²
        for (double e : new double[] {1, 2}) {
            Lesion l = new Lesion(20, 20, 6, e, 0.3, 0, 0.5, 0, 0);
            float[][] m = LesionSimulator.mask(l, 40, 40, new SplittableRandom(1));
            assertEquals(Math.PI * 36, sum(m), 0.02 * Math.PI * 36, "elongation " + e);
            assertEquals(1f, m[20][20], 0);
            assertEquals(0f, m[0][0], 0);
        }
    }

    @Test
    void blurKeepsTheLesionVolumeAndInsertAddsContrastTimesMask() {
        Lesion sharp = new Lesion(16, 16, 4, 1.3, 1.0, 0.4, 0.2, 0, 0);
        Lesion blurred = new Lesion(16, 16, 4, 1.3, 1.0, 0.4, 0.2, 1.0, 0);
        double a = sum(LesionSimulator.mask(sharp, 32, 32, new SplittableRandom(5)));
        double b = sum(LesionSimulator.mask(blurred, 32, 32, new SplittableRandom(5))); // same harmonics
        assertEquals(a, b, 1e-3 * a);
        float[][] img = new float[32][32];
        float[][][] out = LesionSimulator.insert(img, blurred, new SplittableRandom(5));
        assertEquals(0.2 * sum(out[1]), sum(out[0]), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> new Lesion(0, 0, 0, 1, 0, 0, 0.1, 0, 0));
    }

    @Test
    void noiseHasTheRequestedSigma() {
        float[][] img = new float[200][200];
        LesionSimulator.addNoise(img, 0.03, new SplittableRandom(2));
        double s = 0;
        double q = 0;
        for (float[] r : img) {
            for (float v : r) {
                s += v;
                q += v * v;
            }
        }
        double n = 40000;
        assertEquals(0, s / n, 0.001);
        assertEquals(0.03, Math.sqrt(q / n), 0.001);
    }

    @Test
    void splitKeepsTwoGuardSlicesBetweenTrainAndTest() {
        int test = 0;
        for (int k = 0; k < 300; k++) {
            assertFalse(LesionDetection.isTest(k) && LesionDetection.isTrain(k));
            if (LesionDetection.isTest(k)) {
                test++;
                for (int d = -2; d <= 2; d++) {
                    assertFalse(LesionDetection.isTrain(k + d), "train slice within 2 of test slice " + k);
                }
            }
        }
        assertTrue(test > 40);
    }
}

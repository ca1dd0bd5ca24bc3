package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomRotationTest {
    private static final float TOLERANCE = 1e-5f;

    /** NumPy's rot90 (counter-clockwise) of a square plane: the transpose flipped top–bottom. */
    private static float[][] rot90(float[][] a) {
        int n = a.length;
        float[][] t = new float[n][n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                t[y][x] = a[x][y];               // transpose
            }
        }
        float[][] out = new float[n][];
        for (int y = 0; y < n; y++) {
            out[y] = t[n - 1 - y];              // flip top–bottom
        }
        return out;
    }

    private static void assertPlanes(float[][] expected, float[][] actual, String message) {
        for (int y = 0; y < expected.length; y++) {
            assertArrayEquals(expected[y], actual[y], TOLERANCE, message + ", row " + y);
        }
    }

    @Test
    void rotationByZeroIsTheIdentity() {
        for (int[] hw : new int[][] {{3, 3}, {4, 4}, {2, 5}}) {
            Tensor image = Pictures.counting(hw[0], hw[1]);
            assertArrayEquals(image.toArray(), RandomRotation.rotate(image, 0).toArray(), 1e-6f);
            assertArrayEquals(image.toArray(), RandomRotation.rotate(image, 360).toArray(), TOLERANCE);
        }
    }

    @Test
    void rotationBy90OfASquareImageIsTheTransposeFlippedTopToBottom() {
        for (int size : new int[] {2, 3, 4, 5}) {
            Tensor image = Pictures.counting(size, size);
            float[][] once = Pictures.plane(RandomRotation.rotate(image, 90), 0, 0);
            assertPlanes(rot90(Pictures.plane(image, 0, 0)), once, size + "×" + size + " by 90°");
            // −90° undoes it; 180° is both flips.
            float[][] back = Pictures.plane(RandomRotation.rotate(image, -90), 0, 0);
            assertPlanes(Pictures.plane(image, 0, 0), rot90(back), size + "×" + size + " by −90°");
            assertPlanes(Pictures.plane(RandomFlip.flip(image, true, true), 0, 0),
                    Pictures.plane(RandomRotation.rotate(image, 180), 0, 0), size + "×" + size + " by 180°");
        }
    }

    @Test
    void positiveAnglesTurnCounterClockwise() {
        // A single bright pixel above the centre of a 3×3 image goes to the left of the centre.
        Tensor x = Tensor.zeros(1, 1, 3, 3);
        x.set(1f, 0, 0, 0, 1);
        Tensor out = RandomRotation.rotate(x, 90);
        assertEquals(1f, out.get(0, 0, 1, 0), TOLERANCE);
        assertEquals(1f, out.toArray()[3] + 0f, TOLERANCE);
        float total = 0;
        for (float v : out.toArray()) {
            total += v;
        }
        assertEquals(1f, total, TOLERANCE);
    }

    @Test
    void rotationBy45InterpolatesBilinearlyAndFillsZeroOutside() {
        Tensor image = Pictures.counting(3, 3);   // 1 2 3 / 4 5 6 / 7 8 9, centre (1, 1)
        Tensor out = RandomRotation.rotate(image, 45);
        double c = Math.sqrt(0.5);
        // The centre stays.
        assertEquals(5f, out.get(0, 0, 1, 1), TOLERANCE);
        // Pixel (1, 2), right of the centre, reads the input at (1 + c, 1 + c) (down-right):
        // bilinear between (1,1)=5, (1,2)=6, (2,1)=8, (2,2)=9 with fractions c, c.
        double f = c;
        double right = (1 - f) * (1 - f) * 5 + (1 - f) * f * 6 + f * (1 - f) * 8 + f * f * 9;
        assertEquals(right, out.get(0, 0, 1, 2), TOLERANCE);
        // Corner (0, 0) reads at (1 − 2c, 1) = (−0.414, 1): only the row-0 neighbour (0, 1)=2 is inside.
        double fy = (1 - 2 * c) - Math.floor(1 - 2 * c);
        assertEquals(fy * 2, out.get(0, 0, 0, 0), TOLERANCE);
    }

    @Test
    void eachSampleGetsItsOwnAngleInTheDocumentedOrder() {
        Tensor image = Pictures.counting(4, 4);
        Tensor batch = Pictures.repeat(image, 12);
        Tensor out = new RandomRotation(30).apply(batch, new SplittableRandom(9));
        SplittableRandom draws = new SplittableRandom(9);
        Set<String> distinct = new HashSet<>();
        for (int n = 0; n < 12; n++) {
            double degrees = 30 * (2 * draws.nextDouble() - 1);
            assertTrue(Math.abs(degrees) <= 30);
            Tensor sample = Pictures.sample(out, n);
            assertArrayEquals(RandomRotation.rotate(image, degrees).toArray(), sample.toArray(), "sample " + n);
            distinct.add(java.util.Arrays.toString(sample.toArray()));
        }
        assertEquals(12, distinct.size(), "every sample is rotated by a different angle");
    }

    @Test
    void sameSeedSameOutputAndMaxZeroIsTheIdentity() {
        Tensor batch = Pictures.repeat(Pictures.counting(5, 5), 6);
        RandomRotation rotation = new RandomRotation(20);
        float[] a = rotation.apply(batch, new SplittableRandom(1)).toArray();
        assertArrayEquals(a, rotation.apply(batch, new SplittableRandom(1)).toArray());
        assertFalse(java.util.Arrays.equals(a, rotation.apply(batch, new SplittableRandom(2)).toArray()));
        assertArrayEquals(batch.toArray(), new RandomRotation(0).apply(batch, new SplittableRandom(1)).toArray(), 1e-6f);
    }

    @Test
    void rotatesAllChannelsOfASampleByTheSameAngle() {
        Tensor x = Tensor.zeros(1, 2, 3, 3);
        float[] plane = Pictures.counting(3, 3).toArray();
        for (int i = 0; i < 9; i++) {
            x.set(plane[i], 0, 0, i / 3, i % 3);
            x.set(10 * plane[i], 0, 1, i / 3, i % 3);
        }
        Tensor out = new RandomRotation(90).apply(x, new SplittableRandom(4));
        float[][] c0 = Pictures.plane(out, 0, 0);
        float[][] c1 = Pictures.plane(out, 0, 1);
        for (int y = 0; y < 3; y++) {
            for (int xx = 0; xx < 3; xx++) {
                assertEquals(10 * c0[y][xx], c1[y][xx], 1e-4f);
            }
        }
    }

    @Test
    void badInputIsRejectedNamingTheClassAndTheShapeOrValue() {
        for (double bad : new double[] {-1, 181, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomRotation(bad));
            assertTrue(e.getMessage().contains("RandomRotation") && e.getMessage().contains(String.valueOf(bad)),
                    e.getMessage());
        }
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new RandomRotation(10).apply(Tensor.zeros(3, 3), new SplittableRandom(0)));
        assertTrue(rank.getMessage().contains("RandomRotation") && rank.getMessage().contains("[3, 3]"),
                rank.getMessage());
        IllegalArgumentException angle = assertThrows(IllegalArgumentException.class,
                () -> RandomRotation.rotate(Pictures.counting(2, 2), Double.NaN));
        assertTrue(angle.getMessage().contains("RandomRotation.rotate") && angle.getMessage().contains("NaN"),
                angle.getMessage());
    }
}

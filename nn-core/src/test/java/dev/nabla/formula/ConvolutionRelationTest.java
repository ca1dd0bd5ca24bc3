package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The relation between the two "convolutions": cross-correlating with the kernel rotated by 180°
 * is the seed's true convolution, for the valid part and (with K−1, L−1 rows/columns of zero
 * padding) for the full one.
 */
class ConvolutionRelationTest {

    @Test
    void crossCorrelationWithRotatedKernelIsTrueConvolution() {
        Random rng = new Random(180);
        for (int trial = 0; trial < 40; trial++) {
            int h = 1 + rng.nextInt(8), w = 1 + rng.nextInt(8);
            int kh = 1 + rng.nextInt(h), kw = 1 + rng.nextInt(w);   // non-square, odd and even sizes
            double[][] x = random(rng, h, w);
            double[][] k = random(rng, kh, kw);
            String what = "trial " + trial + ": x " + h + "×" + w + ", w " + kh + "×" + kw;

            double[][] convolution = TrueConvolution2D.valid(x, k);
            double[][] correlation = CrossCorrelation2D.valid(x, TrueConvolution2D.rotate180(k));
            assertSame(convolution, correlation, 1e-12, what + " (valid)");

            // full: pad K−1 above/below and L−1 left/right, then cross-correlate with the rotated kernel
            double[][] fullCorrelation = CrossCorrelation2D.apply(new double[][][][] {{x}},
                    new double[][][][] {{TrueConvolution2D.rotate180(k)}}, null, 1, 1,
                    kh - 1, kh - 1, kw - 1, kw - 1, 1, 1)[0][0];
            assertSame(TrueConvolution2D.full(x, k), fullCorrelation, 1e-12, what + " (full)");

            // and the other way round: true convolution with the rotated kernel is cross-correlation
            assertSame(CrossCorrelation2D.valid(x, k), TrueConvolution2D.valid(x, TrueConvolution2D.rotate180(k)),
                    1e-12, what + " (reverse)");
        }
    }

    @Test
    void symmetricKernelsMakeNoDifference() {
        // a kernel equal to its own 180° rotation gives the same result either way
        double[][] x = {{1, 2, 0, 4}, {3, -1, 2, 2}, {0, 5, 1, -3}};
        double[][] k = {{1, 2, 1}, {0, 3, 0}, {1, 2, 1}};
        assertSame(TrueConvolution2D.valid(x, k), CrossCorrelation2D.valid(x, k), 0, "symmetric kernel");
    }

    static double[][] random(Random rng, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                a[r][c] = rng.nextInt(11) - 5;   // small integers: the sums are exact in double
            }
        }
        return a;
    }

    static void assertSame(double[][] expected, double[][] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, what + ": columns");
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], actual[r][c], tolerance, what + " at [" + r + "][" + c + "]");
            }
        }
    }
}

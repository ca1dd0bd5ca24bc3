package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import static dev.nabla.formula.TrueConvolution2DTest.assertMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossCorrelation2DTest {
    private static final double[][] X = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    private static final double[][] W = {{1, 2}, {3, 4}};

    @Test
    void validMatchesHandArithmeticAndScipy() {
        // y[i][j] = x[i][j]·1 + x[i][j+1]·2 + x[i+1][j]·3 + x[i+1][j+1]·4
        //   y[0][0] = 1 + 4 + 12 + 20 = 37    y[0][1] = 2 + 6 + 15 + 24 = 47
        //   y[1][0] = 4 + 10 + 21 + 32 = 67   y[1][1] = 5 + 12 + 24 + 36 = 77
        // Independent: scipy.signal.correlate2d(x, w, mode='valid') = [[37,47],[67,77]]
        assertMatrix(new double[][] {{37, 47}, {67, 77}}, CrossCorrelation2D.valid(X, W));
        // scipy.signal.correlate2d([[1,0,2,-1],[3,1,0,2],[-2,4,1,0]], [[1,0,-1],[2,1,0]], mode='valid') = [[6,3],[3,8]]
        // e.g. y[0][0] = 1·1 + 2·(−1) + 3·2 + 1·1 = 6
        double[][] x = {{1, 0, 2, -1}, {3, 1, 0, 2}, {-2, 4, 1, 0}};
        double[][] w = {{1, 0, -1}, {2, 1, 0}};
        assertMatrix(new double[][] {{6, 3}, {3, 8}}, CrossCorrelation2D.valid(x, w));
    }

    @Test
    void batchedApplyEqualsTheTwoDimensionalFormulaPlusBias() {
        double[][][][] x = {{X}};
        double[][][][] w = {{W}};
        double[][][][] y = CrossCorrelation2D.apply(x, w, new double[] {10}, 1, 1, 0, 0, 0, 0, 1, 1);
        assertMatrix(new double[][] {{37 + 10, 47 + 10}, {67 + 10, 77 + 10}}, y[0][0]);
    }

    @Test
    void paddingAndStride() {
        // pad 1 on every side, stride 2: OH = ⌊(3 + 2 − 2)/2⌋ + 1 = 2. Window (i, j) reads rows 2i−1, 2i.
        //   y[0][0] = x[0][0]·w[1][1]                            = 1·4           = 4
        //   y[0][1] = x[0][1]·w[1][0] + x[0][2]·w[1][1]          = 2·3 + 3·4     = 18
        //   y[1][0] = x[1][0]·w[0][1] + x[2][0]·w[1][1]          = 4·2 + 7·4     = 36
        //   y[1][1] = 5·1 + 6·2 + 8·3 + 9·4                                       = 77
        // Independent: scipy.signal.correlate2d(x, w, mode='full')[::2, ::2] = [[4,18],[36,77]]
        double[][][][] y = CrossCorrelation2D.apply(new double[][][][] {{X}}, new double[][][][] {{W}}, null,
                2, 2, 1, 1, 1, 1, 1, 1);
        assertMatrix(new double[][] {{4, 18}, {36, 77}}, y[0][0]);
    }

    @Test
    void dilationSpreadsTheKernel() {
        // dilation 2: the 2×2 kernel touches x[0][0], x[0][2], x[2][0], x[2][2]: 1·1 + 3·2 + 7·3 + 9·4 = 64
        double[][][][] y = CrossCorrelation2D.apply(new double[][][][] {{X}}, new double[][][][] {{W}}, null,
                1, 1, 0, 0, 0, 0, 2, 2);
        assertMatrix(new double[][] {{64}}, y[0][0]);
    }

    @Test
    void channelsAreSummedAndOutputsAreSeparate() {
        double[][] ones = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
        double[][][][] x = {{X, ones}};
        double[][][][] w = {
                {W, {{1, 1}, {1, 1}}},                 // output 0: [[37,47],[67,77]] + 4 from the ones channel
                {{{0, 0}, {0, 0}}, {{0, 0}, {0, -1}}}  // output 1: −1 from the ones channel only
        };
        double[][][][] y = CrossCorrelation2D.apply(x, w, new double[] {0, 0.5}, 1, 1, 0, 0, 0, 0, 1, 1);
        assertEquals(2, y[0].length);
        assertMatrix(new double[][] {{41, 51}, {71, 81}}, y[0][0]);
        assertMatrix(new double[][] {{-0.5, -0.5}, {-0.5, -0.5}}, y[0][1]);
    }

    @Test
    void badShapesAreRejectedWithClearMessages() {
        double[][][][] x = {{X}};
        double[][][][] w2 = {{W, W}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossCorrelation2D.apply(x, w2, null, 1, 1, 0, 0, 0, 0, 1, 1));
        assertTrue(e.getMessage().contains("CrossCorrelation2D.apply") && e.getMessage().contains("1 channels")
                && e.getMessage().contains("expects 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CrossCorrelation2D.apply(x, new double[][][][] {{W}}, new double[] {1, 2}, 1, 1, 0, 0, 0, 0, 1, 1));
        assertTrue(e.getMessage().contains("bias") && e.getMessage().contains("expected 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CrossCorrelation2D.apply(x, new double[][][][] {{W}}, null, 1, 1, 0, 0, 0, 0, 3, 1));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CrossCorrelation2D.apply(x, new double[][][][] {{W}}, null, 0, 1, 0, 0, 0, 0, 1, 1));
        assertTrue(e.getMessage().contains("strideH"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrossCorrelation2D.valid(new double[][] {{1}}, W));
    }
}

package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrueConvolution2DTest {
    private static final double[][] X = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    private static final double[][] W = {{1, 2}, {3, 4}};

    @Test
    void fullMatchesHandArithmeticAndScipy() {
        // 0-based: y[i][j] = x[i][j]·1 + x[i][j−1]·2 + x[i−1][j]·3 + x[i−1][j−1]·4 (x outside reads 0).
        //   y[0] = [1, 2+2·1, 3+2·2, 2·3]                                = [1, 4, 7, 6]
        //   y[1][1] = 5 + 2·4 + 3·2 + 4·1 = 23,  y[1][2] = 6 + 2·5 + 3·3 + 4·2 = 33
        //   y[3] = [3·7, 3·8+4·7, 3·9+4·8, 4·9]                          = [21, 52, 59, 36]
        // Independent: scipy.signal.convolve2d([[1,2,3],[4,5,6],[7,8,9]], [[1,2],[3,4]], mode='full')
        //   = [[1,4,7,6],[7,23,33,24],[19,53,63,42],[21,52,59,36]]; the sum 450 = Σx·Σw = 45·10.
        double[][] expected = {{1, 4, 7, 6}, {7, 23, 33, 24}, {19, 53, 63, 42}, {21, 52, 59, 36}};
        assertMatrix(expected, TrueConvolution2D.full(X, W));
    }

    @Test
    void validIsTheCentreOfFull() {
        // scipy.signal.convolve2d(x, w, mode='valid') = [[23,33],[53,63]]
        // text: y(2,2) = x(2,2)·w(1,1) + x(2,1)·w(1,2) + x(1,2)·w(2,1) + x(1,1)·w(2,2) = 5 + 8 + 6 + 4 = 23
        assertMatrix(new double[][] {{23, 33}, {53, 63}}, TrueConvolution2D.valid(X, W));
    }

    @Test
    void nonSquareInputAndKernel() {
        double[][] x = {{1, 0, 2, -1}, {3, 1, 0, 2}, {-2, 4, 1, 0}};
        double[][] w = {{1, 0, -1}, {2, 1, 0}};
        // scipy.signal.convolve2d(x, w, mode='full') (scipy 1.17):
        double[][] full = {{1, 0, 1, -1, -2, 1}, {5, 2, 1, 1, -1, -2}, {4, 9, 4, 0, 1, 0}, {-4, 6, 6, 1, 0, 0}};
        // mode='valid'; e.g. y[0][0] = x[1][2]·w[0][0] + x[1][0]·w[0][2] + x[0][2]·w[1][0] = 0 − 3 + 4 = 1
        double[][] valid = {{1, 1}, {4, 0}};
        assertMatrix(full, TrueConvolution2D.full(x, w));
        assertMatrix(valid, TrueConvolution2D.valid(x, w));
    }

    @Test
    void rotate180FlipsBothAxes() {
        assertMatrix(new double[][] {{4, 3}, {2, 1}}, TrueConvolution2D.rotate180(W));
        double[][] w = {{1, 2, 3}, {4, 5, 6}};
        assertMatrix(new double[][] {{6, 5, 4}, {3, 2, 1}}, TrueConvolution2D.rotate180(w));
        assertMatrix(w, TrueConvolution2D.rotate180(TrueConvolution2D.rotate180(w)));
    }

    @Test
    void identityKernelReturnsTheInput() {
        assertMatrix(X, TrueConvolution2D.valid(X, new double[][] {{1}}));
        assertMatrix(X, TrueConvolution2D.full(X, new double[][] {{1}}));
    }

    @Test
    void badShapesAreRejectedWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrueConvolution2D.valid(new double[][] {{1, 2}}, W));
        assertTrue(e.getMessage().contains("TrueConvolution2D.valid") && e.getMessage().contains("2×2")
                && e.getMessage().contains("1×2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrueConvolution2D.full(new double[][] {{1, 2}, {3}}, W));
        assertTrue(e.getMessage().contains("TrueConvolution2D.full") && e.getMessage().contains("not rectangular"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrueConvolution2D.full(X, new double[0][0]));
        assertThrows(IllegalArgumentException.class, () -> TrueConvolution2D.rotate180(null));
    }

    static void assertMatrix(double[][] expected, double[][] actual) {
        assertTrue(expected.length == actual.length, "rows: expected " + expected.length + ", got " + actual.length);
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], actual[r], 1e-12, "row " + r);
        }
    }
}

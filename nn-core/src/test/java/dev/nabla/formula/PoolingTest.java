package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import static dev.nabla.formula.TrueConvolution2DTest.assertMatrix;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolingTest {
    private static final double[][] Y = {{1, 3, 2, 1}, {4, 2, 0, 1}, {5, 1, 3, 8}, {0, 2, 7, 6}};
    private static final double[][] NINE = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};

    @Test
    void maxPoolTwoByTwoStrideTwo() {
        // p(1,1) = max{1,3,4,2} = 4   p(1,2) = max{2,1,0,1} = 2
        // p(2,1) = max{5,1,0,2} = 5   p(2,2) = max{y(4,4), y(4,3), y(3,4), y(3,3)} = max{6,7,8,3} = 8
        assertMatrix(new double[][] {{4, 2}, {5, 8}}, MaxPooling2D.pool(Y, 2));
    }

    @Test
    void maxPoolOverlappingAndNonSquareWindows() {
        // 2×2 window, stride 1 over 1..9: max of each 2×2 block is its bottom-right entry
        assertMatrix(new double[][] {{5, 6}, {8, 9}}, MaxPooling2D.pool(NINE, 2, 2, 1, 1));
        // 1×2 window, stride (1, 2): the larger of each pair in a row
        assertMatrix(new double[][] {{3, 2}, {4, 1}, {5, 8}, {2, 7}}, MaxPooling2D.pool(Y, 1, 2, 1, 2));
        // 3×1 window, stride (1, 3): columns 0 and 3, three rows at a time
        assertMatrix(new double[][] {{5, 8}, {5, 8}}, MaxPooling2D.pool(Y, 3, 1, 1, 3));
    }

    @Test
    void batchedMaxPoolEqualsTheSeedForm() {
        double[][] z = {{0, -1, 5, 2}, {3, 3, 1, 0}, {2, 2, 2, 2}, {-1, 4, 0, 9}};
        double[][][][] x = {{Y, z}, {z, Y}};   // two images, two channels each
        double[][][][] p = MaxPooling2D.apply(x, 2, 2, 2, 2, 0, 0, 0, 0);
        assertMatrix(new double[][] {{4, 2}, {5, 8}}, p[0][0]);
        assertMatrix(new double[][] {{3, 5}, {4, 9}}, p[0][1]);   // max{0,−1,3,3}, max{5,2,1,0}, ...
        assertMatrix(MaxPooling2D.pool(z, 2), p[1][0]);
        assertMatrix(MaxPooling2D.pool(Y, 2), p[1][1]);
    }

    @Test
    void paddedPositionsNeverWin() {
        // all-negative 2×2 image, 2×2 window, stride 1, one padded row/column on every side → 3×3.
        // Each window takes the max over its on-image pixels only (as if the padding held −∞):
        //   corners see one pixel, edges two, the centre all four. Zero padding would wrongly give 0s.
        // Same as PyTorch F.max_pool2d(x, 2, stride=1, padding=1), which pads with −inf.
        double[][][][] x = {{{{-1, -2}, {-3, -4}}}};
        double[][] expected = {{-1, -1, -2}, {-1, -1, -2}, {-3, -3, -4}};
        assertMatrix(expected, MaxPooling2D.apply(x, 2, 2, 1, 1, 1, 1, 1, 1)[0][0]);
        // "same" 2×2 / stride 2 on 1..9: one padded row below and column right → [[5,6],[8,9]]
        assertMatrix(new double[][] {{5, 6}, {8, 9}}, MaxPooling2D.apply(new double[][][][] {{NINE}}, 2, 2, 2, 2, 0, 1, 0, 1)[0][0]);
    }

    @Test
    void averagePoolValid() {
        // (1+3+4+2)/4 = 2.5   (2+1+0+1)/4 = 1   (5+1+0+2)/4 = 2   (3+8+7+6)/4 = 6
        assertMatrix(new double[][] {{2.5, 1}, {2, 6}}, AveragePooling2D.pool(Y, 2, 2, 2, 2, 0, 0, 0, 0));
    }

    @Test
    void averagePoolSameLeavesPaddingOutOfTheCount() {
        // Keras AveragePooling2D(2, padding="same") / tf.nn.avg_pool2d(x, 2, 2, "SAME") on 1..9:
        //   (1+2+4+5)/4 = 3   (3+6)/2 = 4.5   (7+8)/2 = 7.5   9/1 = 9
        // Counting the padding (PyTorch's default count_include_pad=True) would give 2.25 for the second.
        double[][][][] p = AveragePooling2D.apply(new double[][][][] {{NINE}}, 2, 2, 2, 2, 0, 1, 0, 1);
        assertMatrix(new double[][] {{3, 4.5}, {7.5, 9}}, p[0][0]);
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaxPooling2D.pool(NINE, 4));
        assertTrue(e.getMessage().contains("MaxPooling2D.pool") && e.getMessage().contains("4×4")
                && e.getMessage().contains("3×3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MaxPooling2D.apply(new double[][][][] {{NINE}}, 2, 2, 1, 1, 2, 0, 0, 0));
        assertTrue(e.getMessage().contains("entirely in the padding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AveragePooling2D.pool(NINE, 2, 2, 0, 1, 0, 0, 0, 0));
        assertTrue(e.getMessage().contains("AveragePooling2D.pool") && e.getMessage().contains("strideH"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AveragePooling2D.pool(NINE, 2, 2, 1, 1, -1, 0, 0, 0));
    }
}

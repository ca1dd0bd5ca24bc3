package dev.nabla.tensor;

import dev.nabla.ops.Ops;
import dev.nabla.ops.Padding;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void matmulAndBackward() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 2).requiresGrad(true);
        Tensor y = a.matmul(b);
        assertArrayEquals(new float[] {19, 22, 43, 50}, y.toArray());
        y.sum().backward();
        assertArrayEquals(new float[] {11, 15, 11, 15}, a.grad().toArray());
        assertArrayEquals(new float[] {4, 4, 6, 6}, b.grad().toArray());
        System.out.println(y);
        Tensor x = Tensor.randn(new Random(1), 2, 3, 7, 7);
        Tensor w = Tensor.randn(new Random(2), 4, 3, 3, 3).requiresGrad(true);
        Tensor c = Ops.conv2d(x, w, null, 2, Padding.SAME);
        assertArrayEquals(new int[] {2, 4, 4, 4}, c.shape());
        c.sum().backward();
        assertEquals(4 * 3 * 3 * 3, w.grad().numel());
        System.out.println(Tensor.randn(new Random(1), 40, 40));
    }
}

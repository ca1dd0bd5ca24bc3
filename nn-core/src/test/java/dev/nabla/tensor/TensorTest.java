package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation, views over shared storage, element access and printing. */
class TensorTest {

    // ------------------------------------------------------------------ creation

    @Test
    void zerosOnesFull() {
        Tensor z = Tensor.zeros(2, 3);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertEquals(2, z.rank());
        assertEquals(6, z.numel());
        assertArrayEquals(new float[6], z.toArray());
        assertArrayEquals(new float[] {1, 1, 1, 1}, Tensor.ones(4).toArray());
        Tensor f = Tensor.full(2.5f, 1, 2);
        assertArrayEquals(new float[] {2.5f, 2.5f}, f.toArray());
        assertArrayEquals(new int[] {1, 2}, f.shape());
        assertArrayEquals(new int[] {2, 0}, Tensor.zeros(2, 0).shape());
        assertEquals(0, Tensor.zeros(2, 0).numel());
        assertArrayEquals(new float[0], Tensor.zeros(2, 0).toArray());
    }

    @Test
    void scalarAndVector() {
        Tensor s = Tensor.scalar(4.5f);
        assertEquals(0, s.rank());
        assertArrayEquals(new int[0], s.shape());
        assertEquals(1, s.numel());
        assertEquals(4.5f, s.item());
        assertEquals(4.5f, s.get());
        Tensor v = Tensor.vector(1, 2, 3);
        assertArrayEquals(new int[] {3}, v.shape());
        assertArrayEquals(new float[] {1, 2, 3}, v.toArray());
    }

    @Test
    void arange() {
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, Tensor.arange(5).toArray());
        assertArrayEquals(new float[] {1, 1.25f, 1.5f, 1.75f}, Tensor.arange(1, 2, 0.25f).toArray());
        assertArrayEquals(new float[] {5, 3, 1}, Tensor.arange(5, 0, -2).toArray());
        assertArrayEquals(new int[] {0}, Tensor.arange(3, 1, 1).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
        assertTrue(e.getMessage().contains("arange") && e.getMessage().contains("step"), e.getMessage());
        // Non-finite bounds once ran out of memory (infinity) or gave an empty tensor (NaN).
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> Tensor.arange(0, Float.POSITIVE_INFINITY, 1));
        assertTrue(inf.getMessage().contains("arange") && inf.getMessage().contains("Infinity"), inf.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(Float.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1e10f, 1));
    }

    @Test
    void randIsSeededAndInRange() {
        Tensor a = Tensor.rand(new Random(42), 3, 4);
        Tensor b = Tensor.rand(new Random(42), 3, 4);
        Tensor c = Tensor.rand(new Random(43), 3, 4);
        assertArrayEquals(a.toArray(), b.toArray());
        assertFalse(java.util.Arrays.equals(a.toArray(), c.toArray()));
        for (float v : Tensor.rand(new SplittableRandom(1), 1000).toArray()) {
            assertTrue(v >= 0f && v < 1f, "value " + v);
        }
    }

    @Test
    void randnIsSeededAndStandardNormal() {
        assertArrayEquals(Tensor.randn(new Random(7), 5, 2).toArray(), Tensor.randn(new Random(7), 5, 2).toArray());
        assertFalse(java.util.Arrays.equals(Tensor.randn(new Random(7), 10).toArray(), Tensor.randn(new Random(8), 10).toArray()));
        float[] d = Tensor.randn(new Random(3), 20_000).toArray();
        double mean = 0;
        for (float v : d) {
            mean += v;
        }
        mean /= d.length;
        double var = 0;
        for (float v : d) {
            var += (v - mean) * (v - mean);
        }
        var /= d.length;
        // Standard errors: mean 0.007, variance 0.01.
        assertEquals(0, mean, 0.03);
        assertEquals(1, var, 0.05);
    }

    @Test
    void ofCopiesAndWrapShares() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor copied = Tensor.of(data, 2, 3);
        Tensor wrapped = Tensor.wrap(data, 3, 2);
        data[0] = 100;
        assertEquals(1f, copied.get(0, 0));
        assertEquals(100f, wrapped.get(0, 0));
        assertSame(data, wrapped.storage());
        assertTrue(copied.isContiguous());
        assertArrayEquals(new int[] {3, 1}, copied.strides());
    }

    @Test
    void ofAndWrapRejectAShapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("Tensor.of") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("6 values") && e.getMessage().contains("got 5"), e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(new float[7], 2, 3));
        assertTrue(w.getMessage().contains("Tensor.wrap") && w.getMessage().contains("got 7"), w.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertTrue(neg.getMessage().contains("[2, -1]") && neg.getMessage().contains("negative"), neg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.view(new float[4], new int[] {2, 2}, new int[] {1}, 0));
    }

    // ------------------------------------------------------------------ views

    @Test
    void reshapeOfContiguousIsAView() {
        Tensor x = Tensor.arange(6);
        Tensor r = x.reshape(2, 3);
        assertSame(x.storage(), r.storage());
        r.set(-1, 1, 2);
        assertEquals(-1f, x.get(5));
        assertArrayEquals(new int[] {3, 1}, r.strides());
    }

    @Test
    void permuteAndTransposeAreViews() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertSame(x.storage(), p.storage());
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertArrayEquals(new int[] {1, 12, 4}, p.strides());
        assertFalse(p.isContiguous());
        assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
        Tensor t = x.transpose(0, 2);
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        assertEquals(x.get(1, 0, 3), t.get(3, 0, 1));
        t.set(99, 3, 0, 1);
        assertEquals(99f, x.get(1, 0, 3));
        // Transposing twice gives the original layout back.
        assertTrue(t.transpose(0, 2).isContiguous());
    }

    @Test
    void sliceIsAViewWithAnOffset() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor s = x.slice(1, 1, 3);
        assertSame(x.storage(), s.storage());
        assertArrayEquals(new int[] {2, 2, 4}, s.shape());
        assertEquals(4, s.offset());
        assertFalse(s.isContiguous());
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}, s.toArray());
        Tensor rows = x.slice(0, 1, 2);
        assertTrue(rows.isContiguous(), "a slice of the first axis is contiguous");
        assertArrayEquals(new float[] {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, rows.toArray());
        s.set(-5, 0, 0, 0);
        assertEquals(-5f, x.get(0, 1, 0));
        assertArrayEquals(new int[] {2, 0, 4}, x.slice(1, 2, 2).shape());
    }

    @Test
    void expandIsAViewWithStrideZero() {
        Tensor x = Tensor.vector(1, 2, 3).reshape(3, 1);
        Tensor e = x.expand(3, 4);
        assertSame(x.storage(), e.storage());
        assertArrayEquals(new int[] {1, 0}, e.strides());
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, e.toArray());
        Tensor lead = Tensor.vector(1, 2).expand(3, 2);
        assertArrayEquals(new int[] {0, 1}, lead.strides());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, lead.toArray());
    }

    @Test
    void reshapeOfANonContiguousViewCopies() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor t = x.transpose(0, 1);
        Tensor r = t.reshape(6);
        assertNotSame(x.storage(), r.storage());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, r.toArray());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertSame(x, x.contiguous());
        Tensor rows = x.slice(0, 1, 2);
        assertSame(rows, rows.contiguous());
        Tensor t = x.transpose(0, 1);
        Tensor c = t.contiguous();
        assertNotSame(t, c);
        assertNotSame(x.storage(), c.storage());
        assertTrue(c.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, c.toArray());
        assertArrayEquals(new int[] {2, 1}, c.strides());
        // Size-1 axes do not break contiguity whatever their stride.
        assertTrue(Tensor.arange(3).reshape(3, 1).transpose(0, 1).isContiguous());
    }

    @Test
    void toArrayOfNonContiguousViews() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11},
                x.slice(0, 0, 1).reshape(3, 4).transpose(0, 1).toArray());
        float[] p = x.permute(1, 2, 0).toArray(); // (3, 4, 2): p[i,j,k] = x[k,i,j]
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(k * 12 + i * 4 + j, p[(i * 4 + j) * 2 + k], 0f);
                }
            }
        }
        assertArrayEquals(new float[] {5, 6, 9, 10, 17, 18, 21, 22},
                x.slice(1, 1, 3).slice(2, 1, 3).toArray());
        Tensor copy = x.transpose(0, 1).copyData();
        assertTrue(copy.isContiguous());
        assertNotSame(x.storage(), copy.storage());
    }

    // ------------------------------------------------------------------ element access

    @Test
    void getAndSet() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertEquals(5f, x.get(1, 2));
        assertEquals(1f, x.get(0, 1));
        x.set(42, 0, 1);
        assertEquals(42f, x.get(0, 1));
        assertEquals(42f, x.toArray()[1]);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> x.get(1));
        assertTrue(rank.getMessage().contains("rank 2"), rank.getMessage());
        IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class, () -> x.get(2, 0));
        assertTrue(out.getMessage().contains("[2, 0]") && out.getMessage().contains("[2, 3]"), out.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.set(1, 0, -1));
        assertEquals(3, x.size(-1));
        assertEquals(2, x.size(0));
    }

    @Test
    void item() {
        assertEquals(3f, Tensor.scalar(3).item());
        assertEquals(7f, Tensor.full(7, 1, 1, 1).item());
        assertEquals(4f, Tensor.arange(6).slice(0, 4, 5).item(), "item of a view reads at its offset");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2, 2).item());
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("4 elements"), e.getMessage());
    }

    // ------------------------------------------------------------------ printing

    @Test
    void toStringShowsValuesAndShape() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertEquals("tensor([[1.0000, 2.0000], [3.0000, 4.0000]], shape=[2, 2])", x.toString());
        assertEquals("tensor(2.5000, shape=[])", Tensor.scalar(2.5f).toString());
        assertEquals("tensor([2.0000, 3.0000], shape=[2])", Tensor.vector(1, 2, 3).slice(0, 1, 3).toString());
        assertEquals("tensor([-0.5000, 1234.2500], shape=[2])", Tensor.vector(-0.5f, 1234.25f).toString());
        assertEquals("tensor([[1.0000, 3.0000], [2.0000, 4.0000]], shape=[2, 2])", x.transpose(0, 1).toString());
    }

    @Test
    void toStringElidesLargeTensors() {
        Tensor big = Tensor.arange(1600).reshape(40, 40);
        String s = big.toString();
        String shown = s.length() > 300 ? s.substring(0, 300) + "..." : s;
        assertTrue(s.contains("…"), shown);
        assertTrue(s.endsWith("shape=[40, 40])"), shown);
        assertTrue(s.startsWith("tensor([[0.0000, 1.0000, 2.0000, …, 37.0000, 38.0000, 39.0000], [40.0000"), shown);
        assertTrue(s.contains("[1560.0000, 1561.0000, 1562.0000, …, 1597.0000, 1598.0000, 1599.0000]]"), shown);
        assertFalse(s.contains("100.0000"), "row 2 column 20 is elided");
        assertTrue(s.length() < 600, "length " + s.length());
        // At the threshold nothing is elided.
        assertFalse(Tensor.arange(1000).toString().contains("…"));
        assertTrue(Tensor.arange(1001).toString().contains("…"));
    }
}

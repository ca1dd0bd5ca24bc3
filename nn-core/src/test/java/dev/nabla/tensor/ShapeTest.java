package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shape arithmetic: element counts, strides, broadcasting and axis normalisation. */
class ShapeTest {
    @Test
    void numelAndStrides() {
        assertEquals(24, Shape.numel(2, 3, 4));
        assertEquals(1, Shape.numel());
        assertEquals(0, Shape.numel(3, 0));
        assertArrayEquals(new int[] {12, 4, 1}, Shape.contiguousStrides(2, 3, 4));
        assertArrayEquals(new int[0], Shape.contiguousStrides());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.numel(1 << 16, 1 << 16));
        assertTrue(e.getMessage().contains("[65536, 65536]"), e.getMessage());
    }

    @Test
    void broadcast() {
        assertArrayEquals(new int[] {3, 4}, Shape.broadcast("op", new int[] {3, 1}, new int[] {1, 4}));
        assertArrayEquals(new int[] {2, 3, 4}, Shape.broadcast("op", new int[] {2, 3, 4}, new int[] {4}));
        assertArrayEquals(new int[] {2, 3}, Shape.broadcast("op", new int[0], new int[] {2, 3}));
        assertArrayEquals(new int[] {5, 0}, Shape.broadcast("op", new int[] {5, 1}, new int[] {0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast("myop", new int[] {2, 3}, new int[] {4, 3}));
        assertTrue(e.getMessage().startsWith("myop: ") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4, 3]") && e.getMessage().contains("2 vs 4"), e.getMessage());
    }

    @Test
    void axes() {
        assertEquals(2, Shape.axis("op", -1, 3));
        assertEquals(0, Shape.axis("op", -3, 3));
        assertThrows(IllegalArgumentException.class, () -> Shape.axis("op", 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Shape.axis("op", -4, 3));
        assertArrayEquals(new int[] {0, 1, 2}, Shape.axes("op", new int[0], 3));
        assertArrayEquals(new int[] {0, 1, 2}, Shape.axes("op", null, 3));
        assertArrayEquals(new int[] {0, 2}, Shape.axes("op", new int[] {-1, 0}, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.axes("op", new int[] {2, -1}, 3));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void validateCopies() {
        int[] s = {2, 3};
        int[] v = Shape.validate(s);
        s[0] = 9;
        assertArrayEquals(new int[] {2, 3}, v);
        assertEquals("[2, 3]", Shape.format(2, 3));
    }

    @Test
    void shapesEqualUpToATrailingOneAreTheKerasSqueezeCase() {
        assertTrue(Shape.equalUpToTrailingOne(new int[] {4}, new int[] {4, 1}));
        assertTrue(Shape.equalUpToTrailingOne(new int[] {4, 3, 1}, new int[] {4, 3}));
        assertFalse(Shape.equalUpToTrailingOne(new int[] {4, 1}, new int[] {4, 1}));
        assertFalse(Shape.equalUpToTrailingOne(new int[] {4}, new int[] {4, 2}));
        assertFalse(Shape.equalUpToTrailingOne(new int[] {4}, new int[] {1, 4}));
        assertFalse(Shape.equalUpToTrailingOne(new int[] {4}, new int[] {4, 1, 1}));
    }
}

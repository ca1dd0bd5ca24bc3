package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposeTest {
    @Test
    void appliesTheStepsInOrderSharingOneGenerator() {
        Tensor batch = Pictures.repeat(Pictures.counting(4, 4), 10);
        Augmentation shift = new RandomShift(1, 1);
        Augmentation flip = new RandomFlip(true, false);
        Augmentation rotate = new RandomRotation(15);
        Tensor composed = new Compose(shift, flip, rotate).apply(batch, new SplittableRandom(21));
        SplittableRandom rng = new SplittableRandom(21);
        Tensor byHand = rotate.apply(flip.apply(shift.apply(batch, rng), rng), rng);
        assertArrayEquals(byHand.toArray(), composed.toArray());
        assertArrayEquals(new int[] {10, 1, 4, 4}, composed.shape());
    }

    @Test
    void orderMatters() {
        // Shift right by one then flip ≠ flip then shift right by one.
        Augmentation right = (x, rng) -> RandomShift.shift(x, 0, 1);
        Augmentation mirror = (x, rng) -> RandomFlip.flip(x, true, false);
        Tensor image = Pictures.counting(1, 3);  // 1 2 3
        assertArrayEquals(new float[] {2, 1, 0}, new Compose(right, mirror).apply(image, new SplittableRandom(0)).toArray());
        assertArrayEquals(new float[] {0, 3, 2}, new Compose(mirror, right).apply(image, new SplittableRandom(0)).toArray());
    }

    @Test
    void noStepsGivesACopy() {
        Tensor image = Pictures.counting(2, 2);
        Tensor out = new Compose().apply(image, new SplittableRandom(0));
        assertNotSame(image, out);
        assertArrayEquals(image.toArray(), out.toArray());
        out.set(99f, 0, 0, 0, 0);
        assertEquals(1f, image.get(0, 0, 0, 0), "the copy does not share storage");
    }

    @Test
    void badStepsAndInputsAreRejected() {
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> new Compose(new RandomFlip(true, false), null));
        assertTrue(nul.getMessage().contains("Compose") && nul.getMessage().contains("1 of 2"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Compose((Augmentation[]) null));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new Compose().apply(Tensor.zeros(2, 3), new SplittableRandom(0)));
        assertTrue(rank.getMessage().contains("Compose") && rank.getMessage().contains("[2, 3]"), rank.getMessage());
        Augmentation crop = (x, rng) -> x.slice(2, 0, 1).copyData();
        IllegalStateException shape = assertThrows(IllegalStateException.class,
                () -> new Compose(crop).apply(Tensor.zeros(1, 1, 3, 3), new SplittableRandom(0)));
        assertTrue(shape.getMessage().contains("[1, 1, 1, 3]") && shape.getMessage().contains("[1, 1, 3, 3]"),
                shape.getMessage());
    }

    @Test
    void describesItsSteps() {
        assertEquals("Compose(RandomShift(maxDy=1, maxDx=2), RandomFlip(horizontal=true, vertical=false), "
                        + "RandomRotation(maxDegrees=10.0))",
                new Compose(new RandomShift(1, 2), new RandomFlip(true, false), new RandomRotation(10)).toString());
    }
}

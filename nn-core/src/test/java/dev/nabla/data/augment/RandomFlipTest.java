package dev.nabla.data.augment;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomFlipTest {
    private static final Tensor IMAGE = Pictures.counting(2, 3);   // 1 2 3 / 4 5 6

    @Test
    void horizontalFlipReversesEachRow() {
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, RandomFlip.flip(IMAGE, true, false).toArray());
    }

    @Test
    void verticalFlipReversesTheOrderOfTheRows() {
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, RandomFlip.flip(IMAGE, false, true).toArray());
    }

    @Test
    void bothFlipsTogetherAreAHalfTurn() {
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, RandomFlip.flip(IMAGE, true, true).toArray());
        assertArrayEquals(IMAGE.toArray(), RandomFlip.flip(IMAGE, false, false).toArray());
    }

    @Test
    void flipsEveryChannelAndSampleAlike() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 1, 2);
        assertArrayEquals(new float[] {2, 1, 4, 3, 6, 5, 8, 7}, RandomFlip.flip(x, true, false).toArray());
    }

    @Test
    void eachSampleTossesItsOwnCoinsInTheDocumentedOrder() {
        Tensor batch = Pictures.repeat(IMAGE, 32);
        Tensor out = new RandomFlip(true, true).apply(batch, new SplittableRandom(11));
        SplittableRandom draws = new SplittableRandom(11);
        int[] counts = new int[4];
        for (int n = 0; n < 32; n++) {
            boolean h = draws.nextBoolean();
            boolean v = draws.nextBoolean();
            counts[(h ? 1 : 0) + (v ? 2 : 0)]++;
            assertArrayEquals(RandomFlip.flip(IMAGE, h, v).toArray(), Pictures.sample(out, n).toArray(), "sample " + n);
        }
        for (int k = 0; k < 4; k++) {
            assertTrue(counts[k] > 0, "each of the four outcomes occurs: " + Arrays.toString(counts));
        }
    }

    @Test
    void horizontalOnlyNeverFlipsVertically() {
        Tensor out = new RandomFlip(true, false).apply(Pictures.repeat(IMAGE, 20), new SplittableRandom(2));
        float[] flipped = RandomFlip.flip(IMAGE, true, false).toArray();
        int count = 0;
        for (int n = 0; n < 20; n++) {
            float[] s = Pictures.sample(out, n).toArray();
            boolean isFlipped = Arrays.equals(s, flipped);
            assertTrue(isFlipped || Arrays.equals(s, IMAGE.toArray()), "sample " + n);
            count += isFlipped ? 1 : 0;
        }
        assertTrue(count > 0 && count < 20, "some samples flipped, some not: " + count);
        // The draws: one boolean per sample and nothing else.
        SplittableRandom draws = new SplittableRandom(2);
        for (int n = 0; n < 20; n++) {
            assertEquals(draws.nextBoolean(), Arrays.equals(Pictures.sample(out, n).toArray(), flipped));
        }
    }

    @Test
    void sameSeedSameOutput() {
        Tensor batch = Pictures.repeat(Pictures.counting(3, 3), 16);
        RandomFlip flip = new RandomFlip(true, true);
        float[] a = flip.apply(batch, new SplittableRandom(5)).toArray();
        assertArrayEquals(a, flip.apply(batch, new SplittableRandom(5)).toArray());
        assertFalse(Arrays.equals(a, flip.apply(batch, new SplittableRandom(6)).toArray()));
    }

    @Test
    void badInputIsRejectedNamingTheClassAndTheShapeOrValue() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new RandomFlip(false, false));
        assertTrue(none.getMessage().contains("RandomFlip") && none.getMessage().contains("horizontal=false"),
                none.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new RandomFlip(true, false).apply(Tensor.zeros(2, 1, 3, 3, 1), new SplittableRandom(0)));
        assertTrue(rank.getMessage().contains("RandomFlip") && rank.getMessage().contains("[2, 1, 3, 3, 1]"),
                rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomFlip(true, false).apply(IMAGE, null));
    }
}

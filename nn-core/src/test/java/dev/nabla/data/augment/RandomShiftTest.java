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

class RandomShiftTest {
    @Test
    void shiftByOneRowMovesEachPixelDownAndFillsTheTopRowWithZero() {
        Tensor image = Pictures.counting(3, 3);          // 1 2 3 / 4 5 6 / 7 8 9
        Tensor out = RandomShift.shift(image, 1, 0);
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3, 4, 5, 6}, out.toArray());
        // The known pixel: the value at (0, 0) is now at (1, 0).
        assertEquals(image.get(0, 0, 0, 0), out.get(0, 0, 1, 0));
        assertArrayEquals(new int[] {1, 1, 3, 3}, out.shape());
    }

    @Test
    void negativeAndHorizontalShiftsMoveUpAndLeft() {
        Tensor image = Pictures.counting(3, 3);
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 0, 0, 0}, RandomShift.shift(image, -1, 0).toArray());
        assertArrayEquals(new float[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, RandomShift.shift(image, 0, -1).toArray());
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5, 0, 7, 8}, RandomShift.shift(image, 0, 1).toArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 0, 4, 5}, RandomShift.shift(image, 1, 1).toArray());
        assertArrayEquals(image.toArray(), RandomShift.shift(image, 0, 0).toArray());
    }

    @Test
    void shiftsOfTheWholeSizeOrMoreLeaveOnlyZeros() {
        Tensor image = Pictures.counting(2, 3);
        float[] zeros = new float[6];
        for (int[] d : new int[][] {{2, 0}, {-2, 0}, {0, 3}, {0, -3}, {Integer.MAX_VALUE, 0}, {0, Integer.MIN_VALUE}}) {
            assertArrayEquals(zeros, RandomShift.shift(image, d[0], d[1]).toArray(), d[0] + "," + d[1]);
        }
    }

    @Test
    void everyChannelOfASampleMovesTogether() {
        // Channel 0 = 1..4, channel 1 = 10·(1..4), on a 2×2 image.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 1, 2, 2, 2);
        assertArrayEquals(new float[] {0, 1, 0, 3, 0, 10, 0, 30}, RandomShift.shift(x, 0, 1).toArray());
    }

    @Test
    void eachSampleGetsItsOwnDrawInTheDocumentedOrder() {
        Tensor image = Pictures.counting(3, 4);
        Tensor batch = Pictures.repeat(image, 40);
        Tensor out = new RandomShift(1, 2).apply(batch, new SplittableRandom(7));
        SplittableRandom draws = new SplittableRandom(7);
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 40; n++) {
            int dy = (int) draws.nextLong(-1, 2);
            int dx = (int) draws.nextLong(-2, 3);
            seen.add(dy + "," + dx);
            assertArrayEquals(RandomShift.shift(image, dy, dx).toArray(), Pictures.sample(out, n).toArray(),
                    "sample " + n + " shifted by " + dy + "," + dx);
        }
        assertTrue(seen.size() > 8, "40 samples should see most of the 15 shifts, saw " + seen);
        assertArrayEquals(Pictures.repeat(image, 40).toArray(), batch.toArray(), "the input is left unchanged");
    }

    @Test
    void shiftOnlyAlongTheRowsNeverMovesColumns() {
        Tensor image = Pictures.counting(3, 3);
        Tensor out = new RandomShift(1, 0).apply(Pictures.repeat(image, 30), new SplittableRandom(1));
        Set<String> kinds = new HashSet<>();
        for (int n = 0; n < 30; n++) {
            float[] s = Pictures.sample(out, n).toArray();
            int found = -2;
            for (int dy = -1; dy <= 1; dy++) {
                if (java.util.Arrays.equals(s, RandomShift.shift(image, dy, 0).toArray())) {
                    found = dy;
                }
            }
            assertTrue(found >= -1, "sample " + n + " is a vertical shift by −1, 0 or 1");
            kinds.add(String.valueOf(found));
        }
        assertEquals(Set.of("-1", "0", "1"), kinds);
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        Tensor batch = Pictures.repeat(Pictures.counting(5, 5), 8);
        RandomShift shift = new RandomShift(2, 2);
        float[] a = shift.apply(batch, new SplittableRandom(3)).toArray();
        float[] b = shift.apply(batch, new SplittableRandom(3)).toArray();
        float[] c = shift.apply(batch, new SplittableRandom(4)).toArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void worksOnAStridedView() {
        // (1, 1, 3, 2) transposed to (1, 1, 2, 3): a non-contiguous view.
        Tensor view = Tensor.of(new float[] {1, 4, 2, 5, 3, 6}, 1, 1, 3, 2).transpose(2, 3);
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3}, RandomShift.shift(view, 1, 0).toArray());
    }

    @Test
    void maxZeroIsTheIdentity() {
        Tensor batch = Pictures.repeat(Pictures.counting(3, 3), 4);
        assertArrayEquals(batch.toArray(), new RandomShift(0, 0).apply(batch, new SplittableRandom(0)).toArray());
    }

    @Test
    void badInputIsRejectedNamingTheClassAndTheShapeOrValue() {
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new RandomShift(1, 1).apply(Tensor.zeros(1, 3, 3), new SplittableRandom(0)));
        assertTrue(rank.getMessage().contains("RandomShift") && rank.getMessage().contains("[1, 3, 3]"),
                rank.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> new RandomShift(-1, 2));
        assertTrue(neg.getMessage().contains("RandomShift") && neg.getMessage().contains("maxDy=-1"), neg.getMessage());
        IllegalArgumentException rng = assertThrows(IllegalArgumentException.class,
                () -> new RandomShift(1, 1).apply(Tensor.zeros(1, 1, 3, 3), null));
        assertTrue(rng.getMessage().contains("RandomShift"), rng.getMessage());
        IllegalArgumentException stat = assertThrows(IllegalArgumentException.class,
                () -> RandomShift.shift(Tensor.zeros(4, 4), 1, 1));
        assertTrue(stat.getMessage().contains("RandomShift.shift") && stat.getMessage().contains("[4, 4]"),
                stat.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandomShift.shift(null, 1, 1));
    }
}

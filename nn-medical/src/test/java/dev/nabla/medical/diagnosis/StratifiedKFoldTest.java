package dev.nabla.medical.diagnosis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StratifiedKFoldTest {
    @Test
    void everyCaseOnceWithTheClassProportions() {
        int[] labels = new int[569];
        for (int i = 0; i < 212; i++) {
            labels[i * 2] = 1; // 212 positives spread out
        }
        List<StratifiedKFold.Fold> folds = StratifiedKFold.split(labels, 10, 5);
        int[] seen = new int[labels.length];
        for (StratifiedKFold.Fold f : folds) {
            int pos = 0;
            for (int i : f.test()) {
                seen[i]++;
                pos += labels[i];
            }
            // 212/10 → 21 or 22 positives; 357/10 → 35 or 36 negatives
            assertTrue(pos == 21 || pos == 22, "positives in fold: " + pos);
            int neg = f.test().length - pos;
            assertTrue(neg == 35 || neg == 36, "negatives in fold: " + neg);
            assertEquals(labels.length, f.test().length + f.train().length);
        }
        for (int s : seen) {
            assertEquals(1, s);
        }
        assertArrayEquals(folds.get(3).test(), StratifiedKFold.split(labels, 10, 5).get(3).test());
        assertThrows(IllegalArgumentException.class, () -> StratifiedKFold.split(new int[] {0, 0, 1}, 2, 1));
    }

    @Test
    void standardizerByHand() {
        // column 0: 1, 3 → μ 2, σ 1; column 1 constant → σ = 1
        ColumnStandardizer z = ColumnStandardizer.fit(new float[][] {{1, 5}, {3, 5}});
        assertArrayEquals(new float[] {-1, 0, 1, 0}, z.apply(new float[][] {{1, 5}, {3, 5}}), 1e-6f);
        assertArrayEquals(new float[] {2, 5}, z.mean(), 0);
        assertArrayEquals(new float[] {1, 1}, z.std(), 0);
    }
}

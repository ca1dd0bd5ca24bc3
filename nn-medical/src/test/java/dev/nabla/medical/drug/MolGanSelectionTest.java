package dev.nabla.medical.drug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Tests of {@link SeedAveragedSelection}, the model selection of {@link MolGanTrainer}. */
class MolGanSelectionTest {
    @Test
    void finalistsAreTheBestScreeningScoresBestFirstEarlierOnTies() {
        double[] screening = {0.90, 1.02, 0.95, 1.02, 0.70, 0.99};
        assertEquals(List.of(1, 3, 5), SeedAveragedSelection.finalists(screening, 3));
        assertEquals(List.of(1, 3, 5, 2, 0, 4), SeedAveragedSelection.finalists(screening, 10));
        assertThrows(IllegalArgumentException.class, () -> SeedAveragedSelection.finalists(screening, 0));
    }

    @Test
    void keepsTheFinalistWithTheBestMeanNotTheLuckiestDraw() {
        // hand-made table: finalist 0 has one lucky draw (1.10) but a mean of 0.97; finalist 2 is steady at 1.01
        double[][] scores = {
            {1.10, 0.93, 0.92, 0.93},
            {0.99, 0.98, 1.00, 0.99},
            {1.01, 1.02, 1.00, 1.01},
        };
        assertArrayEquals(new double[] {0.97, 0.99, 1.01}, SeedAveragedSelection.means(scores), 1e-12);
        assertEquals(2, SeedAveragedSelection.best(scores));
        // the best single draw would have picked finalist 0
        assertEquals(0, SeedAveragedSelection.finalists(new double[] {1.10, 1.00, 1.02}, 1).get(0));
        // ties: the earlier finalist
        assertEquals(0, SeedAveragedSelection.best(new double[][] {{1.0, 0.5}, {0.5, 1.0}}));
        assertThrows(IllegalArgumentException.class, () -> SeedAveragedSelection.best(new double[0][]));
    }
}

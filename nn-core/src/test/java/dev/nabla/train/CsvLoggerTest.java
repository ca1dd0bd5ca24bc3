package dev.nabla.train;

import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvLoggerTest {
    @TempDir
    Path dir;

    @Test
    void writesAHeaderAndOneRowPerEpochWithTheLoggedValues() throws IOException {
        Sequential model = Fixtures.classifier();
        model.compile(new SGD(0.1), Losses.categoricalCrossentropy(), Metrics.accuracy());
        Path file = dir.resolve("logs/training.csv");
        History h = model.fit(Fixtures.classification(12, 4), Fit.epochs(3).batchSize(5).verbose(false)
                .validation(Fixtures.classification(6, 5)).callbacks(new CsvLogger(file)));
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", lines.get(0));
        String[] columns = lines.get(0).split(",");
        for (int epoch = 0; epoch < 3; epoch++) {
            String[] cells = lines.get(epoch + 1).split(",");
            assertEquals(columns.length, cells.length, lines.get(epoch + 1));
            assertEquals(String.valueOf(epoch), cells[0]);
            for (int c = 1; c < columns.length; c++) {
                double expected = h.get(columns[c]).get(epoch);
                double logged = Double.parseDouble(cells[c]);
                assertEquals(expected, logged, 1e-5 * Math.max(1, Math.abs(expected)),
                        columns[c] + " at epoch " + epoch);
            }
        }
    }

    @Test
    void aSecondRunStartsTheFileAfresh() throws IOException {
        Sequential model = Fixtures.linear();
        model.compile(new SGD(0.01), Losses.meanSquaredError());
        Path file = dir.resolve("run.csv");
        CsvLogger logger = new CsvLogger(file);
        model.fit(Fixtures.regression(8, 1), Fit.epochs(3).verbose(false).callbacks(logger));
        model.fit(Fixtures.regression(8, 1), Fit.epochs(2).verbose(false).callbacks(logger));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("epoch,loss"), lines.subList(0, 1));
        assertEquals(3, lines.size(), String.join("\n", lines));
        // Epochs count on across fit calls (Keras's initial_epoch): the second run logs epochs 3 and 4.
        assertEquals("3", lines.get(1).split(",")[0]);
        assertEquals("4", lines.get(2).split(",")[0]);
    }

    @Test
    void valuesAreWrittenWithADotWhateverTheLocale() throws IOException {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            Path file = dir.resolve("locale.csv");
            CsvLogger logger = new CsvLogger(file);
            Sequential model = Fixtures.linear();
            model.build(2);
            logger.onTrainBegin(model);
            logger.onEpochEnd(model, 0, Fixtures.logs("val_loss", 0.25));
            assertEquals(List.of("epoch,loss,val_loss", "0,0.00000,0.250000"), Files.readAllLines(file));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}

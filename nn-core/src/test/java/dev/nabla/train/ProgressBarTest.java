package dev.nabla.train;

import dev.nabla.loss.Losses;
import dev.nabla.metrics.Metrics;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    private static final Pattern EPOCH_LINE = Pattern.compile(
            "Epoch (\\d+)/2 3/3 \\d+\\.\\ds - loss: (\\d+\\.\\d{4}) - accuracy: (\\d+\\.\\d{4})");

    private static History train(ByteArrayOutputStream bytes, boolean live) {
        Sequential model = Fixtures.classifier();
        model.compile(new SGD(0.1), Losses.categoricalCrossentropy(), Metrics.accuracy());
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // 10 samples in batches of 4: 3 batches per epoch.
        return model.fit(Fixtures.classification(10, 6), Fit.epochs(2).batchSize(4).verbose(false)
                .callbacks(new ProgressBar(2, 3, out, live)));
    }

    @Test
    void nonLiveOutputIsOneLinePerEpochWithTheMetrics() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        History h = train(bytes, false);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "no carriage returns when not live");
        assertFalse(text.contains("\u001b"), "no escape sequences when not live");
        String[] lines = text.split(System.lineSeparator());
        assertEquals(2, lines.length, text);
        for (int epoch = 0; epoch < 2; epoch++) {
            Matcher m = EPOCH_LINE.matcher(lines[epoch]);
            assertTrue(m.matches(), lines[epoch]);
            assertEquals(String.valueOf(epoch + 1), m.group(1));
            assertEquals(String.format(Locale.ROOT, "%.4f", h.get("loss").get(epoch)), m.group(2));
            assertEquals(String.format(Locale.ROOT, "%.4f", h.get("accuracy").get(epoch)), m.group(3));
        }
    }

    @Test
    void liveOutputRedrawsInPlaceAndEndsEachEpochWithAFullLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        History h = train(bytes, true);
        String text = bytes.toString(StandardCharsets.UTF_8);
        // Live updates start with a carriage return and show the bar, the count and the ETA.
        assertTrue(text.startsWith("\rEpoch 1/2 "), text);
        assertTrue(text.contains("━"), text);
        assertTrue(text.contains(" 1/3 ETA "), "the first batch is always drawn: " + text);
        assertTrue(text.contains("━".repeat(30) + " 3/3 ETA 0.0s"), "the last batch is always drawn: " + text);
        assertTrue(text.contains("\rEpoch 2/2 "), text);
        // Exactly one newline per epoch; the final line of each epoch clears the rest of the terminal line.
        String[] lines = text.split(System.lineSeparator());
        assertEquals(2, lines.length, text);
        for (int epoch = 0; epoch < 2; epoch++) {
            String line = lines[epoch];
            assertTrue(line.endsWith("\u001b[K"), line);
            String last = line.substring(line.lastIndexOf('\r') + 1, line.length() - 3);
            Matcher m = EPOCH_LINE.matcher(last);
            assertTrue(m.matches(), last);
            assertEquals(String.format(Locale.ROOT, "%.4f", h.get("loss").get(epoch)), m.group(2));
        }
    }

    @Test
    void fitWithVerboseFalseAddsNoBarOfItsOwn() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Sequential model = Fixtures.linear();
            model.compile(new SGD(0.1), Losses.meanSquaredError());
            model.fit(Fixtures.regression(4, 1), Fit.epochs(2).verbose(false));
            assertEquals("", bytes.toString(StandardCharsets.UTF_8));
            model.fit(Fixtures.regression(4, 1), Fit.epochs(2).verbose(true));
            String text = bytes.toString(StandardCharsets.UTF_8);
            // The second fit continues at epoch 3 of 4, as Keras shows a run resumed with initial_epoch.
            assertTrue(text.contains("Epoch 3/4 1/1") && text.contains("Epoch 4/4 1/1") && text.contains("loss: "),
                    text);
        } finally {
            System.setOut(saved);
        }
    }
}

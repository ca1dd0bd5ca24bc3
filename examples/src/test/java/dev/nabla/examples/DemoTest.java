package dev.nabla.examples;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoTest {
    @Test
    void rawAutogradTrainingSeparatesTheMoons() {
        List<String> lines = new ArrayList<>();
        double accuracy = Demo.train(lines::add);
        assertTrue(accuracy > 0.95, "final training accuracy " + accuracy + ", log: " + lines);
        double first = lossOf(lines.get(0));
        double last = lossOf(lines.get(lines.size() - 1));
        assertTrue(last < first / 3, "loss should fall by 3× at least: " + lines);
    }

    private static double lossOf(String line) {
        String[] parts = line.trim().split("\\s+");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("loss")) {
                return Double.parseDouble(parts[i + 1]);
            }
        }
        throw new AssertionError("no loss in " + line);
    }
}

package dev.nabla.train;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {
    private static Map<String, Double> epoch(double loss, double accuracy) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        logs.put("accuracy", accuracy);
        return logs;
    }

    @Test
    void recordsValuesPerEpochInOrder() {
        History h = new History();
        assertEquals(0, h.epochs());
        assertEquals(List.of(), h.names());
        h.record(epoch(0.9, 0.4));
        h.record(epoch(0.5, 0.7));
        h.record(epoch(0.3, 0.8));
        assertEquals(3, h.epochs());
        assertEquals(List.of("loss", "accuracy"), h.names());
        assertEquals(List.of(0.9, 0.5, 0.3), h.get("loss"));
        assertEquals(List.of(0.4, 0.7, 0.8), h.get("accuracy"));
        assertEquals(0.3, h.last("loss"));
        assertEquals(0.8, h.last("accuracy"));
        assertEquals(List.of(), h.get("val_loss"));
        assertTrue(h.toString().contains("loss=[0.9, 0.5, 0.3]"), h.toString());
    }

    @Test
    void quantitiesAppearingLaterAreAddedAndEpochsIsTheLongest() {
        History h = new History();
        h.record(Map.of("loss", 1.0));
        Map<String, Double> second = new LinkedHashMap<>();
        second.put("loss", 0.5);
        second.put("val_loss", 0.6);
        h.record(second);
        assertEquals(2, h.epochs());
        assertEquals(List.of("loss", "val_loss"), h.names());
        assertEquals(List.of(0.6), h.get("val_loss"));
    }

    @Test
    void lastOfAnUnknownNameSaysWhatWasRecorded() {
        History h = new History();
        h.record(epoch(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.last("val_accuracy"));
        assertTrue(e.getMessage().contains("val_accuracy") && e.getMessage().contains("loss"), e.getMessage());
    }

    @Test
    void theListsCannotBeChangedFromOutside() {
        History h = new History();
        h.record(epoch(1, 0));
        assertThrows(UnsupportedOperationException.class, () -> h.get("loss").add(2.0));
        assertThrows(UnsupportedOperationException.class, () -> h.names().add("x"));
        Map<String, Double> logs = epoch(2, 1);
        h.record(logs);
        logs.put("loss", 99.0);
        assertEquals(2.0, h.last("loss"), "recorded values must not follow later changes of the map");
    }
}

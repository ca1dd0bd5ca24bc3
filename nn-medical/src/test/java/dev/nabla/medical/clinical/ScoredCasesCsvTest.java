package dev.nabla.medical.clinical;

import dev.nabla.medical.data.MalformedFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoredCasesCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsScoresAndLabelsSkippingAHeaderAndBlankLines() throws Exception {
        Path csv = Files.writeString(dir.resolve("s.csv"), "score,label\n0.9,1\n\n0.2,0\n-1.5,0\n0.7,1\n");
        ScoredCases cases = ScoredCases.readCsv(csv);
        assertEquals(4, cases.size());
        assertEquals(2, cases.positives());
        assertEquals(-1.5, cases.score(2));
        assertEquals(1, cases.label(3));
        // both positives outscore both negatives
        assertEquals(1.0, RocCurve.mannWhitneyAuc(cases));
    }

    @Test
    void withoutHeaderTheFirstLineIsACase() throws Exception {
        Path csv = Files.writeString(dir.resolve("s.csv"), ".5,1\n0.25,0\n");
        assertEquals(2, ScoredCases.readCsv(csv).size());
    }

    @Test
    void refusesLabelsOtherThanZeroOrOneNonFiniteScoresAndEmptyFiles() throws Exception {
        Path label = Files.writeString(dir.resolve("label.csv"), "0.1,0\n0.4,2\n");
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> ScoredCases.readCsv(label));
        assertEquals(label + ": case 2: label must be 0 or 1, got 2.0", e.getMessage());

        Path nan = Files.writeString(dir.resolve("nan.csv"), "0.1,0\nNaN,1\n");
        e = assertThrows(MalformedFileException.class, () -> ScoredCases.readCsv(nan));
        assertEquals(nan + ": line 2, column 1: expected a finite number, got 'NaN'", e.getMessage());

        Path three = Files.writeString(dir.resolve("three.csv"), "0.1,0,7\n");
        e = assertThrows(MalformedFileException.class, () -> ScoredCases.readCsv(three));
        assertTrue(e.getMessage().endsWith("expected 2 columns 'score,label', got 3"), e.getMessage());

        Path empty = Files.writeString(dir.resolve("empty.csv"), "score,label\n");
        e = assertThrows(MalformedFileException.class, () -> ScoredCases.readCsv(empty));
        assertEquals(empty + ": no 'score,label' line", e.getMessage());
    }
}

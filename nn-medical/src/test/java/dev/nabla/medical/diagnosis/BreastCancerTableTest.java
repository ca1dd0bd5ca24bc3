package dev.nabla.medical.diagnosis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreastCancerTableTest {
    static BreastCancerTable real() throws IOException {
        Path p = BreastCancerTable.defaultPath();
        if (!Files.exists(p)) {
            throw new IllegalStateException("WDBC data missing at " + p + "; run scripts/fetch-data.sh wdbc");
        }
        return BreastCancerTable.read(p);
    }

    @Test
    void readsTheRealTable() throws IOException {
        BreastCancerTable t = real();
        // UCI WDBC: 569 cases, 212 malignant, 357 benign (DATA.md; Street et al. 1993)
        assertEquals(569, t.size());
        assertEquals(212, t.malignant());
        float[][] x = t.features();
        assertEquals(30, x[0].length);
        // first line of the file: 17.99,10.38,122.8,1001,… ,0.1189,0 (class 0 = malignant → label 1)
        assertEquals(17.99f, x[0][0], 0);
        assertEquals(1001f, x[0][3], 0);
        assertEquals(0.1189f, x[0][29], 0);
        assertEquals(1, t.labels()[0]);
        assertEquals("worst fractal dimension", BreastCancerTable.FEATURES.get(29));
    }

    @Test
    void badFilesNameTheLineAndTheProblem(@TempDir Path dir) throws IOException {
        String row = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30";
        Path missing = dir.resolve("nope.csv");
        IOException e = assertThrows(IOException.class, () -> BreastCancerTable.read(missing));
        assertTrue(e.getMessage().contains("scripts/fetch-data.sh wdbc"), e.getMessage());

        Path header = Files.writeString(dir.resolve("h.csv"), "mean radius,mean texture\n");
        e = assertThrows(IOException.class, () -> BreastCancerTable.read(header));
        assertEquals(header + ", line 1: expected a first line 'cases,features,class0,class1' like 569,30,malignant,benign, "
                + "got 'mean radius,mean texture'", e.getMessage());

        Path truncated = Files.writeString(dir.resolve("t.csv"), "3,30,malignant,benign\n" + row + ",0\n" + row + ",1\n");
        e = assertThrows(IOException.class, () -> BreastCancerTable.read(truncated));
        assertEquals(truncated + ", line 3: the first line announces 3 cases but the file has 2 (truncated?)", e.getMessage());

        Path word = Files.writeString(dir.resolve("w.csv"), "1,30,malignant,benign\n" + row.replace(",5,", ",five,") + ",0\n");
        e = assertThrows(IOException.class, () -> BreastCancerTable.read(word));
        assertEquals(word + ", line 2: feature 5 (mean smoothness) is not a number: 'five'", e.getMessage());

        Path cls = Files.writeString(dir.resolve("c.csv"), "1,30,malignant,benign\n" + row + ",2\n");
        e = assertThrows(IOException.class, () -> BreastCancerTable.read(cls));
        assertEquals(cls + ", line 2: class must be 0 (malignant) or 1 (benign), got '2'", e.getMessage());

        Path shortRow = Files.writeString(dir.resolve("s.csv"), "1,30,malignant,benign\n1,2,3\n");
        e = assertThrows(IOException.class, () -> BreastCancerTable.read(shortRow));
        assertEquals(shortRow + ", line 2: expected 31 comma-separated values (30 features + class), got 3", e.getMessage());
    }
}

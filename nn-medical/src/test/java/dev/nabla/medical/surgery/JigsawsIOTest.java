package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JigsawsIOTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryValue() throws IOException {
        SurgerySimulator sim = new SurgerySimulator(11);
        List<Trial> trials = List.of(sim.trial("B", Skill.NOVICE, 1), sim.trial("E", Skill.EXPERT, 2));
        JigsawsIO.write(dir, "Suturing", trials);
        assertTrue(Files.readString(dir.resolve(JigsawsIO.SIMULATED_MARKER)).contains("SIMULATED"));
        String firstTranscriptionLine = Files.readAllLines(dir.resolve("transcriptions/Suturing_B001.txt")).get(0);
        Segment first = trials.get(0).segments().get(0);
        assertEquals((first.start() + 1) + " " + (first.end() + 1) + " G1", firstTranscriptionLine);

        List<Trial> back = JigsawsIO.read(dir, "Suturing");
        assertEquals(2, back.size());
        for (int i = 0; i < 2; i++) {
            Trial a = trials.get(i);
            Trial b = back.get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.user(), b.user());
            assertEquals(a.skill(), b.skill());
            assertEquals(a.grs(), b.grs());
            assertTrue(b.simulated());
            assertArrayEquals(a.labels(), b.labels());
            for (int t = 0; t < a.frames(); t++) {
                assertArrayEquals(a.kinematics()[t], b.kinematics()[t]);
            }
        }
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        Path f = kinematicsFile(row(76) + "\n" + row(75) + "\n");
        JigsawsFormatException e = assertThrows(JigsawsFormatException.class, () -> JigsawsIO.readKinematics(f));
        assertEquals(2, e.line());
        assertEquals(f + ":2: 75 columns, expected 76 (4 manipulators × 19 values)", e.getMessage());
    }

    @Test
    void nonNumericValueNamesColumn() throws IOException {
        Path f = kinematicsFile(row(76) + "\n" + row(76) + "\n" + row(76).replaceFirst("0\\.5", "abc") + "\n");
        JigsawsFormatException e = assertThrows(JigsawsFormatException.class, () -> JigsawsIO.readKinematics(f));
        assertEquals(f + ":3: column 1 is not a number: 'abc'", e.getMessage());
    }

    @Test
    void transcriptionOutOfRangeOrOverlapping() throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "1 5 G1\n6 12 G5\n");
        JigsawsFormatException e = assertThrows(JigsawsFormatException.class, () -> JigsawsIO.readTranscription(f, 10));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(f + ":2: frames 6..12 are outside 1..10"), e.getMessage());

        Files.writeString(f, "1 5 G1\n5 8 G5\n");
        e = assertThrows(JigsawsFormatException.class, () -> JigsawsIO.readTranscription(f, 10));
        assertEquals(f + ":2: frame 5 is already labelled G1 (gestures overlap)", e.getMessage());

        Files.writeString(f, "1 5 G16\n");
        e = assertThrows(JigsawsFormatException.class, () -> JigsawsIO.readTranscription(f, 10));
        assertEquals(f + ":1: unknown gesture 'G16': expected G1 … G15", e.getMessage());

        Files.writeString(f, "2 4 G3\n");
        assertArrayEquals(new int[] {-1, 2, 2, 2, -1}, JigsawsIO.readTranscription(f, 5));
    }

    @Test
    void badMetaLineNamesLine() throws IOException {
        Files.writeString(dir.resolve("meta_file_Suturing.txt"), "Suturing_B001 N 13\nSuturing_C001 X 20\n");
        JigsawsFormatException e = assertThrows(JigsawsFormatException.class, () -> JigsawsIO.read(dir, "Suturing"));
        assertTrue(e.getMessage().contains("kinematics file not found"), e.getMessage());
        Files.createDirectories(dir.resolve("kinematics/AllGestures"));
        Files.writeString(dir.resolve("kinematics/AllGestures/Suturing_B001.txt"), row(76) + "\n");
        e = assertThrows(JigsawsFormatException.class, () -> JigsawsIO.read(dir, "Suturing"));
        assertEquals(dir.resolve("meta_file_Suturing.txt") + ":2: unknown skill level 'X': expected N, I or E", e.getMessage());
    }

    private Path kinematicsFile(String text) throws IOException {
        Path f = dir.resolve("k.txt");
        Files.writeString(f, text);
        return f;
    }

    private static String row(int columns) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            s.append(c == 0 ? "" : "  ").append(0.5 + c);
        }
        return s.toString();
    }
}

package dev.nabla.examples.diagnose;

import dev.nabla.medical.imaging.UNet2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentCommandTest {
    @TempDir
    Path dir;

    @Test
    void aTinyUNetRunEndsWithTheDiceLineAndWritesItsFiles() throws Exception {
        String out = run("--epochs", "1", "--max-train-slices", "8", "--width", "32", "--height", "40",
                "--depth", "2", "--filters", "2", "--out", dir.toString());
        assertTrue(out.contains("slice k held out when k % 5 == 2"), out);
        assertTrue(out.contains("evaluated on 29 held-out slices"), out); // 146 labelled axial slices, every 5th
        String last = out.strip().substring(out.strip().lastIndexOf('\n') + 1);
        assertTrue(last.matches("dice_mean=\\d\\.\\d{4}"), last);
        assertTrue(Files.exists(dir.resolve("unet-dice.md")));
        assertTrue(Files.list(dir.resolve("unet-overlays")).count() >= 1);
        assertEquals(5, UNet2D.load(dir.resolve("unet-aal.nabla")).classes());
    }

    @Test
    void badOptionsAreRefused() {
        assertEquals(2, new CommandLine(new SegmentCommand()).execute("--method", "magic"));
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int rc = new CommandLine(new SegmentCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            assertEquals(0, rc, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}

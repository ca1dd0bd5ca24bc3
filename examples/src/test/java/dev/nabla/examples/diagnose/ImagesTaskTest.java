package dev.nabla.examples.diagnose;

import dev.nabla.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code diagnose train/evaluate/explain --task images} end to end on a tiny synthetic class-folder data set. */
class ImagesTaskTest {
    @TempDir
    Path dir;

    /** 24×24 grey PNGs: noise (grey 60 ± 20) and, for "lesion", a 6×6 square of grey 200 at a random place. */
    static void write(Path root, String cls, int n, boolean square, long seed) throws IOException {
        Random rng = new Random(seed);
        Files.createDirectories(root.resolve(cls));
        for (int k = 0; k < n; k++) {
            BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_BYTE_GRAY);
            int sx = 3 + rng.nextInt(13);
            int sy = 3 + rng.nextInt(13);
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 24; x++) {
                    boolean in = square && x >= sx && x < sx + 6 && y >= sy && y < sy + 6;
                    img.getRaster().setSample(x, y, 0, in ? 200 : 40 + rng.nextInt(41));
                }
            }
            ImageIO.write(img, "png", root.resolve(cls).resolve(String.format("%s%02d.png", cls, k)).toFile());
        }
    }

    @Test
    void trainsOnClassFoldersReloadsEvaluatesAndExplains() throws Exception {
        Path data = dir.resolve("data");
        write(data, "lesion", 20, true, 1);
        write(data, "normal", 20, false, 2);
        Path out = dir.resolve("out");
        String train = run("train", "--task", "images", "--data", data.toString(), "--positive", "lesion", "--size", "24",
                "--epochs", "6", "--batch", "8", "--bootstrap", "200", "--seed", "3", "--out", out.toString());
        // 20 per class: round(0.15·20) = 3 validation and 3 test images per class, 14 training
        assertTrue(train.contains("split: stratified 70/15/15 % train/validation/test, seed 3: 28/6/6 images"), train);
        assertTrue(train.contains("threshold chosen on validation (6 images)"), train);
        double auc = value(train, "validation_threshold.roc_auc");
        double acc = value(train, "threshold_0.5.accuracy");
        // a bright 6×6 square against noise is easy: the CNN must rank every test case right (AUC 1) and call ≥ 5/6
        assertEquals(1.0, auc, 1e-9, train);
        assertTrue(acc >= 5.0 / 6 - 1e-9, train);
        Path model = out.resolve("images.nabla");
        Map<String, Object> meta = ModelFile.metadata(model);
        assertEquals("normal,lesion", meta.get("classes"));
        assertEquals(24, ((Number) meta.get("size")).intValue());
        assertEquals(64, String.valueOf(meta.get("data_sha256")).length());
        assertEquals("min-max per image", meta.get("window"));

        Path fresh = dir.resolve("fresh");
        write(fresh, "lesion", 6, true, 11);
        write(fresh, "normal", 6, false, 12);
        String eval = run("evaluate", "--task", "images", "--model", model.toString(), "--data", fresh.toString(),
                "--bootstrap", "200", "--out", out.toString());
        assertTrue(eval.contains("\ncases=12\n"), eval);
        assertTrue(value(eval, "roc_auc") >= 0.9, eval);
        assertTrue(Files.exists(out.resolve("images-eval-roc.png")));

        String explain = run("explain", "--task", "images", "--model", model.toString(), "--image",
                fresh.resolve("lesion/lesion00.png").toString(), "--out", out.toString());
        assertTrue(explain.contains("→ lesion"), explain);
        String md = Files.readString(out.resolve("images-lesion00_png.md"));
        assertTrue(md.toLowerCase().contains("not for clinical use"), md);
        assertTrue(Files.size(out.resolve("images-lesion00_png-gradcam.png")) > 0);
        assertTrue(Files.size(out.resolve("images-lesion00_png-saliency.png")) > 0);
    }

    @Test
    void anUnreadableFileFailsTheRunNamingIt() throws Exception {
        Path data = dir.resolve("data");
        write(data, "lesion", 3, true, 1);
        write(data, "normal", 3, false, 2);
        Path bad = Files.write(data.resolve("normal/truncated.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = Diagnose.commandLine().execute("train", "--task", "images", "--data", data.toString(), "--size", "24",
                    "--out", dir.resolve("out").toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(1, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(bad.toString()), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tooSmallAnInputIsRefusedBeforeReading() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // 21: 19 → 9 → 7 → 3 → 1 → pool to 0; 22 is the smallest that works (20 → 10 → 8 → 4 → 2 → 1)
            assertEquals(1, Diagnose.commandLine().execute("train", "--task", "images", "--data", dir.toString(),
                    "--size", "21"));
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--size 21: the seed CNN"), err.toString());
    }

    private static double value(String out, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=([-0-9.NaN]+)$").matcher(out);
        assertTrue(m.find(), key + " missing in\n" + out);
        return Double.parseDouble(m.group(1));
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Diagnose.commandLine().execute(args), () -> buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

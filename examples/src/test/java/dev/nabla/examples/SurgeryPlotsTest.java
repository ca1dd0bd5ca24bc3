package dev.nabla.examples;

import dev.nabla.medical.surgery.Kinematics;
import dev.nabla.medical.surgery.Skill;
import dev.nabla.medical.surgery.TipPredictor;
import dev.nabla.medical.surgery.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SurgeryPlotsTest {
    @TempDir
    Path dir;

    /** 60 frames (2 s): G1 on frames 0–29, G5 on 30–59; tips moving at a constant velocity. */
    private static Trial twoGestures() {
        float[][] k = new float[60][Kinematics.COLUMNS];
        int[] labels = new int[60];
        for (int f = 0; f < 60; f++) {
            labels[f] = f < 30 ? 0 : 4;
            for (int tip : TipPredictor.TIPS) {
                // x = 0.010 + 0.030 t m, y = 0.020 − 0.015 t m, t = f / 30 s; velocity (0.030, −0.015, 0) m/s
                double t = f / Kinematics.HZ;
                k[f][tip] = (float) (0.010 + 0.030 * t);
                k[f][tip + 1] = (float) (0.020 - 0.015 * t);
                k[f][tip + Kinematics.LINEAR_VELOCITY] = 0.030f;
                k[f][tip + Kinematics.LINEAR_VELOCITY + 1] = -0.015f;
            }
        }
        return new Trial("Suturing_Z001", "Z", Skill.EXPERT, 20, k, labels, true);
    }

    @Test
    void timelineHasTheGestureColoursWhereTheFramesAre() throws Exception {
        Trial trial = twoGestures();
        int[] predicted = new int[60];
        Arrays.fill(predicted, 0, 45, 0);       // G1 predicted until frame 44
        Arrays.fill(predicted, 45, 50, -1);     // nothing for frames 45–49
        Arrays.fill(predicted, 50, 60, 4);      // G5 from frame 50
        Path png = SurgeryPlots.writeTimeline(trial, predicted, SurgeryPlots.title(trial, "test"), List.of(54),
                dir.resolve("t.png"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(1000, image.getWidth());
        assertEquals(260, image.getHeight());
        // plot area x from 100 to 980, 880 px for 60 frames: frame f starts at 100 + 880 f / 60 = 100 + 14.67 f
        int trueRow = 40 + 20;
        int predRow = 90 + 20;
        Color g1 = new Color(0x1f77b4);
        Color g5 = new Color(0x9467bd);
        assertEquals(g1.getRGB(), image.getRGB(101, trueRow));          // frame 0
        assertEquals(g1.getRGB(), image.getRGB(535, trueRow));          // frame 29.6: last G1 column (frame 30 starts at 540)
        assertEquals(g5.getRGB(), image.getRGB(541, trueRow));          // frame 30
        assertEquals(g5.getRGB(), image.getRGB(978, trueRow));          // frame 59
        assertEquals(g1.getRGB(), image.getRGB(759, predRow));          // frame 45 starts at 760: 759 is still G1
        assertEquals(new Color(225, 225, 225).getRGB(), image.getRGB(760, predRow)); // frames 45–49 unlabelled
        assertEquals(g5.getRGB(), image.getRGB(835, predRow));          // frame 50 starts at 833
        // the alert at frame 54 (x = 892) is a red tick in the strip at y 135–146
        assertEquals(Color.RED.getRGB(), image.getRGB(892, 140));
        assertEquals(Color.WHITE.getRGB(), image.getRGB(600, 140));
        assertNotEquals(g1.getRGB(), g5.getRGB());
    }

    @Test
    void timelineRefusesMismatchedLabels() {
        Trial trial = twoGestures();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurgeryPlots.timeline(trial, new int[59], "x", List.of()));
        assertEquals("timeline of Suturing_Z001: 59 predicted labels for 60 frames", e.getMessage());
    }

    @Test
    void trajectoryIsAReadablePngAndConstantVelocityHitsALinearPath() throws Exception {
        Trial trial = twoGestures();
        TipPredictor cv = TipPredictor.constantVelocity(3, 9);
        // on a straight line at constant velocity the forecast for frame f + 9 is the position at f + 9
        double[][] p = SurgeryPlots.predictedPath(trial, cv, 1, 30, 60);
        // targets 30, 33, …, 57: steps from frame 21 to 48
        assertEquals(10, p[0].length);
        for (int i = 0; i < 10; i++) {
            double t = (30 + 3 * i) / Kinematics.HZ;
            assertEquals(10 + 30 * t, p[0][i], 1e-3);
            assertEquals(20 - 15 * t, p[1][i], 1e-3);
        }
        Path png = SurgeryPlots.writeTrajectory(trial, 1, 0, 60, Map.of("constant velocity", cv), dir.resolve("traj.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(png), 4));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
    }
}

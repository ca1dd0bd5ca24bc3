package dev.nabla.medical.clinical;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClinicalPlotsTest {
    @Test
    void writesPngs(@TempDir Path dir) throws Exception {
        ScoredCases c = ScoredCases.of(new double[] {0.1, 0.4, 0.35, 0.8, 0.7, 0.2}, new int[] {0, 0, 1, 1, 1, 0});
        for (Path p : new Path[] {
                ClinicalPlots.roc(RocCurve.of(c), "ROC", dir.resolve("roc.png")),
                ClinicalPlots.precisionRecall(PrecisionRecallCurve.of(c), "PR", dir.resolve("pr.png")),
                ClinicalPlots.reliability(Calibration.of(c, 5), "calibration", dir.resolve("cal.png"))}) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(600, img.getWidth());
            assertEquals(500, img.getHeight());
        }
    }
}

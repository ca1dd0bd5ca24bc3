package dev.nabla.medical.explain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CaseReportTest {
    @Test
    void markdownHasEverySectionAndTheStatement(@TempDir Path dir) throws Exception {
        Path fig = dir.resolve("figs").resolve("case-gradcam.png");
        Path md = new CaseReport("Lesion detection", "MRI slice 87")
                .note("The lesion in this image is SIMULATED.")
                .step("block average 5×5")
                .step("divide by the 99.5th percentile")
                .prediction("lesion", 0.9312, 0.5)
                .truth("lesion (SIMULATED)")
                .explanation("mean radius = 17.99, gradient +0.0123")
                .figure(fig, "Grad-CAM of conv3")
                .provenance("data_sha256", "abc|def")
                .intendedUse("Teaching.")
                .write(dir.resolve("case.md"));
        String text = Files.readString(md);
        assertTrue(text.startsWith("# Lesion detection\n\nCase: `MRI slice 87`"), text);
        assertTrue(text.contains("> The lesion in this image is SIMULATED."));
        assertTrue(text.contains("1. block average 5×5\n2. divide by the 99.5th percentile"));
        assertTrue(text.contains("predicted: **lesion** (probability of the positive class 0.9312; threshold 0.50)"));
        assertTrue(text.contains("- mean radius = 17.99, gradient +0.0123\n\n![Grad-CAM of conv3](figs/case-gradcam.png)"), text);
        assertTrue(text.contains("| data_sha256 | abc\\|def |"));
        assertTrue(text.endsWith(CaseReport.NOT_FOR_CLINICAL_USE + "\n"));
    }
}

package dev.nabla.medical.explain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A per-case report in Markdown with its PNG figures: the case, the input image, the preprocessing
 * applied, the prediction and its probability at the stated threshold, the heat maps (with the method
 * of each), the model's provenance (data and its hash, metrics, library version) and its intended use,
 * ending with a "not for clinical use" statement that cannot be left out. Figures are linked by their
 * path relative to the report's folder. Written atomically.
 */
public final class CaseReport {
    /** Always printed at the end of every report. */
    public static final String NOT_FOR_CLINICAL_USE = "**Not for clinical use.** This report comes from a research "
            + "and teaching demonstration; it is not a medical device and must not inform the diagnosis or treatment "
            + "of any patient.";

    private final String title;
    private final String caseId;
    private final List<String> notes = new ArrayList<>();
    private final List<String[]> figures = new ArrayList<>();
    private final List<String> preprocessing = new ArrayList<>();
    private final List<String> explanations = new ArrayList<>();
    private final Map<String, Object> provenance = new LinkedHashMap<>();
    private String prediction;
    private double probability = Double.NaN;
    private double threshold = Double.NaN;
    private String truth;
    private String intendedUse = "Research and teaching only.";

    /** A report titled {@code title} about case {@code caseId}. */
    public CaseReport(String title, String caseId) {
        this.title = title;
        this.caseId = caseId;
    }

    /** A note shown prominently under the title (e.g. "The lesion in this image is SIMULATED."). */
    public CaseReport note(String text) {
        notes.add(text);
        return this;
    }

    /** One preprocessing step, in the order applied. */
    public CaseReport step(String description) {
        preprocessing.add(description);
        return this;
    }

    /** The predicted class, its probability and the decision threshold. */
    public CaseReport prediction(String label, double probabilityOfPositive, double decisionThreshold) {
        this.prediction = label;
        this.probability = probabilityOfPositive;
        this.threshold = decisionThreshold;
        return this;
    }

    /** The reference label, when known (e.g. for a test case). */
    public CaseReport truth(String label) {
        this.truth = label;
        return this;
    }

    /** One line of explanation shown above the figures (e.g. a feature and its saliency). */
    public CaseReport explanation(String line) {
        explanations.add(line);
        return this;
    }

    /** A figure (a PNG path) with its caption. */
    public CaseReport figure(Path png, String caption) {
        figures.add(new String[] {png.toString(), caption});
        return this;
    }

    /** A provenance entry (data set and hash, training settings, validation metrics, version…). */
    public CaseReport provenance(String key, Object value) {
        provenance.put(key, value);
        return this;
    }

    /** All entries of {@code map} as provenance. */
    public CaseReport provenance(Map<String, ?> map) {
        provenance.putAll(map);
        return this;
    }

    /** The model's intended use. */
    public CaseReport intendedUse(String text) {
        this.intendedUse = text;
        return this;
    }

    /** The Markdown text; figure paths are written relative to {@code folder}. */
    public String markdown(Path folder) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\nCase: `").append(caseId).append("`\n\n");
        for (String n : notes) {
            sb.append("> ").append(n).append("\n\n");
        }
        sb.append("## Prediction\n\n");
        if (prediction != null) {
            sb.append(String.format(Locale.ROOT, "- predicted: **%s** (probability of the positive class %.4f; "
                    + "threshold %.2f)%n", prediction, probability, threshold));
        }
        if (truth != null) {
            sb.append("- reference label: ").append(truth).append('\n');
        }
        sb.append("\n## Preprocessing applied\n\n");
        for (int i = 0; i < preprocessing.size(); i++) {
            sb.append(i + 1).append(". ").append(preprocessing.get(i)).append('\n');
        }
        sb.append("\n## Input and explanations\n\n");
        for (String e : explanations) {
            sb.append("- ").append(e).append('\n');
        }
        if (!explanations.isEmpty()) {
            sb.append('\n');
        }
        for (String[] f : figures) {
            Path p = Path.of(f[0]);
            String rel = folder == null ? p.toString() : folder.toAbsolutePath().relativize(p.toAbsolutePath()).toString();
            sb.append("![").append(f[1]).append("](").append(rel.replace('\\', '/')).append(")\n\n*")
                    .append(f[1]).append("*\n\n");
        }
        sb.append("## Model provenance\n\n| item | value |\n|---|---|\n");
        for (Map.Entry<String, Object> e : provenance.entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ").append(String.valueOf(e.getValue()).replace("|", "\\|"))
                    .append(" |\n");
        }
        sb.append("\n## Intended use\n\n").append(intendedUse).append("\n\n").append(NOT_FOR_CLINICAL_USE).append('\n');
        return sb.toString();
    }

    /** Writes the report to {@code file} (atomically); figures are linked relative to its folder. */
    public Path write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, markdown(dir));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }
}

package dev.nabla.medical.provenance;

import dev.nabla.nn.Model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * A Markdown model card (after Mitchell et al. 2019, "Model Cards for Model Reporting"): model details,
 * intended use, training data (hashes), training procedure (hyper-parameters, seed, privacy), evaluation
 * overall and per subgroup, limitations. Everything comes from a {@link Provenance} and a
 * {@link SubgroupMetrics}; nothing is invented.
 */
public final class ModelCard {
    private ModelCard() {
    }

    /**
     * The card as Markdown.
     *
     * @param model        the trained model (for the architecture summary and parameter count); may be null
     * @param provenance   where it came from
     * @param evaluation   overall and per-subgroup figures; may be null
     * @param subgroupName what the subgroups are (e.g. "sex", "hospital"); used in the table heading
     */
    public static String markdown(Model model, Provenance provenance, SubgroupMetrics evaluation, String subgroupName) {
        StringBuilder md = new StringBuilder();
        md.append("# Model card: ").append(provenance.modelName()).append("\n\n");
        md.append("## Model details\n\n");
        md.append("- Code version: `").append(provenance.codeVersion()).append("`\n");
        if (model != null) {
            md.append("- Parameters: ").append(model.countParams()).append(" (")
                    .append(model.countTrainableParams()).append(" trainable)\n");
        }
        if (provenance.seed() != null) {
            md.append("- Seed: ").append(provenance.seed()).append("\n");
        }
        md.append("\n## Intended use\n\n").append(orNone(provenance.intendedUse())).append("\n\n");
        md.append("## Training data\n\n| data set | SHA-256 |\n|---|---|\n");
        provenance.datasets().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> md.append("| ").append(e.getKey()).append(" | `").append(e.getValue()).append("` |\n"));
        md.append("\n## Training procedure\n\n| hyper-parameter | value |\n|---|---|\n");
        provenance.hyperParameters().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Metrics\n\n| metric | value |\n|---|---|\n");
        provenance.metrics().forEach((k, v) -> md.append("| ").append(k).append(" | ")
                .append(String.format(Locale.ROOT, "%.4f", v)).append(" |\n"));
        if (evaluation != null) {
            md.append("\n## Evaluation by subgroup");
            if (subgroupName != null) {
                md.append(" (").append(subgroupName).append(")");
            }
            md.append("\n\n| group | n | accuracy | sensitivity | specificity |\n|---|---|---|---|---|\n");
            evaluation.groups().forEach((g, r) -> md.append("| ").append(g).append(" | ").append(r.count()).append(" | ")
                    .append(fmt(r.accuracy())).append(" | ").append(fmt(r.sensitivity())).append(" | ")
                    .append(fmt(r.specificity())).append(" |\n"));
        }
        md.append("\n## Limitations\n\n").append(orNone(provenance.limitations())).append("\n");
        if (model != null) {
            md.append("\n## Architecture\n\n| layer | type | parameters |\n|---|---|---|\n");
            for (dev.nabla.nn.Layer layer : model.children()) {
                md.append("| ").append(layer.name()).append(" | ").append(layer.getClass().getSimpleName()).append(" | ")
                        .append(layer.countParams()).append(" |\n");
            }
        }
        return md.toString();
    }

    /** Writes the card to {@code file} (temporary file, then rename). */
    public static void write(Path file, String markdown) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, markdown, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? "_not stated_" : s;
    }
}

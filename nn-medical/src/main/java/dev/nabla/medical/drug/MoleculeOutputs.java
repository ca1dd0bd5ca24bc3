package dev.nabla.medical.drug;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;

import org.openscience.cdk.depict.DepictionGenerator;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.SDFWriter;
import org.openscience.cdk.layout.StructureDiagramGenerator;

/**
 * Writes what a generation run produced: {@code generated.smi} (every sample: its canonical SMILES, or
 * a {@code #} comment with the reason it is invalid — so the file accounts for all of them),
 * {@code generated.sdf} (distinct valid molecules with 2-D coordinates), {@code grid.png} (CDK depictions
 * of the first distinct valid molecules), {@code properties.png} (histograms, generated vs training)
 * and {@code report.md}. Every file is written to a temporary name and renamed.
 */
public final class MoleculeOutputs {
    /** Molecules in the depiction grid (at most). */
    public static final int GRID = 48;

    private MoleculeOutputs() {
    }

    /** {@code generated.smi}, {@code generated.sdf}, {@code grid.png}. */
    public static void writeSamples(Path dir, GenerationEvaluation ev) throws IOException, CDKException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add("# " + ev.samples() + " generated graphs, " + ev.validCount() + " valid, " + ev.distinctCount() + " distinct");
        List<IAtomContainer> distinct = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < ev.samples(); i++) {
            String s = ev.smiles().get(i);
            if (s == null) {
                lines.add("# sample_" + (i + 1) + " invalid");
            } else {
                lines.add(s + "\tsample_" + (i + 1));
                if (seen.add(s)) {
                    IAtomContainer m = ev.molecules().get(i);
                    m.setTitle("sample_" + (i + 1));
                    distinct.add(m);
                }
            }
        }
        MoleculeDataset.writeLines(dir.resolve("generated.smi"), lines);
        StructureDiagramGenerator sdg = new StructureDiagramGenerator();
        Path tmp = dir.resolve("generated.sdf.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8); SDFWriter sdf = new SDFWriter(w)) {
            for (IAtomContainer m : distinct) {
                IAtomContainer c = m.clone();
                sdg.generateCoordinates(c);
                sdf.write(c);
            }
        } catch (CloneNotSupportedException e) {
            throw new CDKException("cannot clone", e);
        }
        Files.move(tmp, dir.resolve("generated.sdf"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        List<IAtomContainer> grid = distinct.subList(0, Math.min(GRID, distinct.size()));
        if (!grid.isEmpty()) {
            Path png = dir.resolve("grid.tmp.png");
            new DepictionGenerator().withAtomColors().withSize(150 * 8, 150 * ((grid.size() + 7) / 8)).withZoom(1.3)
                    .withTitleScale(0.8).withMolTitle().depict(grid, (grid.size() + 7) / 8, Math.min(8, grid.size())).writeTo(png.toString());
            Files.move(png, dir.resolve("grid.png"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** {@code properties.png}: one histogram per property, generated (distinct valid) vs training, as densities. */
    public static void writeHistograms(Path dir, GenerationEvaluation ev) throws IOException {
        int panels = MolecularProperties.NAMES.length;
        int w = 360, h = 260;
        BufferedImage img = new BufferedImage(w * panels, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int p = 0; p < panels; p++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (List<MolecularProperties> list : List.of(ev.generated(), ev.training())) {
                for (MolecularProperties m : list) {
                    lo = Math.min(lo, m.get(p));
                    hi = Math.max(hi, m.get(p));
                }
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
            int bins = 20;
            double[] gen = histogram(ev.generated(), p, lo, hi, bins);
            double[] tr = histogram(ev.training(), p, lo, hi, bins);
            double max = 1e-9;
            for (int k = 0; k < bins; k++) {
                max = Math.max(max, Math.max(gen[k], tr[k]));
            }
            int x0 = p * w + 40, y0 = h - 40, pw = w - 60, ph = h - 80;
            g.setColor(Color.BLACK);
            g.drawString(MolecularProperties.NAMES[p], x0 + pw / 2 - 15, 20);
            g.drawLine(x0, y0, x0 + pw, y0);
            g.drawString(String.format(Locale.ROOT, "%.1f", lo), x0, y0 + 15);
            g.drawString(String.format(Locale.ROOT, "%.1f", hi), x0 + pw - 30, y0 + 15);
            double bw = pw / (double) bins;
            for (int k = 0; k < bins; k++) {
                int bx = (int) (x0 + k * bw);
                int th = (int) (tr[k] / max * ph);
                g.setColor(new Color(70, 110, 200, 140));
                g.fillRect(bx, y0 - th, (int) Math.ceil(bw), th);
                int gh = (int) (gen[k] / max * ph);
                g.setColor(new Color(220, 80, 40));
                g.setStroke(new BasicStroke(2f));
                g.drawRect(bx, y0 - gh, (int) Math.ceil(bw), gh);
            }
        }
        g.setColor(new Color(70, 110, 200));
        g.drawString("filled: training (n = " + ev.training().size() + ")", 10, h - 8);
        g.setColor(new Color(220, 80, 40));
        g.drawString("outline: generated, distinct valid (n = " + ev.generated().size() + ")", 250, h - 8);
        g.dispose();
        Path tmp = dir.resolve("properties.tmp.png");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, dir.resolve("properties.png"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static double[] histogram(List<MolecularProperties> ps, int p, double lo, double hi, int bins) {
        double[] h = new double[bins];
        for (MolecularProperties m : ps) {
            int k = (int) ((m.get(p) - lo) / (hi - lo) * bins);
            h[Math.min(bins - 1, Math.max(0, k))] += 1.0 / ps.size();
        }
        return h;
    }

    /** {@code report.md}: data identity, model, sampling (atom and bond temperatures, decoding), all metrics. Returns its path. */
    public static Path writeReport(Path dir, GenerationEvaluation ev, MoleculeDataset ds, MolGanConfig cfg, Path model,
            double temperature, double bondTemperature, long seed, Decoding decoding) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Molecule generation report\n\n");
        sb.append("- data: `").append(ds.directory()).append("` — ").append(ds.describe()).append("\n");
        sb.append("- model: `").append(model).append("` — ").append(cfg.toMap()).append("\n");
        sb.append("- sampling: ").append(ev.samples()).append(" graphs, temperature ").append(temperature)
                .append(bondTemperature == temperature ? "" : " (atoms), " + bondTemperature + " (bonds)")
                .append(", seed ").append(seed)
                .append(", decoding ").append(decoding).append("\n");
        sb.append("- written: ").append(Instant.now()).append("\n\n");
        sb.append(ev.toMarkdown());
        sb.append("\nFiles: `generated.smi` (all samples), `generated.sdf` (distinct valid), `grid.png`, `properties.png`.\n");
        Path tmp = dir.resolve("report.md.tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("report.md"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dir.resolve("report.md");
    }
}

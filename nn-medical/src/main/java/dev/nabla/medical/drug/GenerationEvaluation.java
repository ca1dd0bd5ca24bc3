package dev.nabla.medical.drug;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * Scores a set of generated graphs against the training set: decodes each graph (invalid ones counted
 * by {@link MolecularGraph.Failure}), then validity, uniqueness, novelty (see {@link MoleculeMetrics}),
 * internal diversity on ECFP4 (of at most {@link #DIVERSITY_CAP} distinct molecules, the first ones) and
 * the property distributions of the distinct valid molecules next to those of the training set.
 *
 * @param samples          number of generated graphs
 * @param smiles           canonical SMILES per sample ({@code null} for invalid ones)
 * @param molecules        decoded molecule per sample ({@code null} for invalid ones)
 * @param failures         count of invalid samples per reason
 * @param validity         valid / samples
 * @param uniqueness       distinct valid / valid
 * @param novelty          distinct valid not in training / distinct valid
 * @param noveltyPerSample valid samples not in training / valid (MolGAN's definition)
 * @param diversity        mean pairwise ECFP4 Tanimoto distance of the distinct valid molecules
 * @param generated        properties of the distinct valid molecules
 * @param training         properties of the training molecules
 */
public record GenerationEvaluation(int samples, List<String> smiles, List<IAtomContainer> molecules,
        Map<MolecularGraph.Failure, Integer> failures, double validity, double uniqueness, double novelty,
        double noveltyPerSample, double diversity, List<MolecularProperties> generated, List<MolecularProperties> training) {
    /** Most distinct molecules used for internal diversity (pairs grow quadratically). */
    public static final int DIVERSITY_CAP = 2000;

    /** Evaluates {@code graphs} against {@code train} (canonical SMILES). */
    public static GenerationEvaluation of(List<MolecularGraph> graphs, GraphSpec spec, List<String> train)
            throws CDKException, MoleculeFormatException {
        List<String> smiles = new ArrayList<>(graphs.size());
        List<IAtomContainer> mols = new ArrayList<>(graphs.size());
        Map<MolecularGraph.Failure, Integer> failures = new EnumMap<>(MolecularGraph.Failure.class);
        for (MolecularGraph g : graphs) {
            MolecularGraph.Decoded d = g.decode(spec);
            smiles.add(d.smiles());
            mols.add(d.molecule());
            if (!d.valid()) {
                failures.merge(d.failure(), 1, Integer::sum);
            }
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>(MoleculeMetrics.valid(smiles));
        List<String> forDiversity = distinct.stream().limit(DIVERSITY_CAP).toList();
        List<MolecularProperties> gen = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < smiles.size(); i++) {
            if (smiles.get(i) != null && seen.add(smiles.get(i))) {
                gen.add(MolecularProperties.of(mols.get(i)));
            }
        }
        List<MolecularProperties> tr = new ArrayList<>();
        for (String s : train) {
            tr.add(MolecularProperties.of(MoleculeReader.parseSmiles(s, "train", 0, null)));
        }
        return new GenerationEvaluation(graphs.size(), smiles, mols, failures, MoleculeMetrics.validity(smiles),
                MoleculeMetrics.uniqueness(smiles), MoleculeMetrics.novelty(smiles, train),
                MoleculeMetrics.noveltyPerSample(smiles, train), MoleculeMetrics.internalDiversityOfSmiles(forDiversity), gen, tr);
    }

    /** Number of valid samples. */
    public int validCount() {
        return MoleculeMetrics.valid(smiles).size();
    }

    /** Number of distinct valid molecules. */
    public int distinctCount() {
        return new LinkedHashSet<>(MoleculeMetrics.valid(smiles)).size();
    }

    /** Whether the goal holds: validity ≥ 0.9, uniqueness ≥ 0.5, novelty ≥ 0.8 under both definitions (distinct and MolGAN's per sample). */
    public boolean meetsGoal() {
        return validity >= 0.9 && uniqueness >= 0.5 && novelty >= 0.8 && noveltyPerSample >= 0.8;
    }

    /** Rule-of-five pass rate of a property list. */
    public static double ruleOfFive(List<MolecularProperties> ps) {
        return ps.isEmpty() ? 0 : ps.stream().filter(MolecularProperties::passesRuleOfFive).count() / (double) ps.size();
    }

    /** Mean and standard deviation of property {@code i}. */
    public static double[] meanSd(List<MolecularProperties> ps, int i) {
        double s = 0, s2 = 0;
        for (MolecularProperties p : ps) {
            s += p.get(i);
            s2 += p.get(i) * p.get(i);
        }
        int n = ps.size();
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double m = s / n;
        return new double[] {m, Math.sqrt(Math.max(0, s2 / n - m * m))};
    }

    /** Markdown tables: the metrics, the failures, the properties (generated vs training). */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| metric | value |\n|---|---|\n");
        sb.append(row("samples", Integer.toString(samples)));
        sb.append(row("valid", validCount() + " (" + pct(validity) + ")"));
        sb.append(row("unique (of valid)", distinctCount() + " (" + pct(uniqueness) + ")"));
        sb.append(row("novel (of unique valid)", pct(novelty)));
        sb.append(row("novel per valid sample (MolGAN's definition)", pct(noveltyPerSample)));
        sb.append(row("internal diversity (mean ECFP4 Tanimoto distance)", String.format(Locale.ROOT, "%.3f", diversity)));
        sb.append(row("goal (valid ≥ 90 %, unique ≥ 50 %, novel ≥ 80 % under both definitions)", meetsGoal() ? "met" : "not met"));
        sb.append("\n| invalid because | samples |\n|---|---|\n");
        for (MolecularGraph.Failure f : MolecularGraph.Failure.values()) {
            sb.append(row(f.name().toLowerCase(Locale.ROOT), Integer.toString(failures.getOrDefault(f, 0))));
        }
        sb.append("\n| property (mean ± sd) | generated (distinct valid, n = ").append(generated.size())
                .append(") | training (n = ").append(training.size()).append(") |\n|---|---|---|\n");
        for (int i = 0; i < MolecularProperties.NAMES.length; i++) {
            double[] g = meanSd(generated, i);
            double[] t = meanSd(training, i);
            sb.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f | %.2f ± %.2f |%n", MolecularProperties.NAMES[i], g[0], g[1], t[0], t[1]));
        }
        sb.append("| rule-of-five pass rate (≤ 1 violation) | ").append(pct(ruleOfFive(generated))).append(" | ")
                .append(pct(ruleOfFive(training))).append(" |\n");
        return sb.toString();
    }

    private static String row(String k, String v) {
        return "| " + k + " | " + v + " |\n";
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }
}

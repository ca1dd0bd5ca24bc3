package dev.nabla.medical.provenance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Classification performance overall and per subgroup (sex, age band, site, scanner, …): for each group the
 * number of examples and the accuracy; for binary tasks also sensitivity {@code TP / (TP + FN)} and specificity
 * {@code TN / (TN + FP)} with respect to a chosen positive class.
 *
 * @param groups per group name (plus {@code "overall"} first), its row
 */
public record SubgroupMetrics(Map<String, Row> groups) {
    /** One group's figures; sensitivity and specificity are NaN when undefined (no positives / negatives, or not binary). */
    public record Row(int count, double accuracy, double sensitivity, double specificity) {
    }

    /**
     * @param predicted     predicted class per example
     * @param truth         true class per example
     * @param group         subgroup label per example (null: overall only)
     * @param positiveClass the class counted as positive for sensitivity/specificity, or −1 for none
     */
    public static SubgroupMetrics compute(int[] predicted, int[] truth, String[] group, int positiveClass) {
        if (predicted.length != truth.length || (group != null && group.length != truth.length)) {
            throw new IllegalArgumentException("SubgroupMetrics: " + predicted.length + " predictions, " + truth.length
                    + " labels" + (group == null ? "" : ", " + group.length + " group labels") + " — they must match");
        }
        Map<String, Row> out = new LinkedHashMap<>();
        out.put("overall", row(predicted, truth, null, null, positiveClass));
        if (group != null) {
            for (String g : new TreeMap<>(count(group)).keySet()) {
                out.put(g, row(predicted, truth, group, g, positiveClass));
            }
        }
        return new SubgroupMetrics(out);
    }

    private static Map<String, Integer> count(String[] group) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String g : group) {
            m.merge(g == null ? "(missing)" : g, 1, Integer::sum);
        }
        return m;
    }

    private static Row row(int[] p, int[] t, String[] group, String g, int positive) {
        int n = 0;
        int correct = 0;
        int tp = 0;
        int fn = 0;
        int tn = 0;
        int fp = 0;
        for (int i = 0; i < p.length; i++) {
            if (group != null && !g.equals(group[i] == null ? "(missing)" : group[i])) {
                continue;
            }
            n++;
            if (p[i] == t[i]) {
                correct++;
            }
            if (positive >= 0) {
                boolean isPos = t[i] == positive;
                boolean saidPos = p[i] == positive;
                if (isPos && saidPos) {
                    tp++;
                } else if (isPos) {
                    fn++;
                } else if (saidPos) {
                    fp++;
                } else {
                    tn++;
                }
            }
        }
        double sens = positive >= 0 && tp + fn > 0 ? (double) tp / (tp + fn) : Double.NaN;
        double spec = positive >= 0 && tn + fp > 0 ? (double) tn / (tn + fp) : Double.NaN;
        return new Row(n, n == 0 ? Double.NaN : (double) correct / n, sens, spec);
    }
}

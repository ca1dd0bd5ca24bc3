package dev.nabla.medical.surgery;

import java.util.ArrayList;
import java.util.List;

/**
 * Metrics of frame-wise action segmentation, as used for JIGSAWS gesture recognition. Frames whose true
 * label is {@link Trial#UNLABELLED} are removed from both sequences before any metric is computed.
 * <ul>
 *   <li><b>frame accuracy</b>: percentage of frames whose predicted label equals the true one;</li>
 *   <li><b>edit score</b> (Lea et al., "Temporal convolutional networks: a unified approach to action
 *       segmentation", 2016): {@code 100 · (1 − lev(P, T) / max(|P|, |T|))} where {@code P} and {@code T}
 *       are the sequences of segment labels (consecutive equal frames merged) and {@code lev} is the
 *       Levenshtein distance — it penalises over-segmentation, not timing;</li>
 *   <li><b>segmental F1@τ</b> (Lea et al., "Temporal convolutional networks for action segmentation and
 *       detection", 2017): each predicted segment, in order, is a true positive if its intersection over
 *       union with the best-overlapping true segment of the same label is ≥ τ and that true segment is not
 *       yet matched, else a false positive; unmatched true segments are false negatives;
 *       {@code F1 = 100 · 2PR / (P + R)}.</li>
 * </ul>
 * All three return percentages in [0, 100].
 */
public final class SegmentMetrics {
    private SegmentMetrics() {
    }

    /** Runs of equal labels; frames labelled {@link Trial#UNLABELLED} end a run and belong to none. */
    public static List<Segment> segments(int[] labels) {
        List<Segment> out = new ArrayList<>();
        int t = 0;
        while (t < labels.length) {
            if (labels[t] == Trial.UNLABELLED) {
                t++;
                continue;
            }
            int start = t;
            while (t + 1 < labels.length && labels[t + 1] == labels[start]) {
                t++;
            }
            out.add(new Segment(start, t, labels[start]));
            t++;
        }
        return out;
    }

    /** Percentage of labelled frames predicted right. */
    public static double frameAccuracy(int[] predicted, int[] truth) {
        int[][] pt = labelledOnly(predicted, truth);
        if (pt[1].length == 0) {
            throw new IllegalArgumentException("frame accuracy: no labelled frames");
        }
        int right = 0;
        for (int i = 0; i < pt[1].length; i++) {
            if (pt[0][i] == pt[1][i]) {
                right++;
            }
        }
        return 100.0 * right / pt[1].length;
    }

    /** Edit score (Lea et al. 2016), in percent. */
    public static double editScore(int[] predicted, int[] truth) {
        int[][] pt = labelledOnly(predicted, truth);
        int[] p = segmentLabels(segments(pt[0]));
        int[] t = segmentLabels(segments(pt[1]));
        int max = Math.max(p.length, t.length);
        if (max == 0) {
            return 100;
        }
        return 100.0 * (1 - (double) levenshtein(p, t) / max);
    }

    /** Segmental F1 at IoU threshold {@code tau} (e.g. 0.1, 0.25, 0.5), in percent. */
    public static double f1(int[] predicted, int[] truth, double tau) {
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("F1@tau: tau must be in (0, 1], got " + tau);
        }
        int[][] pt = labelledOnly(predicted, truth);
        List<Segment> p = segments(pt[0]);
        List<Segment> t = segments(pt[1]);
        boolean[] hit = new boolean[t.size()];
        int tp = 0;
        int fp = 0;
        for (Segment s : p) {
            int best = -1;
            double bestIou = -1;
            for (int j = 0; j < t.size(); j++) {
                if (t.get(j).label() == s.label()) {
                    double iou = s.iou(t.get(j));
                    if (iou > bestIou) {
                        bestIou = iou;
                        best = j;
                    }
                }
            }
            if (best >= 0 && bestIou >= tau && !hit[best]) {
                tp++;
                hit[best] = true;
            } else {
                fp++;
            }
        }
        int fn = t.size() - tp;
        if (tp == 0) {
            return 0;
        }
        double precision = (double) tp / (tp + fp);
        double recall = (double) tp / (tp + fn);
        return 100.0 * 2 * precision * recall / (precision + recall);
    }

    /** Levenshtein distance between two label sequences (insert, delete, substitute cost 1). */
    public static int levenshtein(int[] a, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length];
    }

    private static int[] segmentLabels(List<Segment> segments) {
        return segments.stream().mapToInt(Segment::label).toArray();
    }

    /** Predicted and true labels at the frames whose true label is known, in order. */
    private static int[][] labelledOnly(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("segmentation metrics: " + predicted.length + " predicted labels but "
                    + truth.length + " true labels");
        }
        int n = 0;
        for (int v : truth) {
            if (v != Trial.UNLABELLED) {
                n++;
            }
        }
        int[] p = new int[n];
        int[] t = new int[n];
        int k = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != Trial.UNLABELLED) {
                p[k] = predicted[i];
                t[k++] = truth[i];
            }
        }
        return new int[][] {p, t};
    }
}

package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand-worked examples; the working is in the comments. Labels: A=0, B=1, C=2. */
class SegmentMetricsTest {
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    @Test
    void shiftedBoundariesKeepEditAndF1ButLoseFrames() {
        // truth A A A B B B B C C C  → A[0,2] B[3,6] C[7,9]
        // pred  A A B B B B B B C C  → A[0,1] B[2,7] C[8,9]
        int[] truth = {A, A, A, B, B, B, B, C, C, C};
        int[] pred = {A, A, B, B, B, B, B, B, C, C};
        assertEquals(80.0, SegmentMetrics.frameAccuracy(pred, truth), 1e-9);   // frames 2 and 7 wrong
        assertEquals(100.0, SegmentMetrics.editScore(pred, truth), 1e-9);      // ABC vs ABC
        // IoUs: A 2/3, B 4/6, C 2/3 — all >= 0.5: TP 3, FP 0, FN 0
        assertEquals(100.0, SegmentMetrics.f1(pred, truth, 0.10), 1e-9);
        assertEquals(100.0, SegmentMetrics.f1(pred, truth, 0.25), 1e-9);
        assertEquals(100.0, SegmentMetrics.f1(pred, truth, 0.50), 1e-9);
        assertEquals(0.0, SegmentMetrics.f1(pred, truth, 0.75), 1e-9);        // 2/3 < 0.75 everywhere
    }

    @Test
    void overSegmentationIsPunishedByEditAndF1() {
        // truth A A A A B B B B → A[0,3] B[4,7]
        // pred  A A B A B B C B → A[0,1] B[2] A[3] B[4,5] C[6] B[7]
        int[] truth = {A, A, A, A, B, B, B, B};
        int[] pred = {A, A, B, A, B, B, C, B};
        assertEquals(75.0, SegmentMetrics.frameAccuracy(pred, truth), 1e-9);   // frames 2, 6 wrong
        // lev(ABABCB, AB) = 4 deletions; 1 - 4/6 = 1/3
        assertEquals(100.0 / 3, SegmentMetrics.editScore(pred, truth), 1e-9);
        // A[0,1]: IoU 2/4 = .5 TP; B[2]: IoU 0 FP; A[3]: IoU .25 but A matched FP; B[4,5]: .5 TP;
        // C[6]: no C FP; B[7]: B matched FP → TP 2, FP 4, FN 0; P = 1/3, R = 1, F1 = 0.5
        for (double tau : new double[] {0.10, 0.25, 0.50}) {
            assertEquals(50.0, SegmentMetrics.f1(pred, truth, tau), 1e-9);
        }
    }

    @Test
    void thresholdsSeparateLooseFromTightMatches() {
        // truth A×10; pred A[0,3] B[4,9]: A IoU 4/10 = .4
        int[] truth = {A, A, A, A, A, A, A, A, A, A};
        int[] pred = {A, A, A, A, B, B, B, B, B, B};
        assertEquals(40.0, SegmentMetrics.frameAccuracy(pred, truth), 1e-9);
        assertEquals(50.0, SegmentMetrics.editScore(pred, truth), 1e-9);        // lev(AB, A) = 1, max 2
        // tau .1, .25: TP 1, FP 1, FN 0 → P .5, R 1, F1 2/3
        assertEquals(200.0 / 3, SegmentMetrics.f1(pred, truth, 0.10), 1e-9);
        assertEquals(200.0 / 3, SegmentMetrics.f1(pred, truth, 0.25), 1e-9);
        assertEquals(0.0, SegmentMetrics.f1(pred, truth, 0.50), 1e-9);         // .4 < .5
    }

    @Test
    void unlabelledFramesAreLeftOut() {
        int u = Trial.UNLABELLED;
        int[] truth = {u, u, A, A, B, B, u};
        int[] pred = {C, C, A, A, B, B, C};
        assertEquals(100.0, SegmentMetrics.frameAccuracy(pred, truth), 1e-9);
        assertEquals(100.0, SegmentMetrics.editScore(pred, truth), 1e-9);
        assertEquals(100.0, SegmentMetrics.f1(pred, truth, 0.5), 1e-9);
        assertEquals(List.of(new Segment(2, 3, A), new Segment(4, 5, B)), SegmentMetrics.segments(truth));
    }

    @Test
    void levenshteinAndErrors() {
        assertEquals(3, SegmentMetrics.levenshtein(new int[] {1, 2, 3}, new int[] {}));
        assertEquals(1, SegmentMetrics.levenshtein(new int[] {1, 2, 3}, new int[] {1, 4, 3}));
        assertEquals(2, SegmentMetrics.levenshtein(new int[] {1, 2}, new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> SegmentMetrics.frameAccuracy(new int[2], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> SegmentMetrics.f1(new int[2], new int[2], 0));
    }
}

package dev.nabla.medical.surgery;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionMonitorTest {
    private static final int X_LEFT = Kinematics.column(Kinematics.SLAVE_LEFT, Kinematics.POSITION);

    /** Left tip at x(t) mm, velocity recorded as 0, right tip still. */
    private static Trial leftTipAt(double... mm) {
        float[][] k = new float[mm.length][Kinematics.COLUMNS];
        for (int f = 0; f < mm.length; f++) {
            k[f][X_LEFT] = (float) (mm[f] * 1e-3);
        }
        return new Trial("Suturing_X001", "X", Skill.EXPERT, -1, k, new int[mm.length], true);
    }

    @Test
    void residualsAndCalibrationOnAHandComputedTrajectory() {
        // x(t) = 0.1·t² mm with zero recorded velocity: the constant-velocity forecast (stride 3, lead 9) stays
        // put, so at check t = 9, 12, …, 27 the residual is x(t) − x(t − 9) = 1.8·t − 8.1 mm
        double[] x = new double[30];
        for (int t = 0; t < 30; t++) {
            x[t] = 0.1 * t * t;
        }
        Trial trial = leftTipAt(x);
        double[] r = MotionMonitor.residuals(TipPredictor.constantVelocity(3, 9), List.of(trial));
        assertArrayEquals(new double[] {8.1, 13.5, 18.9, 24.3, 29.7, 35.1, 40.5}, r, 1e-3);
        assertEquals(24.3, MotionMonitor.calibrate(TipPredictor.constantVelocity(3, 9), List.of(trial), 0.5), 1e-3);
        assertEquals(37.26, MotionMonitor.calibrate(TipPredictor.constantVelocity(3, 9), List.of(trial), 0.9), 1e-3);   // 35.1 + 0.4·5.4
    }

    @Test
    void perGestureThresholdsAreQuantilesOfTheirOwnResiduals() {
        // the parabola above, labelled G1 before frame 18 and G4 from it: checks 9, 12, 15 are G1 (8.1, 13.5, 18.9),
        // checks 18..27 are G4 (24.3, 29.7, 35.1, 40.5)
        double[] x = new double[30];
        int[] labels = new int[30];
        for (int t = 0; t < 30; t++) {
            x[t] = 0.1 * t * t;
            labels[t] = t < 18 ? Gesture.G1.index() : Gesture.G4.index();
        }
        Trial parabola = leftTipAt(x);
        Trial trial = new Trial(parabola.name(), "X", Skill.EXPERT, -1, parabola.kinematics(), labels, true);
        MotionThresholds th = MotionThresholds.calibrate(TipPredictor.constantVelocity(3, 9), List.of(trial), 0.5, 4);
        assertEquals(24.3, th.pooled(), 1e-3);
        assertEquals(32.4, th.of(Gesture.G4), 1e-3);                    // h = 1.5: 29.7 + 0.5·5.4
        assertEquals(24.3, th.of(Gesture.G1), 1e-3);                    // 3 residuals < 4: pooled
        assertTrue(Double.isNaN(th.perGesture()[Gesture.G1.index()]));
        // the monitor picks τ by the gesture it is given: residual 5 mm is above τ_G1 = 3 but below τ_G5 = 6
        double[] per = new double[Gesture.COUNT];
        java.util.Arrays.fill(per, Double.NaN);
        per[Gesture.G1.index()] = 3;
        per[Gesture.G5.index()] = 6;
        Trial steps = leftTipAt(0, 5, 10, 15, 20);
        for (Gesture g : List.of(Gesture.G1, Gesture.G5)) {
            MotionMonitor m = new MotionMonitor(TipPredictor.constantVelocity(1, 1), new MotionThresholds(100, per), 2);
            int alerts = 0;
            for (float[] f : steps.kinematics()) {
                alerts += m.step(f, g).alert() == null ? 0 : 1;
            }
            assertEquals(g == Gesture.G1 ? 1 : 0, alerts, g.name());
        }
    }

    @Test
    void persistenceRuleAlertsOncePerExcursion() {
        // forecast "stays put" one frame ahead; residual = |x(t) − x(t − 1)|: 1 5 1 5 5 5 1 5 5 (checks 1..9), τ = 3, m = 2
        Trial trial = leftTipAt(0, 1, 6, 5, 10, 15, 20, 19, 24, 29);
        MotionMonitor m = new MotionMonitor(TipPredictor.constantVelocity(1, 1), 3, 2);
        List<Integer> alerts = new ArrayList<>();
        double[] e = new double[trial.frames()];
        for (float[] f : trial.kinematics()) {
            MotionMonitor.Check c = m.step(f);
            e[c.frame()] = c.errorMm();
            if (c.alert() != null) {
                alerts.add(c.frame());
                assertTrue(c.alert().startsWith("motion deviates from forecast: left tip off by 5.0 mm > 3.0 mm"), c.alert());
            }
        }
        assertTrue(Double.isNaN(e[0]), "no forecast for the first frame");
        assertEquals(5.0, e[4], 1e-3);
        assertEquals(List.of(5, 9), alerts);
        assertThrows(IllegalArgumentException.class, () -> new MotionMonitor(TipPredictor.constantVelocity(1, 1), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> TipPredictor.constantVelocity(3, 4));
    }

    /** The default training users (all but B and D), 5 trials each, and the 99.9% threshold of the baseline on them. */
    private static final SurgerySimulator SIM = new SurgerySimulator(7);

    private static final List<Trial> TRAIN = training();

    private static List<Trial> training() {
        List<Trial> train = new ArrayList<>();
        for (String user : List.of("C", "E", "F", "G", "H", "I")) {
            for (int k = 1; k <= 5; k++) {
                train.add(SIM.trial(user, SurgerySimulator.JIGSAWS_USERS.get(user), k));
            }
        }
        return train;
    }

    private static double threshold(TipPredictor p) {
        return MotionMonitor.calibrate(p, TRAIN, 0.999);
    }

    private static List<Integer> alerts(MotionMonitor m, Trial t) {
        m.reset();
        List<Integer> out = new ArrayList<>();
        for (float[] f : t.kinematics()) {
            MotionMonitor.Check c = m.step(f);
            if (c.alert() != null) {
                out.add(c.frame());
            }
        }
        return out;
    }

    @Test
    void injectedJumpIsCaughtWithinAFewFramesAndNotBefore() {
        TipPredictor p = TipPredictor.constantVelocity(3, 9);
        MotionMonitor m = new MotionMonitor(p, threshold(p), 2);
        Trial clean = SIM.trial("D", Skill.EXPERT, 3);
        int onset = 900;
        Trial jumped = MotionDeviation.jump(1, onset, 60, 10).apply(clean);
        List<Integer> before = alerts(m, clean).stream().filter(f -> f < onset).toList();
        List<Integer> got = alerts(m, jumped);
        // the frames before the onset are those of the clean trial: the same alerts, if any, and none new
        assertEquals(before, got.stream().filter(f -> f < onset).toList());
        int first = got.stream().filter(f -> f >= onset).findFirst().orElse(-1);
        // the first check at or after the onset (≤ onset + 2) compares a forecast made before the jump: ~10 mm off;
        // the second (≤ onset + 5) too, so m = 2 alerts by onset + 5 frames (167 ms)
        assertTrue(first >= onset && first <= onset + 5, "alert at frame " + first + ", onset " + onset);
    }

    @Test
    void cleanExpertTrialsGiveFewFalseAlerts() {
        TipPredictor p = TipPredictor.constantVelocity(3, 9);
        MotionMonitor m = new MotionMonitor(p, threshold(p), 2);
        int alerts = 0;
        double minutes = 0;
        for (int k = 1; k <= 5; k++) {
            Trial t = SIM.trial("D", Skill.EXPERT, k);
            alerts += alerts(m, t).size();
            minutes += t.seconds() / 60;
        }
        // one pooled τ: measured 12 alerts in 4.54 min (2.6 per minute, i.e. at 600 checks per minute about one check
        // in 230 opens an alert), all in the long G4 reach of the left tip (per-gesture thresholds give the same 12 here:
        // under this simulator seed user D reaches faster than every training user). τ is the 99.9% quantile of the pooled training residuals, most of them from slower
        // novices and intermediates; the fastest reaches of an expert (peak acceleration ≈ 5.8·D/T²) push the
        // 300 ms constant-velocity forecast past it. The bound keeps that rate and fails if it degrades by half.
        assertTrue(alerts / minutes < 4, alerts + " alerts in " + minutes + " min");
    }
}

package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanObjectiveTest {
    private static final double[] REAL = {0.9, 0.8};
    private static final double[] FAKE = {0.1, 0.2};

    @Test
    void workedExample() {
        // V = (ln 0.9 + ln 0.8)/2 + (ln(1−0.1) + ln(1−0.2))/2 = ln 0.9 + ln 0.8
        //   = −0.10536051565782628 − 0.2231435513142097 = −0.328504066972036
        assertEquals(-0.328504066972036, GanObjective.value(REAL, FAKE), 1e-15);
        assertEquals(0.328504066972036, GanObjective.discriminatorLoss(REAL, FAKE), 1e-15);
        // saturating: (ln 0.9 + ln 0.8)/2 = −0.164252033486018
        assertEquals(-0.164252033486018, GanObjective.saturatingGeneratorLoss(FAKE), 1e-15);
        // non-saturating: −(ln 0.1 + ln 0.2)/2 = (2.302585092994046 + 1.6094379124341003)/2 = 1.9560115027140728
        assertEquals(1.9560115027140728, GanObjective.nonSaturatingGeneratorLoss(FAKE), 1e-15);
    }

    @Test
    void equilibriumValueIsMinusLogFour() {
        // when p_g = p_data the best D is 1/2 everywhere and V = 2·ln(1/2) = −ln 4 (Goodfellow et al., Theorem 1)
        double[] half = {0.5, 0.5, 0.5};
        assertEquals(-Math.log(4), GanObjective.value(half, half), 1e-15);
    }

    @Test
    void theDiscriminatorLossIsBinaryCrossEntropy() {
        // BCE with label 1 for real, 0 for fake, averaged per group: −(1/m)Σ ln d − (1/n)Σ ln(1−d)
        double[] real = {0.7, 0.95, 0.6};
        double[] fake = {0.3, 0.05};
        double bce = -(Math.log(0.7) + Math.log(0.95) + Math.log(0.6)) / 3 - (Math.log(0.7) + Math.log(0.95)) / 2;
        assertEquals(bce, GanObjective.discriminatorLoss(real, fake), 1e-15);
    }

    @Test
    void generatorGradientsNearZero() {
        // d = D(G(z)) = 0.01, the generator's samples are rejected:
        assertEquals(-1 / 0.99, GanObjective.saturatingGradient(0.01), 1e-15);      // −1.0101…: weak
        assertEquals(-100, GanObjective.nonSaturatingGradient(0.01), 1e-12);        // strong
        assertEquals(-0.01, GanObjective.saturatingGradientWrtLogit(0.01), 1e-15);  // vanishes
        assertEquals(-0.99, GanObjective.nonSaturatingGradientWrtLogit(0.01), 1e-15);
        // both agree at d = 1/2
        assertEquals(GanObjective.saturatingGradient(0.5), GanObjective.nonSaturatingGradient(0.5), 0);
    }

    @Test
    void gradientsMatchFiniteDifferencesOfTheLosses() {
        double h = 1e-7;
        for (double d : new double[] {0.01, 0.1, 0.5, 0.9}) {
            double sat = (GanObjective.saturatingGeneratorLoss(new double[] {d + h})
                    - GanObjective.saturatingGeneratorLoss(new double[] {d - h})) / (2 * h);
            double non = (GanObjective.nonSaturatingGeneratorLoss(new double[] {d + h})
                    - GanObjective.nonSaturatingGeneratorLoss(new double[] {d - h})) / (2 * h);
            assertEquals(sat, GanObjective.saturatingGradient(d), 1e-5 * Math.abs(sat), "saturating at " + d);
            assertEquals(non, GanObjective.nonSaturatingGradient(d), 1e-5 * Math.abs(non), "non-saturating at " + d);
            // through the logit a with d = σ(a): chain rule dL/da = dL/dd · σ(a)(1 − σ(a))
            double a = Math.log(d / (1 - d));
            double satA = (GanObjective.saturatingGeneratorLoss(new double[] {sigmoid(a + h)})
                    - GanObjective.saturatingGeneratorLoss(new double[] {sigmoid(a - h)})) / (2 * h);
            double nonA = (GanObjective.nonSaturatingGeneratorLoss(new double[] {sigmoid(a + h)})
                    - GanObjective.nonSaturatingGeneratorLoss(new double[] {sigmoid(a - h)})) / (2 * h);
            assertEquals(satA, GanObjective.saturatingGradientWrtLogit(d), 1e-6, "saturating (logit) at " + d);
            assertEquals(nonA, GanObjective.nonSaturatingGradientWrtLogit(d), 1e-6, "non-saturating (logit) at " + d);
        }
    }

    @Test
    void usesTheLogisticDiscriminatorOutputs() {
        LogisticDiscriminator d = new LogisticDiscriminator(2, 0.5);
        double[] real = d.apply(new double[] {3, 2.5});   // 0.880797…, 0.731059…
        double[] fake = d.apply(new double[] {1, 2});     // 0.119203…, 0.5
        double expected = (Math.log(0.8807970779778823) + Math.log(0.7310585786300049)) / 2
                + (Math.log(1 - 0.11920292202211755) + Math.log(0.5)) / 2;
        assertEquals(expected, GanObjective.value(real, fake), 1e-14);
    }

    @Test
    void rejectsNonProbabilities() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GanObjective.value(new double[] {0.5, 1.2}, FAKE));
        assertTrue(e.getMessage().contains("GanObjective.value") && e.getMessage().contains("[1]")
                && e.getMessage().contains("1.2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GanObjective.value(REAL, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> GanObjective.nonSaturatingGeneratorLoss(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> GanObjective.saturatingGradient(-0.1));
        // a certain mistake is −∞, not NaN
        assertEquals(Double.NEGATIVE_INFINITY, GanObjective.value(new double[] {0}, FAKE));
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
